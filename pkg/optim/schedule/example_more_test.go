package schedule_test

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// sgd returns an SGD optimizer with momentum 0.9 on one parameter.
func sgd(lr float64) *optim.SGD[float64] {
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{tensor.FromSlice("x", []float64{1})}, optim.LR(lr), optim.Momentum(0.9))
	if err != nil {
		panic(err)
	}
	return opt
}

// show steps a scheduler n times and prints the learning rate before each
// step (in a training loop each would come after an optimizer step).
func show(opt optim.LRGroups, s schedule.Scheduler, n int) {
	for k := range n {
		fmt.Printf("%d: %.4g\n", k, opt.LR())
		if err := s.Step(); err != nil {
			panic(err)
		}
	}
}

// ConstantLR runs the first steps at a fraction of the rate.
func ExampleNewConstantLR() {
	opt := sgd(0.1)
	s, err := schedule.NewConstantLR(opt, 0.5, 3) // torch: ConstantLR(opt, factor=0.5, total_iters=3)
	if err != nil {
		panic(err)
	}
	show(opt, s, 5)
	// Output:
	// 0: 0.05
	// 1: 0.05
	// 2: 0.05
	// 3: 0.1
	// 4: 0.1
}

// LambdaLR takes a Go function of the epoch: here a linear warm-up over 4
// steps.
func ExampleNewLambdaLR() {
	opt := sgd(0.1)
	warmup := func(epoch int) float64 { return math.Min(1, float64(epoch+1)/4) }
	s, err := schedule.NewLambdaLR(opt, warmup)
	if err != nil {
		panic(err)
	}
	show(opt, s, 5)
	// Output:
	// 0: 0.025
	// 1: 0.05
	// 2: 0.075
	// 3: 0.1
	// 4: 0.1
}

// MultiplicativeLR multiplies the rate by the function's value at every step
// after the first.
func ExampleNewMultiplicativeLR() {
	opt := sgd(0.1)
	s, err := schedule.NewMultiplicativeLR(opt, func(int) float64 { return 0.5 })
	if err != nil {
		panic(err)
	}
	show(opt, s, 4)
	// Output:
	// 0: 0.1
	// 1: 0.05
	// 2: 0.025
	// 3: 0.0125
}

// PolynomialLR decays to zero over total_iters steps; power 1 is linear.
func ExampleNewPolynomialLR() {
	opt := sgd(0.1)
	s, err := schedule.NewPolynomialLR(opt, 4, 1)
	if err != nil {
		panic(err)
	}
	show(opt, s, 6)
	// Output:
	// 0: 0.1
	// 1: 0.075
	// 2: 0.05
	// 3: 0.025
	// 4: 0
	// 5: 0
}

// CyclicLR rises from base_lr to max_lr over 2 steps and falls back over 2,
// halving the amplitude each cycle (triangular2); the momentum moves the
// other way, between 0.9 and 0.8.
func ExampleNewCyclicLR() {
	opt := sgd(0.1)
	s, err := schedule.NewCyclicLR(opt, 0.01, 0.05, schedule.StepSizes(2, 2), schedule.CyclicMode("triangular2"))
	if err != nil {
		panic(err)
	}
	for k := range 9 {
		fmt.Printf("%d: lr %.4g, momentum %.4g\n", k, opt.LR(), opt.GroupMomentum(0))
		if err := s.Step(); err != nil {
			panic(err)
		}
	}
	// Output:
	// 0: lr 0.01, momentum 0.9
	// 1: lr 0.03, momentum 0.85
	// 2: lr 0.05, momentum 0.8
	// 3: lr 0.03, momentum 0.85
	// 4: lr 0.01, momentum 0.9
	// 5: lr 0.02, momentum 0.875
	// 6: lr 0.03, momentum 0.85
	// 7: lr 0.02, momentum 0.875
	// 8: lr 0.01, momentum 0.9
}

// CosineAnnealingWarmRestarts anneals over T_0 = 2 steps, then over 4
// (T_mult = 2), restarting at the base rate each time. StepTo takes
// fractional epochs, as torch's step(epoch) after each mini-batch.
func ExampleNewCosineAnnealingWarmRestarts() {
	opt := sgd(0.1)
	s, err := schedule.NewCosineAnnealingWarmRestarts(opt, 2, 2, 0)
	if err != nil {
		panic(err)
	}
	show(opt, s, 7)
	const batches = 2
	for epoch := range 2 {
		for i := range batches {
			if err := s.StepTo(float64(epoch) + float64(i)/batches); err != nil {
				panic(err)
			}
			fmt.Printf("epoch %.1f: %.4g\n", float64(epoch)+float64(i)/batches, opt.LR())
		}
	}
	// Output:
	// 0: 0.1
	// 1: 0.05
	// 2: 0.1
	// 3: 0.08536
	// 4: 0.05
	// 5: 0.01464
	// 6: 0.1
	// epoch 0.0: 0.1
	// epoch 0.5: 0.08536
	// epoch 1.0: 0.05
	// epoch 1.5: 0.01464
}

