package testfunc

var (
	_ Function = Beale{}
	_ Bounder  = Beale{}
)

// Beale is Beale's function,
//
//	f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²,
//
// with flat plateaus and steep ridges; its global minimum is f = 0 at
// (3, 0.5). The standard start is (1, 1), the "easy" start of Moré, Garbow
// and Hillstrom; values span many orders of magnitude over Bounds, so plot
// its contours on a log scale.
//
// Reference: E. M. L. Beale, On an iterative method for finding a local
// minimum of a function of more than one variable, Technical Report 25,
// Statistical Techniques Research Group, Princeton University (1958).
type Beale struct{}

// Name returns "beale".
func (Beale) Name() string { return "beale" }

// Dim returns 2.
func (Beale) Dim() int { return 2 }

// Func returns Beale's function at x.
func (Beale) Func(x []float64) float64 {
	r1, r2, r3 := bealeResiduals(x[0], x[1])
	return float64(float64(r1*r1)+float64(r2*r2)) + float64(r3*r3)
}

// Grad stores the gradient of Func in grad.
func (Beale) Grad(grad, x []float64) {
	px, py := x[0], x[1]
	r1, r2, r3 := bealeResiduals(px, py)
	y2 := py * py
	// ∂rₖ/∂x = yᵏ − 1 and ∂rₖ/∂y = k·x·yᵏ⁻¹.
	y3 := float64(y2 * py)
	grad[0] = 2 * (float64(float64(r1*(py-1))+float64(r2*(y2-1))) + float64(r3*(y3-1)))
	grad[1] = float64(2*px) * (float64(r1+float64(float64(2*r2)*py)) + float64(float64(3*r3)*y2))
}

// bealeResiduals returns the three terms squared by Beale's function.
func bealeResiduals(x, y float64) (r1, r2, r3 float64) {
	y2 := float64(y * y)
	return (1.5 - x) + float64(x*y), (2.25 - x) + float64(x*y2), (2.625 - x) + float64(float64(x*y2)*y)
}

// Minima returns the global minimum f(3, 0.5) = 0.
func (Beale) Minima() []Minimum {
	return []Minimum{{X: []float64{3, 0.5}, F: 0, Global: true}}
}

// Start returns (1, 1).
func (Beale) Start() []float64 { return []float64{1, 1} }

// Bounds returns the box [−4.5, 4.5] × [−4.5, 4.5].
func (Beale) Bounds() (xmin, xmax, ymin, ymax float64) { return -4.5, 4.5, -4.5, 4.5 }
