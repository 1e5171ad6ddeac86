package testfunc

var (
	_ Function = Saddle{}
	_ Bounder  = Saddle{}
)

// Saddle is the saddle f(x, y) = x² − y², ∇f = (2x, −2y).
//
// Its only stationary point, the origin, is a saddle: a minimum along x and
// a maximum along y. The function is unbounded below, so Minima is empty
// and convergence tables should skip it. The standard start (−2, 0.01) lies
// just off the ridge y = 0: gradient descent first heads for the saddle,
// then slowly escapes along y, which is the point of the lesson. Started
// exactly on the ridge it converges to the saddle.
type Saddle struct{}

// Name returns "saddle".
func (Saddle) Name() string { return "saddle" }

// Dim returns 2.
func (Saddle) Dim() int { return 2 }

// Func returns x² − y².
func (Saddle) Func(x []float64) float64 { return float64(x[0]*x[0]) - float64(x[1]*x[1]) }

// Grad stores (2x, −2y) in grad.
func (Saddle) Grad(grad, x []float64) {
	grad[0] = 2 * x[0]
	grad[1] = -2 * x[1]
}

// Minima returns no minima: the saddle is unbounded below.
func (Saddle) Minima() []Minimum { return nil }

// Start returns (−2, 0.01).
func (Saddle) Start() []float64 { return []float64{-2, 0.01} }

// Bounds returns the box [−2.5, 2.5] × [−2.5, 2.5].
func (Saddle) Bounds() (xmin, xmax, ymin, ymax float64) { return -2.5, 2.5, -2.5, 2.5 }