// SWALR anneals to the constant rate of stochastic weight averaging (see
// package swa) over anneal_epochs steps.
func ExampleNewSWALR() {
	opt := sgd(0.1)
	s, err := schedule.NewSWALR(opt, 0.02, schedule.AnnealEpochs(4), schedule.AnnealStrategy("linear"))
	if err != nil {
		panic(err)
	}
	show(opt, s, 6)
	// Output:
	// 0: 0.1
	// 1: 0.08
	// 2: 0.06
	// 3: 0.04
	// 4: 0.02
	// 5: 0.02
}

// A scheduler of your own: New takes its formula as a Rule, here inverse
// square-root decay after a warm-up (the Transformer's schedule), and gives
// it what the schedulers of this package have: the all-or-nothing step,
// checkpoints, and a place in SequentialLR and ChainedScheduler. Cos and Pow
// are the correctly rounded functions the package's own formulas use.
func ExampleNew() {
	opt := sgd(0.1)
	const warmup = 3
	rsqrt := schedule.RuleFunc(func(epoch, g int, cur, base float64) float64 {
		e := float64(epoch + 1)
		return base * math.Min(e/warmup, schedule.Pow(e/warmup, -0.5))
	})
	s, err := schedule.New("InverseSqrtLR", opt, rsqrt)
	if err != nil {
		panic(err)
	}
	show(opt, s, 6)
	// Output:
	// 0: 0.03333
	// 1: 0.06667
	// 2: 0.1
	// 3: 0.0866
	// 4: 0.07746
	// 5: 0.07071
}

// CyclicLR with a scale function of your own (the amplitude divided by the
// cycle number) on Adam, whose β1 cycles between 0.85 and 0.95.
func ExampleScaleFunc() {
	x := tensor.FromSlice("x", []float64{1})
	opt, err := optim.NewAdam([]*tensor.Tensor[float64]{x}, optim.LR(0.01))
	if err != nil {
		panic(err)
	}
	s, err := schedule.NewCyclicLR(opt, 0.001, 0.009, schedule.StepSizes(1, 1),
		schedule.ScaleFunc(func(cycle int) float64 { return 1 / float64(cycle) }, true),
		schedule.CyclicMomentum(true, 0.85, 0.95))
	if err != nil {
		panic(err)
	}
	for k := range 6 {
		fmt.Printf("%d: lr %.4g, β1 %.4g\n", k, opt.LR(), opt.GroupMomentum(0))
		if err := s.Step(); err != nil {
			panic(err)
		}
	}
	// Output:
	// 0: lr 0.001, β1 0.95
	// 1: lr 0.009, β1 0.85
	// 2: lr 0.001, β1 0.95
	// 3: lr 0.005, β1 0.9
	// 4: lr 0.001, β1 0.95
	// 5: lr 0.003667, β1 0.9167
}

// exp_range shrinks the amplitude by gamma at every step; CyclicMomentum
// turns the momentum cycle off, for an optimizer that has none to cycle.
func ExampleCyclicGamma() {
	x := tensor.FromSlice("x", []float64{1})
	opt, err := optim.NewAdagrad([]*tensor.Tensor[float64]{x}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	s, err := schedule.NewCyclicLR(opt, 0.01, 0.11, schedule.StepSizes(1, 1), schedule.CyclicMode("exp_range"),
		schedule.CyclicGamma(0.5), schedule.CyclicMomentum(false, 0, 0))
	if err != nil {
		panic(err)
	}
	show(opt, s, 5)
	// Output:
	// 0: 0.01
	// 1: 0.06
	// 2: 0.01
	// 3: 0.0225
	// 4: 0.01
}

// Cos is correctly rounded, as the C library's cos that torch's Python
// schedulers call; Go's math.Cos is an ulp off on some arguments.
func ExampleCos() {
	x := math.Pi * 3 / 10
	fmt.Println(schedule.Cos(x), math.Cos(x))
	// Output:
	// 0.5877852522924731 0.5877852522924732
}
