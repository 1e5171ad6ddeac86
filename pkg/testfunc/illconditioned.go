package testfunc

var (
	_ Function = IllConditioned{}
	_ Bounder  = IllConditioned{}
)

// IllConditioned is the axis-aligned quadratic
//
//	f(x) = 0.1·x₁² + 2·x₂²,   ∇f(x) = (0.2·x₁, 4·x₂),
//
// whose Hessian diag(0.2, 4) has condition number 20: plain gradient descent
// zig-zags across the narrow x₂ direction while crawling along x₁. The
// minimum is f = 0 at the origin; the standard start is (−5, −2).
//
// It is the torch reference's problem "quadratic2d", computed in the same
// order, (c·x²).sum() with c = (0.1, 2): f = c₁·(x₁·x₁) + c₂·(x₂·x₂) and
// ∂f/∂xᵢ = cᵢ·(2xᵢ).
type IllConditioned struct{}

// illCond holds the coefficients c of f(x) = Σ cᵢ·xᵢ².
var illCond = [2]float64{0.1, 2}

// Name returns "quadratic2d", the torch reference's name for this problem.
func (IllConditioned) Name() string { return "quadratic2d" }

// Dim returns 2.
func (IllConditioned) Dim() int { return 2 }

// Func returns 0.1·x₁² + 2·x₂².
func (IllConditioned) Func(x []float64) float64 {
	// The conversions round each product, ruling out fused multiply-adds.
	return float64(illCond[0]*float64(x[0]*x[0])) + float64(illCond[1]*float64(x[1]*x[1]))
}

// Grad stores (0.2·x₁, 4·x₂) in grad.
func (IllConditioned) Grad(grad, x []float64) {
	grad[0] = illCond[0] * (2 * x[0])
	grad[1] = illCond[1] * (2 * x[1])
}

// Minima returns the global minimum f(0, 0) = 0.
func (IllConditioned) Minima() []Minimum {
	return []Minimum{{X: []float64{0, 0}, F: 0, Global: true}}
}

// Start returns (−5, −2).
func (IllConditioned) Start() []float64 { return []float64{-5, -2} }

// Bounds returns the box [−6, 6] × [−3, 3].
func (IllConditioned) Bounds() (xmin, xmax, ymin, ymax float64) { return -6, 6, -3, 3 }
