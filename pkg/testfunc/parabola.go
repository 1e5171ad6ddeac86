package testfunc

var (
	_ Function = Parabola{}
	_ Bounder  = Parabola{}
)

// Parabola is the one-dimensional quadratic of the introductory lesson,
//
//	f(θ) = (θ − 3)²,   f'(θ) = 2(θ − 3),
//
// with its minimum f = 0 at θ = 3 and the standard start θ = 0. It is the
// torch reference's problem "quadratic" (nn.MSELoss towards 3) and is
// evaluated in the same order: r = θ − 3, f = r·r, f' = 2r.
type Parabola struct{}

// Name returns "quadratic", the torch reference's name for this problem.
func (Parabola) Name() string { return "quadratic" }

// Dim returns 1.
func (Parabola) Dim() int { return 1 }

// Func returns (x[0] − 3)².
func (Parabola) Func(x []float64) float64 {
	r := x[0] - 3
	return r * r
}

// Grad stores 2(x[0] − 3) in grad[0].
func (Parabola) Grad(grad, x []float64) {
	grad[0] = 2 * (x[0] - 3)
}

// Minima returns the global minimum f(3) = 0.
func (Parabola) Minima() []Minimum {
	return []Minimum{{X: []float64{3}, F: 0, Global: true}}
}

// Start returns θ = 0.
func (Parabola) Start() []float64 { return []float64{0} }

// Bounds returns θ ∈ [−1, 7] and f ∈ [0, 16].
func (Parabola) Bounds() (xmin, xmax, ymin, ymax float64) { return -1, 7, 0, 16 }
