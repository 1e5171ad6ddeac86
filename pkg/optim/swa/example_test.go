package swa_test

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/optim/swa"
	"github.com/descentlab/descent/pkg/tensor"
)

// Stochastic weight averaging on a noisy quadratic: SGD from step 10 at the
// constant rate SWALR anneals to, averaging the iterates, whose mean lands
// nearer the minimum (0) than the last iterate.
func ExampleNew() {
	x := tensor.FromSlice("x", []float64{4})
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{x}, optim.LR(0.3))
	if err != nil {
		panic(err)
	}
	avg, err := swa.New(opt.Params())
	if err != nil {
		panic(err)
	}
	var swaSched *schedule.SWALR
	for step := range 40 {
		noise := 0.5 * float64(step%3-1) // a deterministic stand-in for mini-batch noise
		x.Grad[0] = 2*x.Value[0] + noise
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if step == 10 {
			if swaSched, err = schedule.NewSWALR(opt, 0.1, schedule.AnnealEpochs(3)); err != nil {
				panic(err)
			}
		}
		if step >= 10 {
			if err := avg.Update(); err != nil {
				panic(err)
			}
			if err := swaSched.Step(); err != nil {
				panic(err)
			}
		}
	}
	fmt.Printf("last iterate %.3f, average of %d iterates %.3f, lr %.2g\n", x.Value[0], avg.NumAveraged(), avg.Params()[0].Value[0], opt.LR())
	// Output:
	// last iterate 0.020, average of 30 iterates -0.005, lr 0.1
}

// An exponential moving average of the weights, the usual companion of
// Adam in large models: each update keeps 90% of the average.
func ExampleNewEMA() {
	w := tensor.FromSlice("w", []float32{0})
	ema, err := swa.NewEMA([]*tensor.Tensor[float32]{w}, 0.9)
	if err != nil {
		panic(err)
	}
	for _, v := range []float32{1, 2, 3} {
		w.Value[0] = v
		if err := ema.Update(); err != nil {
			panic(err)
		}
		fmt.Printf("w %g, ema %.4g\n", v, ema.Params()[0].Value[0])
	}
	// Output:
	// w 1, ema 1
	// w 2, ema 1.1
	// w 3, ema 1.29
}

// A custom average: the element-wise maximum seen so far.
func ExampleNewFunc() {
	w := tensor.FromSlice("w", []float64{0, 0})
	peak, err := swa.NewFunc([]*tensor.Tensor[float64]{w}, "max", func(avg, p []float64, n int) {
		for i := range avg {
			avg[i] = max(avg[i], p[i])
		}
	})
	if err != nil {
		panic(err)
	}
	for _, v := range [][]float64{{1, 5}, {3, 2}, {2, 4}} {
		copy(w.Value, v)
		if err := peak.Update(); err != nil {
			panic(err)
		}
	}
	fmt.Println(peak.Params()[0].Value)
	// Output:
	// [3 5]
}

// CopyTo puts the averages into the model's tensors, for evaluation or at
// the end of training.
func ExampleAveraged_CopyTo() {
	w := tensor.FromSlice("w", []float64{1})
	avg, err := swa.New([]*tensor.Tensor[float64]{w})
	if err != nil {
		panic(err)
	}
	for _, v := range []float64{1, 2, 6} {
		w.Value[0] = v
		if err := avg.Update(); err != nil {
			panic(err)
		}
	}
	if err := avg.CopyTo([]*tensor.Tensor[float64]{w}); err != nil {
		panic(err)
	}
	fmt.Println(w.Value[0])
	// Output:
	// 3
}
