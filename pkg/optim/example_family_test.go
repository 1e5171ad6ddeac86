package optim_test

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// AdamW against Adam with the same weight_decay 0.5 on f = 10(x1-3)² +
// 0.01(x2-3)², a steep and a flat coordinate, from (0, 0). Adam adds 0.5*x
// to the gradient, so it settles at the minimum of f + 0.25‖x‖², where the
// penalty wins on the flat coordinate only; AdamW shrinks x by lr*0.5*x
// outside the adaptive denominator, and Adam's step ignores the gradient's
// scale, so both coordinates move alike, towards 1/weight_decay = 2, where
// the decay matches the largest step Adam takes, lr.
func ExampleAdamW() {
	for _, name := range []string{"Adam", "AdamW"} {
		x := tensor.FromSlice("x", []float64{0, 0})
		opt, err := optim.New(name, []*tensor.Tensor[float64]{x}, optim.LR(0.05), optim.WeightDecay(0.5))
		if err != nil {
			panic(err)
		}
		for range 2000 {
			opt.ZeroGrad()
			x.Grad[0], x.Grad[1] = 20*(x.Value[0]-3), 0.02*(x.Value[1]-3)
			if err := opt.Step(); err != nil {
				panic(err)
			}
		}
		fmt.Printf("%-5s x = (%.4g, %.4g)\n", name, x.Value[0], x.Value[1])
	}
	// The minimum of f + 0.25‖x‖²: 2a(x-3) + 0.5x = 0 gives x = 6a/(2a+0.5).
	fmt.Printf("minimum of f + 0.25‖x‖²: (%.4g, %.4g)\n", 60/20.5, 0.06/0.52)
	// Output:
	// Adam  x = (2.927, 0.1154)
	// AdamW x = (1.881, 1.881)
	// minimum of f + 0.25‖x‖²: (2.927, 0.1154)
}

// Adadelta needs no learning rate: its step sqrt(acc+eps)/sqrt(sq+eps)*g is
// a ratio of root mean squares of past updates and past gradients, in the
// units of θ (torch's lr, default 1, only scales it). On (θ-3)² from 0 the
// first step is about sqrt(eps/(1-ρ)) = sqrt(1e-6/0.1), whatever the
// gradient; the steps then grow with the updates accumulated in acc.
func ExampleAdadelta() {
	theta := tensor.Scalar("theta", 0.0)
	opt, err := optim.NewAdadelta([]*tensor.Tensor[float64]{theta})
	if err != nil {
		panic(err)
	}
	fmt.Printf("sqrt(eps/(1-rho)) = %.4g\n", math.Sqrt(1e-6/0.1))
	for step := 1; step <= 1000; step++ {
		opt.ZeroGrad()
		theta.Grad[0] = 2 * (theta.Value[0] - 3)
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if step == 1 || step == 10 || step == 100 || step == 500 || step == 1000 {
			fmt.Printf("step %d: theta = %.4g\n", step, theta.Value[0])
		}
	}
	// Output:
	// sqrt(eps/(1-rho)) = 0.003162
	// step 1: theta = 0.003162
	// step 10: theta = 0.03364
	// step 100: theta = 0.3861
	// step 500: theta = 2.164
	// step 1000: theta = 3
}

// Adamax divides by u = max(β2*u, |g|+eps), the infinity norm of the decayed
// gradient history, instead of a root mean square. Its first step moves each
// coordinate by lr whatever the gradient's scale (here 1000 and 0.001). But
// u forgets a large gradient only by the factor β2 = 0.999 per step: when
// x1's gradient falls to 1 after the first step, its steps shrink, as the
// momentum forgets the 1000, to about lr/900 by step 100 (u = 1000*0.999^99),
// while x2, whose gradient never changes, moves by lr every step.
func ExampleAdamax() {
	x := tensor.FromSlice("x", []float64{0, 0})
	opt, err := optim.NewAdamax([]*tensor.Tensor[float64]{x}, optim.LR(0.002))
	if err != nil {
		panic(err)
	}
	for step := 1; step <= 100; step++ {
		opt.ZeroGrad()
		x.Grad[0], x.Grad[1] = 1, 0.001
		if step == 1 {
			x.Grad[0] = 1000
		}
		before := [2]float64{x.Value[0], x.Value[1]}
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if step == 1 || step == 2 || step == 10 || step == 100 {
			fmt.Printf("step %d moves x by (%.4g, %.4g)\n", step, x.Value[0]-before[0], x.Value[1]-before[1])
		}
	}
	// Output:
	// step 1 moves x by (-0.002, -0.002)
	// step 2 moves x by (-0.0009494, -0.002)
	// step 10 moves x by (-0.0001219, -0.002)
	// step 100 moves x by (-2.215e-06, -0.002)
}

