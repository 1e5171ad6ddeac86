package testfunc

import "fmt"

// Function is a test function of x ∈ Rⁿ with an analytic gradient.
//
// Func and Grad require len(x) == len(grad) == Dim(); they do not check it
// (see [CheckDim]) and do not retain or modify x. Minima and Start return
// fresh slices that the caller may modify.
type Function interface {
	// Name is a short identifier such as "rosenbrock", used in tables and
	// plot titles.
	Name() string
	// Dim is the length of x the function accepts.
	Dim() int
	// Func returns f(x).
	Func(x []float64) float64
	// Grad stores ∇f(x) in grad.
	Grad(grad, x []float64)
	// Minima lists the known local minima; it is empty for functions that
	// are unbounded below.
	Minima() []Minimum
	// Start returns the standard starting point.
	Start() []float64
}

// Bounder is implemented by functions of one or two variables. Bounds
// returns the axis ranges of the function's standard figure: the x₁–x₂ box
// of a contour plot for a function of two variables, or the x range and the
// f(x) range of the curve for a function of one variable. The box contains
// the start point and the minima.
type Bounder interface {
	Bounds() (xmin, xmax, ymin, ymax float64)
}

// Minimum is a known local minimum of a function.
type Minimum struct {
	X      []float64 // the location, of length Dim()
	F      float64   // f(X)
	Global bool      // whether F is the global minimum value
}

// CheckDim reports whether x and grad have the length f accepts. A nil grad
// is not checked, so CheckDim(f, x, nil) validates x alone.
func CheckDim(f Function, x, grad []float64) error {
	if len(x) != f.Dim() {
		return fmt.Errorf("testfunc: %s takes x of length %d, got %d", f.Name(), f.Dim(), len(x))
	}
	if grad != nil && len(grad) != f.Dim() {
		return fmt.Errorf("testfunc: %s needs grad of length %d, got %d", f.Name(), f.Dim(), len(grad))
	}
	return nil
}
