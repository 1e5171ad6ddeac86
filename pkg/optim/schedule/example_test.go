package schedule_test

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// StepLR halves the learning rate every 3 steps. The constructor performs
// torch's initial step, so the first optimizer step already uses the
// scheduled rate; Step comes after the optimizer's step.
func ExampleNewStepLR() {
	x := tensor.FromSlice("x", []float64{-5, -2})
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{x}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	sched, err := schedule.NewStepLR(opt, 3, 0.5)
	if err != nil {
		panic(err)
	}
	for step := range 8 {
		fmt.Printf("step %d: lr %.4g\n", step, opt.LR())
		x.Grad[0], x.Grad[1] = 0.2*x.Value[0], 4*x.Value[1]
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if err := sched.Step(); err != nil {
			panic(err)
		}
	}
	// Output:
	// step 0: lr 0.1
	// step 1: lr 0.1
	// step 2: lr 0.1
	// step 3: lr 0.05
	// step 4: lr 0.05
	// step 5: lr 0.05
	// step 6: lr 0.025
	// step 7: lr 0.025
}

// Warm-up then cosine, the usual schedule for Adam: a LinearLR from a tenth
// of the rate over 4 steps, then a cosine over the remaining 8.
func ExampleNewSequentialLR() {
	x := tensor.FromSlice("x", []float64{1})
	opt, err := optim.NewAdam([]*tensor.Tensor[float64]{x}, optim.LR(1e-3))
	if err != nil {
		panic(err)
	}
	warm, err := schedule.NewLinearLR(opt, 0.1, 1, 4)
	if err != nil {
		panic(err)
	}
	cos, err := schedule.NewCosineAnnealingLR(opt, 8, 0)
	if err != nil {
		panic(err)
	}
	sched, err := schedule.NewSequentialLR(opt, []schedule.Scheduler{warm, cos}, []int{4})
	if err != nil {
		panic(err)
	}
	for step := range 12 {
		fmt.Printf("%.3g ", sched.LR())
		x.Grad[0] = x.Value[0]
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if err := sched.Step(); err != nil {
			panic(err)
		}
		if step == 3 {
			fmt.Print("| ")
		}
	}
	fmt.Println()
	// Output: 0.0001 0.000325 0.00055 0.000775 | 0.001 0.000962 0.000854 0.000691 0.0005 0.000309 0.000146 3.81e-05
}

// ReduceLROnPlateau steps on a metric: after more than patience steps
// without improvement it multiplies the learning rate by factor.
func ExampleNewReduceLROnPlateau() {
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{tensor.FromSlice("w", []float64{0})}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	sched, err := schedule.NewReduceLROnPlateau(opt, schedule.Patience(2), schedule.Factor(0.5))
	if err != nil {
		panic(err)
	}
	for _, loss := range []float64{1, 0.5, 0.4, 0.4, 0.4, 0.4, 0.3} {
		if err := sched.Step(loss); err != nil {
			panic(err)
		}
		fmt.Printf("loss %.2g: lr %.3g\n", loss, opt.LR())
	}
	// Output:
	// loss 1: lr 0.1
	// loss 0.5: lr 0.1
	// loss 0.4: lr 0.1
	// loss 0.4: lr 0.1
	// loss 0.4: lr 0.1
	// loss 0.4: lr 0.05
	// loss 0.3: lr 0.05
}