// NAdam is Adam with Nesterov momentum: each step looks one momentum step
// ahead, so it brakes before it overshoots. On 0.1*x1² + 2*x2² from (-5, -2)
// with a large lr, Adam overshoots the minimum x1 = 0 by far more than NAdam,
// which reaches a loss below 1e-6 in half the steps; with a small lr, where
// neither overshoots, there is nothing to brake and NAdam is a little slower.
func ExampleNAdam() {
	for _, lr := range []float64{0.05, 0.3} {
		for _, name := range []string{"Adam", "NAdam"} {
			x := tensor.FromSlice("x", []float64{-5, -2})
			opt, err := optim.New(name, []*tensor.Tensor[float64]{x}, optim.LR(lr))
			if err != nil {
				panic(err)
			}
			loss := func() float64 { return 0.1*x.Value[0]*x.Value[0] + 2*x.Value[1]*x.Value[1] }
			steps, overshoot := 0, 0.0
			for ; loss() > 1e-6; steps++ {
				opt.ZeroGrad()
				x.Grad[0], x.Grad[1] = 0.2*x.Value[0], 4*x.Value[1]
				if err := opt.Step(); err != nil {
					panic(err)
				}
				overshoot = max(overshoot, x.Value[0])
			}
			fmt.Printf("lr %.2g %-6s loss below 1e-6 after %d steps, overshoot past x1 = 0: %.2g\n", lr, name+":", steps, overshoot)
		}
	}
	// Output:
	// lr 0.05 Adam:  loss below 1e-6 after 278 steps, overshoot past x1 = 0: 0
	// lr 0.05 NAdam: loss below 1e-6 after 327 steps, overshoot past x1 = 0: 0
	// lr 0.3 Adam:  loss below 1e-6 after 132 steps, overshoot past x1 = 0: 0.83
	// lr 0.3 NAdam: loss below 1e-6 after 66 steps, overshoot past x1 = 0: 0.19
}

// RAdam rectifies Adam's adaptive step. While ρ_t ≤ 5 (the first five steps
// with β2 = 0.999) the second moment is not trusted and the step is momentum
// SGD, lr*m̂, which scales with the gradient: on (θ-3)² from 0 with lr 0.01
// the gradient is about -6 and the steps about 0.06, where Adam moves by lr.
// From step 6 on it is Adam's step times r_t, which starts small (about
// 0.026) and grows to 1. ρ_t = ρ∞ - 2t*β2^t/(1-β2^t) is printed beside.
func ExampleRAdam() {
	var moves [2][7]float64
	for i, name := range []string{"Adam", "RAdam"} {
		theta := tensor.Scalar("theta", 0.0)
		opt, err := optim.New(name, []*tensor.Tensor[float64]{theta}, optim.LR(0.01))
		if err != nil {
			panic(err)
		}
		for t := range 7 {
			opt.ZeroGrad()
			theta.Grad[0] = 2 * (theta.Value[0] - 3)
			before := theta.Value[0]
			if err := opt.Step(); err != nil {
				panic(err)
			}
			moves[i][t] = theta.Value[0] - before
		}
	}
	rhoInf := 2/(1-0.999) - 1
	for t := 1; t <= 7; t++ {
		b := math.Pow(0.999, float64(t))
		rho := rhoInf - 2*float64(t)*b/(1-b)
		fmt.Printf("step %d: rho_t %.4g, Adam moves %.4g, RAdam %.4g\n", t, rho, moves[0][t-1], moves[1][t-1])
	}
	// Output:
	// step 1: rho_t 1, Adam moves 0.01, RAdam 0.06
	// step 2: rho_t 1.999, Adam moves 0.009999, RAdam 0.05937
	// step 3: rho_t 2.999, Adam moves 0.009998, RAdam 0.05872
	// step 4: rho_t 3.997, Adam moves 0.009996, RAdam 0.05806
	// step 5: rho_t 4.996, Adam moves 0.009993, RAdam 0.05738
	// step 6: rho_t 5.994, Adam moves 0.00999, RAdam 0.0002564
	// step 7: rho_t 6.992, Adam moves 0.009986, RAdam 0.0003247
}

