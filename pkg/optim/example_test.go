package optim_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// Plain gradient descent on (θ-3)², the document's first example: 100 steps
// of θ = θ - 0.1*2(θ-3) from θ = 0. SGD without momentum performs exactly
// that update, so it prints the document's number.
func ExampleSGD() {
	theta := tensor.Scalar("theta", 0.0)
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{theta}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	for range 100 {
		opt.ZeroGrad()
		theta.Grad[0] = 2 * (theta.Value[0] - 3) // the gradient of (θ-3)²
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Println("Optimal Theta: ", theta.Item())
	// Output: Optimal Theta:  2.9999999993888893
}

// Momentum on an ill-conditioned quadratic, 0.1*x1² + 2*x2²: plain gradient
// descent crawls along the flat direction x1, momentum gets there much sooner.
func ExampleSGD_momentum() {
	for _, m := range []float64{0, 0.9} {
		x := tensor.FromSlice("x", []float64{-5, -2})
		opt, err := optim.NewSGD([]*tensor.Tensor[float64]{x}, optim.LR(0.1), optim.Momentum(m))
		if err != nil {
			panic(err)
		}
		loss := func() float64 { return 0.1*x.Value[0]*x.Value[0] + 2*x.Value[1]*x.Value[1] }
		steps := 0
		for ; loss() > 1e-6; steps++ {
			opt.ZeroGrad()
			x.Grad[0], x.Grad[1] = 0.2*x.Value[0], 4*x.Value[1]
			if err := opt.Step(); err != nil {
				panic(err)
			}
		}
		fmt.Printf("momentum %.1f: loss below 1e-6 after %d steps\n", m, steps)
	}
	// Output:
	// momentum 0.0: loss below 1e-6 after 365 steps
	// momentum 0.9: loss below 1e-6 after 107 steps
}

// The document's torch example, in float32 like torch.tensor(0.0):
//
//	theta = torch.tensor(0.0, requires_grad=True)
//	optimizer = optim.Adam([theta], lr=0.01)
//	for i in range(100): zero_grad; loss = MSELoss(theta, 3); backward; step
//
// This prints the document's 0.9375530481338501. torch 1.13 on an x86-64 CPU
// with AVX2 prints 0.9375531077384949, one float32 ulp away, because its
// vectorized kernels fuse multiply-adds; torch's non-FMA kernels, and any port
// that rounds every operation as this package does, print the document's
// value (see testdata/reference/README.md).
func ExampleAdam() {
	theta := tensor.Scalar[float32]("theta", 0)
	opt, err := optim.NewAdam([]*tensor.Tensor[float32]{theta}, optim.LR(0.01))
	if err != nil {
		panic(err)
	}
	for range 100 {
		opt.ZeroGrad()
		theta.Grad[0] = 2 * (theta.Value[0] - 3) // MSELoss(theta, 3) = (θ-3)²
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Println("Optimal Theta: ", float64(theta.Item()))
	// Output: Optimal Theta:  0.9375530481338501
}

// RMSprop divides each coordinate's gradient by its running root mean square,
// so on the ill-conditioned quadratic 0.1*x1² + 2*x2² both coordinates move
// at a similar speed although their curvatures differ by 20. (Its first steps
// are ten times lr: the running mean starts at zero and is not bias-corrected.)
func ExampleRMSprop() {
	x := tensor.FromSlice("x", []float64{-5, -2})
	opt, err := optim.NewRMSprop([]*tensor.Tensor[float64]{x}, optim.LR(0.01))
	if err != nil {
		panic(err)
	}
	for step := 1; step <= 300; step++ {
		opt.ZeroGrad()
		x.Grad[0], x.Grad[1] = 0.2*x.Value[0], 4*x.Value[1]
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if step%100 == 0 {
			fmt.Printf("step %d: x = (%.4g, %.4g)\n", step, x.Value[0], x.Value[1])
		}
	}
	// Output:
	// step 100: x = (-3.133, -0.4501)
	// step 200: x = (-2.217, -0.08252)
	// step 300: x = (-1.474, -0.005266)
}

// Adagrad's steps shrink as the sum of squared gradients grows: on (θ-3)²
// it slows down long before the minimum, which is why RMSprop and Adam
// replace the sum by a running mean.
func ExampleAdagrad() {
	theta := tensor.Scalar("theta", 0.0)
	opt, err := optim.NewAdagrad([]*tensor.Tensor[float64]{theta}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	for step := 1; step <= 1000; step++ {
		opt.ZeroGrad()
		theta.Grad[0] = 2 * (theta.Value[0] - 3)
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if step == 10 || step == 100 || step == 1000 {
			fmt.Printf("step %d: theta = %.4g\n", step, theta.Value[0])
		}
	}
	// Output:
	// step 10: theta = 0.4851
	// step 100: theta = 1.605
	// step 1000: theta = 2.968
}

// New builds an optimizer from torch's class name, for code that picks one
// at run time; OptionFromTorch maps torch's keyword arguments.
func ExampleNew() {
	lr, _ := optim.OptionFromTorch("lr", 0.05)
	for _, name := range steppers() {
		x := tensor.FromSlice("x", []float64{-5, -2})
		opts := []optim.Option{lr}
		if name == "Adadelta" {
			opts = []optim.Option{optim.LR(1)}
		}
		opt, err := optim.New(name, []*tensor.Tensor[float64]{x}, opts...)
		if err != nil {
			panic(err)
		}
		for range 200 {
			opt.ZeroGrad()
			x.Grad[0], x.Grad[1] = 0.2*x.Value[0], 4*x.Value[1]
			if err := opt.Step(); err != nil {
				panic(err)
			}
		}
		loss := 0.1*x.Value[0]*x.Value[0] + 2*x.Value[1]*x.Value[1]
		fmt.Printf("%-8s loss after 200 steps: %.3g\n", name, loss)
	}
	// Output:
	// SGD      loss after 200 steps: 0.0449
	// Adagrad  loss after 200 steps: 2.85
	// RMSprop  loss after 200 steps: 4.93e-10
	// Adam     loss after 200 steps: 0.000606
	// AdamW    loss after 200 steps: 0.000377
	// Adadelta loss after 200 steps: 4.66
	// Adamax   loss after 200 steps: 0.0172
	// NAdam    loss after 200 steps: 0.00262
	// RAdam    loss after 200 steps: 0.882
	// Rprop    loss after 200 steps: 3.2e-13
	// ASGD     loss after 200 steps: 0.0449
	// Lion     loss after 200 steps: 0.001
	// AdamWScheduleFree loss after 200 steps: 0.00975
}

// Two parameter groups, torch's [{"params": weights}, {"params": biases,
// "weight_decay": 0}]: AdamW's decoupled weight decay shrinks the weight,
// not the bias. With a zero gradient only the decay moves anything.
func ExampleParamGroup() {
	w := tensor.FromSlice("weight", []float64{1, -2})
	b := tensor.FromSlice("bias", []float64{0.5})
	opt, err := optim.NewAdamW([]*tensor.Tensor[float64]{w}, optim.LR(0.1), optim.WeightDecay(0.5),
		optim.ParamGroup([]*tensor.Tensor[float64]{b}, optim.WeightDecay(0)))
	if err != nil {
		panic(err)
	}
	for range 3 {
		opt.ZeroGrad()
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("groups: %d, weight decay %.4g and %.4g\n", opt.NumGroups(), opt.GroupConfig(0).WeightDecay, opt.GroupConfig(1).WeightDecay)
	fmt.Printf("weight %.4g, bias %.4g\n", w.Value, b.Value)
	// Output:
	// groups: 2, weight decay 0.5 and 0
	// weight [0.8574 -1.715], bias [0.5]
}

// Clipping by the global norm, between the gradient and the step: the
// gradients (3, 4) and (12) have norm 13, and are scaled down to norm 1.
func ExampleClipGradNorm() {
	a := tensor.FromSlice("a", []float64{0, 0})
	b := tensor.FromSlice("b", []float64{0})
	copy(a.Grad, []float64{3, 4})
	b.Grad[0] = 12
	norm, err := optim.ClipGradNorm([]*tensor.Tensor[float64]{a, b}, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("norm before %.4g, gradients now %.4g %.4g\n", norm, a.Grad, b.Grad)
	// Output: norm before 13, gradients now [0.2308 0.3077] [0.9231]
}

// Stop after 50 steps, save, build everything again (as a new process
// would), restore and finish: the result is the one of 100 straight steps,
// bit for bit.
func ExampleSaveFile() {
	train := func(opt optim.Optimizer[float64], steps int) {
		x := opt.Params()[0]
		for range steps {
			x.Grad[0], x.Grad[1] = 0.2*x.Value[0], 4*x.Value[1]
			if err := opt.Step(); err != nil {
				panic(err)
			}
		}
	}
	newOpt := func() optim.Optimizer[float64] {
		x := tensor.FromSlice("x", []float64{-5, -2})
		opt, err := optim.NewAdam([]*tensor.Tensor[float64]{x}, optim.LR(0.05))
		if err != nil {
			panic(err)
		}
		return opt
	}
	straight := newOpt()
	train(straight, 100)

	dir, err := os.MkdirTemp("", "checkpoint")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "run.ckpt")
	first := newOpt()
	train(first, 50)
	if err := optim.SaveFile(path, first); err != nil {
		panic(err)
	}
	resumed := newOpt()
	if err := optim.LoadFile(path, resumed); err != nil {
		panic(err)
	}
	train(resumed, 50)
	fmt.Println("steps:", resumed.StepCount())
	fmt.Println("same bits as 100 straight steps:", slices.Equal(resumed.Params()[0].Value, straight.Params()[0].Value))
	// Output:
	// steps: 100
	// same bits as 100 straight steps: true
}
