package testfunc

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

var _ Function = (*Quadratic)(nil)

// Quadratic is the general convex quadratic
//
//	f(x) = ½·xᵀAx − bᵀx,   ∇f(x) = Ax − b,
//
// with a symmetric positive-definite n×n matrix A. Its unique minimum is at
// x* = A⁻¹b with f(x*) = −½·bᵀx*. Gradient descent with step size η
// converges on it if and only if η < 2/λmax(A), at a rate set by the
// condition number λmax/λmin: the textbook setting for step-size lessons.
type Quadratic struct {
	n     int
	a     []float64 // n×n, row-major, symmetric positive definite
	b     []float64
	start []float64
	xMin  []float64 // A⁻¹b
	fMin  float64   // −½·bᵀA⁻¹b
}

// NewQuadratic returns f(x) = ½·xᵀAx − bᵀx with A given row-major in a
// (length n², n = len(b)) and the standard start point start (length n).
// The slices are copied. It returns an error if the lengths disagree, a
// value is not finite, A is not exactly symmetric or A is not positive
// definite.
func NewQuadratic(a, b, start []float64) (*Quadratic, error) {
	n := len(b)
	switch {
	case n == 0:
		return nil, fmt.Errorf("testfunc: quadratic with empty b, want len(b) ≥ 1")
	case len(a) != n*n:
		return nil, fmt.Errorf("testfunc: quadratic A has %d values, want len(b)² = %d", len(a), n*n)
	case len(start) != n:
		return nil, fmt.Errorf("testfunc: quadratic start has length %d, want len(b) = %d", len(start), n)
	}
	for _, arg := range []struct {
		name string
		s    []float64
	}{{"A", a}, {"b", b}, {"start", start}} {
		for i, v := range arg.s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("testfunc: quadratic %s[%d] = %v, want a finite value", arg.name, i, v)
			}
		}
	}
	for i := range n {
		for j := range i {
			if a[i*n+j] != a[j*n+i] {
				return nil, fmt.Errorf("testfunc: quadratic A is not symmetric: A[%d][%d] = %v but A[%d][%d] = %v",
					i, j, a[i*n+j], j, i, a[j*n+i])
			}
		}
	}
	var chol mat.Cholesky
	if ok := chol.Factorize(mat.NewSymDense(n, append([]float64(nil), a...))); !ok {
		return nil, fmt.Errorf("testfunc: quadratic A is not positive definite")
	}
	var xMin mat.VecDense
	if err := chol.SolveVecTo(&xMin, mat.NewVecDense(n, append([]float64(nil), b...))); err != nil {
		return nil, fmt.Errorf("testfunc: quadratic A is too ill-conditioned: %w", err)
	}
	q := &Quadratic{
		n:     n,
		a:     append([]float64(nil), a...),
		b:     append([]float64(nil), b...),
		start: append([]float64(nil), start...),
		xMin:  append([]float64(nil), xMin.RawVector().Data...),
	}
	q.fMin = -0.5 * mat.Dot(mat.NewVecDense(n, q.b), &xMin)
	return q, nil
}

// Name returns "quadratic-<n>d", for example "quadratic-3d".
func (q *Quadratic) Name() string { return fmt.Sprintf("quadratic-%dd", q.n) }

// Dim returns n.
func (q *Quadratic) Dim() int { return q.n }

// Func returns ½·xᵀAx − bᵀx.
func (q *Quadratic) Func(x []float64) float64 {
	var xAx, bx float64
	for i, xi := range x[:q.n] {
		var ax float64
		for j, aij := range q.a[i*q.n : (i+1)*q.n] {
			ax += float64(aij * x[j])
		}
		xAx += float64(xi * ax)
		bx += float64(q.b[i] * xi)
	}
	return float64(0.5*xAx) - bx
}

// Grad stores Ax − b in grad; grad and x must not overlap.
func (q *Quadratic) Grad(grad, x []float64) {
	for i := range grad[:q.n] {
		var ax float64
		for j, aij := range q.a[i*q.n : (i+1)*q.n] {
			ax += float64(aij * x[j])
		}
		grad[i] = ax - q.b[i]
	}
}

// Minima returns the global minimum x* = A⁻¹b, f(x*) = −½·bᵀx*.
func (q *Quadratic) Minima() []Minimum {
	return []Minimum{{X: append([]float64(nil), q.xMin...), F: q.fMin, Global: true}}
}

// Start returns the start point given to NewQuadratic.
func (q *Quadratic) Start() []float64 { return append([]float64(nil), q.start...) }