// Rprop looks only at the signs of the gradient. On f(x, y) = x² + 1000y²,
// whose gradient is a thousand times steeper along y, both coordinates
// start with the same step size; each grows by etaplus (1.2) while its sign
// stays and shrinks by etaminus (0.5) when it flips. The signs are the same
// along x and y, so from (3, 3) Rprop moves them alike: the scale of the
// gradient does not matter, only its sign.
func ExampleRprop() {
	p := tensor.FromSlice("p", []float64{3, 3})
	opt, err := optim.NewRprop([]*tensor.Tensor[float64]{p}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	for k := 1; k <= 30; k++ {
		p.Grad[0], p.Grad[1] = 2*p.Value[0], 2000*p.Value[1]
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if k%10 == 0 {
			st, _ := optim.State(opt, 0)
			fmt.Printf("step %d: p = (%.3g, %.3g), step sizes (%.3g, %.3g)\n", k, p.Value[0], p.Value[1], st["step_size"][0], st["step_size"][1])
		}
	}
	// Output:
	// step 10: p = (0.404, 0.404), step sizes (0.516, 0.516)
	// step 20: p = (-0.0216, -0.0216), step sizes (0.0193, 0.0193)
	// step 30: p = (-0.00104, -0.00104), step sizes (0.00174, 0.00174)
}

// ASGD averages the iterates of SGD: with noisy gradients the parameters
// keep jumping around the minimum, while their running average from step
// t0 on settles. Here the gradient of f(x) = x²/2 comes with a noise of ±1.
func ExampleASGD() {
	x := tensor.FromSlice("x", []float64{5})
	opt, err := optim.NewASGD([]*tensor.Tensor[float64]{x}, optim.LR(0.1), optim.T0(100))
	if err != nil {
		panic(err)
	}
	avg := tensor.Zeros[float64]("avg", 1)
	for k := 1; k <= 2000; k++ {
		noise := float64(k%2*2 - 1) // +1, -1, +1, ...
		x.Grad[0] = x.Value[0] + noise
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if k%500 == 0 {
			if err := opt.CopyAverage([]*tensor.Tensor[float64]{avg}); err != nil {
				panic(err)
			}
			fmt.Printf("step %4d: x = %+.4f, average = %+.4f\n", k, x.Value[0], avg.Value[0])
		}
	}
	// Output:
	// step  500: x = +0.0524, average = +0.0001
	// step 1000: x = +0.0522, average = +0.0001
	// step 1500: x = +0.0520, average = +0.0000
	// step 2000: x = +0.0518, average = +0.0000
}

// Lion moves every element by exactly lr, by the sign of an interpolation
// between its momentum and its gradient: on f(x, y) = x² + 1000y² both
// coordinates travel at the same speed, 0.1 per step, whatever the scale
// of their gradients. The momentum carries each past the minimum before
// it turns back: Lion's steps do not shrink near a minimum, only a smaller
// lr (a schedule) settles them.
func ExampleLion() {
	p := tensor.FromSlice("p", []float64{1, -0.5})
	opt, err := optim.NewLion([]*tensor.Tensor[float64]{p}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	for k := 1; k <= 12; k++ {
		p.Grad[0], p.Grad[1] = 2*p.Value[0], 2000*p.Value[1]
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if k%3 == 0 {
			fmt.Printf("step %2d: p = (%+.2f, %+.2f)\n", k, p.Value[0], p.Value[1])
		}
	}
	// Output:
	// step  3: p = (+0.70, -0.20)
	// step  6: p = (+0.40, +0.10)
	// step  9: p = (+0.10, +0.20)
	// step 12: p = (-0.20, +0.10)
}

// Schedule-Free AdamW needs no schedule: with noisy gradients of f(x) =
// x²/2 (a noise of amplitude 3), its training point y keeps jumping with
// the noise, while the average x, where the model is evaluated (Eval),
// stays twenty times closer to the minimum, as a decaying learning rate
// would bring it, without knowing the run's length. Train switches back
// before training on.
func ExampleAdamWScheduleFree() {
	x := tensor.FromSlice("x", []float64{3})
	opt, err := optim.NewAdamWScheduleFree([]*tensor.Tensor[float64]{x}, optim.LR(0.5))
	if err != nil {
		panic(err)
	}
	for k := 1; k <= 600; k++ {
		noise := math.Sin(float64(k)) // a deterministic stand-in for noise
		x.Grad[0] = x.Value[0] + 3*noise
		if err := opt.Step(); err != nil {
			panic(err)
		}
		if k%200 == 0 {
			y := x.Value[0]
			if err := opt.Eval(); err != nil { // x.Value is now the average
				panic(err)
			}
			fmt.Printf("step %d: y = %+.4f, x = %+.4f\n", k, y, x.Value[0])
			if err := opt.Train(); err != nil { // back to y, for the next Step
				panic(err)
			}
		}
	}
	// Output:
	// step 200: y = +0.0633, x = +0.0030
	// step 400: y = -0.0051, x = -0.0031
	// step 600: y = -0.0666, x = -0.0019
}
