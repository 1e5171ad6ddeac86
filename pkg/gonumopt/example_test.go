package gonumopt_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/descentlab/descent/pkg/gonumopt"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
	"github.com/descentlab/descent/pkg/testfunc"
)

// SGD with momentum, an optimizer of pkg/optim, minimizes gonum's
// Rosenbrock function under optimize.Minimize, with gonum's gradient
// threshold as the stopping rule.
func ExampleNewMethod() {
	x := tensor.FromSlice("x", []float64{-1.2, 1})
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{x}, optim.LR(1e-3), optim.Momentum(0.9))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := gonumopt.NewMethod(opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	f := functions.ExtendedRosenbrock{}
	p := optimize.Problem{Func: f.Func, Grad: f.Grad}
	settings := &optimize.Settings{GradientThreshold: 1e-12, Converger: optimize.NeverTerminate{}}
	res, err := optimize.Minimize(p, x.Value, settings, m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", res.Status)
	fmt.Printf("x = [%.4g %.4g], f(x) < 1e-20: %t\n", res.X[0], res.X[1], res.F < 1e-20)
	fmt.Println("one step per major iteration:", opt.StepCount() == res.MajorIterations-1)
	fmt.Println("‖∇f‖∞ below the threshold:", floats.Norm(res.Gradient, math.Inf(1)) < 1e-12)
	// Output:
	// status: GradientThreshold
	// x = [1 1], f(x) < 1e-20: true
	// one step per major iteration: true
	// ‖∇f‖∞ below the threshold: true
}

// gonum's BFGS and Newton's method run on testfunc's Rosenbrock function,
// their paths recorded as traces for package plotting.
func ExampleMinimize() {
	for _, m := range []optimize.Method{&optimize.BFGS{}, &optimize.Newton{}} {
		tr, res, err := gonumopt.Minimize(testfunc.Rosenbrock{}, nil, nil, m)
		if err != nil {
			fmt.Println(err)
			return
		}
		last := tr.Params(tr.Len() - 1)
		fmt.Printf("%s: %v, from %.4g to [%.4g %.4g], one record per iteration: %t\n",
			tr.Name, res.Status, tr.Params(0), last[0], last[1], tr.Len() == res.MajorIterations)
	}
	// Output:
	// BFGS: GradientThreshold, from [-1.2 1] to [1 1], one record per iteration: true
	// Newton: GradientThreshold, from [-1.2 1] to [1 1], one record per iteration: true
}
