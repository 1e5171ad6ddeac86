package testfunc

var (
	_ Function = Himmelblau{}
	_ Bounder  = Himmelblau{}
)

// Himmelblau is Himmelblau's function,
//
//	f(x, y) = (x² + y − 11)² + (x + y² − 7)²,
//
// with four global minima of value 0, at (3, 2) and three irrational points
// (listed by Minima to 17 significant digits). Which one an optimizer finds
// depends on where it starts: a lesson on non-convexity and basins of
// attraction. The standard start is the origin, from which gradient descent
// with a small step reaches (3, 2).
//
// Reference: D. M. Himmelblau, Applied Nonlinear Programming, McGraw-Hill
// (1972).
type Himmelblau struct{}

// Name returns "himmelblau".
func (Himmelblau) Name() string { return "himmelblau" }

// Dim returns 2.
func (Himmelblau) Dim() int { return 2 }

// Func returns Himmelblau's function at x.
func (Himmelblau) Func(x []float64) float64 {
	r1, r2 := himmelblauResiduals(x)
	return float64(r1*r1) + float64(r2*r2)
}

// Grad stores the gradient of Func in grad.
func (Himmelblau) Grad(grad, x []float64) {
	r1, r2 := himmelblauResiduals(x)
	grad[0] = float64(float64(4*x[0])*r1) + 2*r2
	grad[1] = 2*r1 + float64(float64(4*x[1])*r2)
}

// Minima returns the four global minima, all of value 0. The three
// irrational ones were found by Newton's method in 40-digit arithmetic.
func (Himmelblau) Minima() []Minimum {
	return []Minimum{
		{X: []float64{3, 2}, F: 0, Global: true},
		{X: []float64{-2.8051180869527449, 3.1313125182505730}, F: 0, Global: true},
		{X: []float64{-3.7793102533777469, -3.2831859912861694}, F: 0, Global: true},
		{X: []float64{3.5844283403304917, -1.8481265269644036}, F: 0, Global: true},
	}
}

// Start returns (0, 0).
func (Himmelblau) Start() []float64 { return []float64{0, 0} }

// Bounds returns the box [−5, 5] × [−5, 5].
func (Himmelblau) Bounds() (xmin, xmax, ymin, ymax float64) { return -5, 5, -5, 5 }

// himmelblauResiduals returns x² + y − 11 and x + y² − 7.
func himmelblauResiduals(x []float64) (r1, r2 float64) {
	return float64(x[0]*x[0]) + x[1] - 11, x[0] + float64(x[1]*x[1]) - 7
}
