package testfunc

var (
	_ Function = DoubleWell{}
	_ Bounder  = DoubleWell{}
)

// DoubleWell is the tilted double well
//
//	f(x) = x⁴ − 3x² + x,   f'(x) = 4x³ − 6x + 1,
//
// a non-convex function of one variable with a global minimum
// f(−1.3008…) = −3.5139… in the left well, a local minimum
// f(1.1309…) = −1.0702… in the right well, and a local maximum at
// x = 0.1699… between them. From the standard start x = 2 gradient descent
// settles in the local minimum; from x = −2 it finds the global one.
type DoubleWell struct{}

// Name returns "double-well".
func (DoubleWell) Name() string { return "double-well" }

// Dim returns 1.
func (DoubleWell) Dim() int { return 1 }

// Func returns x⁴ − 3x² + x.
func (DoubleWell) Func(x []float64) float64 {
	v := x[0]
	v2 := float64(v * v)
	return float64(float64(v2*v2)-float64(3*v2)) + v
}

// Grad stores 4x³ − 6x + 1 in grad[0].
func (DoubleWell) Grad(grad, x []float64) {
	v := x[0]
	grad[0] = float64(float64(float64(float64(4*v)*v)*v)-float64(6*v)) + 1
}

// Minima returns the global and the local minimum. They are the roots of
// 4x³ − 6x + 1 with positive curvature, found by Newton's method in 40-digit
// arithmetic and rounded to 17 significant digits.
func (DoubleWell) Minima() []Minimum {
	return []Minimum{
		{X: []float64{-1.3008395659415771}, F: -3.5139050389347890, Global: true},
		{X: []float64{1.1309011226299859}, F: -1.0702301817761541, Global: false},
	}
}

// Start returns x = 2, in the basin of the local minimum.
func (DoubleWell) Start() []float64 { return []float64{2} }

// Bounds returns x ∈ [−2.25, 2.25] and f ∈ [−4, 13].
func (DoubleWell) Bounds() (xmin, xmax, ymin, ymax float64) { return -2.25, 2.25, -4, 13 }
