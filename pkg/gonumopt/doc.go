// Package gonumopt bridges descent and gonum's optimize package, in both
// directions, so that their methods can be run side by side on the same
// problems.
//
// # A descent optimizer as a gonum Method
//
// NewMethod wraps an optimizer of pkg/optim whose parameters are one float64
// vector in a [Method], an [optimize.Method]. optimize.Minimize then drives
// it as it drives gonum's own methods: every iteration asks for the
// function value and the gradient at the current point, takes one
// optimizer step from that gradient, and reports the new point as a major
// iteration. gonum's Settings (iteration and evaluation limits, the
// Converger, GradientThreshold, a Recorder) apply unchanged, and the run
// ends with gonum's Status and Result:
//
//	x := tensor.FromSlice("x", []float64{-1.2, 1})
//	opt, _ := optim.NewSGD([]*tensor.Tensor[float64]{x}, optim.LR(1e-3), optim.Momentum(0.9))
//	m, _ := gonumopt.NewMethod(opt)
//	res, err := optimize.Minimize(problem, x.Value, nil, m)
//
// One Minimize call is exactly the training loop of pkg/optim (ZeroGrad,
// gradient, Step) run until gonum's settings stop it: the iterates are the
// same bit for bit.
//
// # gonum's methods on a testfunc function
//
// Problem turns a [testfunc.Function] into an [optimize.Problem] (with a
// Hessian, for Newton's method), and Minimize runs any gonum method on it
// and records its path, one record per major iteration, as a
// [plotting.Trace] that package plotting draws beside the runs of
// lesson.Descent.
package gonumopt
