package testfunc

import "fmt"

var (
	_ Function = Rosenbrock{}
	_ Bounder  = Rosenbrock{}
	_ Function = (*RosenbrockN)(nil)
)

// Rosenbrock is Rosenbrock's banana-shaped valley with a = 1, b = 100,
//
//	f(x, y) = (1 − x)² + 100·(y − x²)²,
//	∇f = (−2(1 − x) − 400·x·(y − x²), 200·(y − x²)).
//
// Reaching the valley is easy; following its curved floor to the minimum
// f = 0 at (1, 1) is hard. The standard start is the classic (−1.2, 1)
// (Moré, Garbow and Hillstrom 1981); (−1.5, 2), another common choice, is
// also inside Bounds.
//
// It is the torch reference's problem "rosenbrock", evaluated in the same
// order: u = 1 − x, s = x², v = y − s, f = u² + 100·v², and with g = 200·v,
// ∂f/∂y = g, ∂f/∂x = −2u + (−g)·(2x).
//
// Reference: H. H. Rosenbrock, An automatic method for finding the greatest
// or least value of a function, The Computer Journal 3 (1960), 175–184.
type Rosenbrock struct{}

// Name returns "rosenbrock", the torch reference's name for this problem.
func (Rosenbrock) Name() string { return "rosenbrock" }

// Dim returns 2.
func (Rosenbrock) Dim() int { return 2 }

// Func returns (1 − x)² + 100·(y − x²)².
func (Rosenbrock) Func(x []float64) float64 {
	u := 1 - x[0]
	v := x[1] - float64(x[0]*x[0])
	// The conversions round each product, ruling out fused multiply-adds.
	return float64(u*u) + float64(100*float64(v*v))
}

// Grad stores the gradient of Func in grad.
func (Rosenbrock) Grad(grad, x []float64) {
	u := 1 - x[0]
	v := x[1] - float64(x[0]*x[0])
	g := 200 * v
	grad[0] = -(2 * u) + float64(-g*(2*x[0]))
	grad[1] = g
}

// Minima returns the global minimum f(1, 1) = 0.
func (Rosenbrock) Minima() []Minimum {
	return []Minimum{{X: []float64{1, 1}, F: 0, Global: true}}
}

// Start returns (−1.2, 1).
func (Rosenbrock) Start() []float64 { return []float64{-1.2, 1} }

// Bounds returns the box [−2, 2] × [−1, 3].
func (Rosenbrock) Bounds() (xmin, xmax, ymin, ymax float64) { return -2, 2, -1, 3 }

// RosenbrockN is the chained n-dimensional generalisation of [Rosenbrock],
//
//	f(x) = Σᵢ₌₁ⁿ⁻¹ [(1 − xᵢ)² + 100·(xᵢ₊₁ − xᵢ²)²],
//
// with the global minimum f = 0 at (1, …, 1). For n = 2 it is Rosenbrock,
// bit for bit.
// For 4 ≤ n ≤ 7 it also has a local minimum near (−1, 1, …, 1), which is not
// listed by Minima. The standard start is (−1.2, 1, −1.2, 1, …).
type RosenbrockN struct {
	n int
}

// NewRosenbrockN returns the n-dimensional Rosenbrock function. It returns
// an error if n < 2.
func NewRosenbrockN(n int) (*RosenbrockN, error) {
	if n < 2 {
		return nil, fmt.Errorf("testfunc: Rosenbrock dimension %d, want n ≥ 2", n)
	}
	return &RosenbrockN{n: n}, nil
}

// Name returns "rosenbrock-<n>d", for example "rosenbrock-4d".
func (r *RosenbrockN) Name() string { return fmt.Sprintf("rosenbrock-%dd", r.n) }

// Dim returns n.
func (r *RosenbrockN) Dim() int { return r.n }

// Func returns Σ (1 − xᵢ)² + 100·(xᵢ₊₁ − xᵢ²)².
func (r *RosenbrockN) Func(x []float64) float64 {
	var f float64
	for i := range r.n - 1 {
		// Each term in Rosenbrock's order, so that n = 2 matches it exactly.
		u := 1 - x[i]
		v := x[i+1] - float64(x[i]*x[i])
		f += float64(u*u) + float64(100*float64(v*v))
	}
	return f
}

// Grad stores the gradient of Func in grad.
func (r *RosenbrockN) Grad(grad, x []float64) {
	clear(grad[:r.n])
	for i := range r.n - 1 {
		u := 1 - x[i]
		v := x[i+1] - float64(x[i]*x[i])
		g := 200 * v
		grad[i] += -(2 * u) + float64(-g*(2*x[i]))
		grad[i+1] += g
	}
}

// Minima returns the global minimum f(1, …, 1) = 0.
func (r *RosenbrockN) Minima() []Minimum {
	x := make([]float64, r.n)
	for i := range x {
		x[i] = 1
	}
	return []Minimum{{X: x, F: 0, Global: true}}
}

// Start returns (−1.2, 1, −1.2, 1, …).
func (r *RosenbrockN) Start() []float64 {
	x := make([]float64, r.n)
	for i := range x {
		x[i] = 1
		if i%2 == 0 {
			x[i] = -1.2
		}
	}
	return x
}
