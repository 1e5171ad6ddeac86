package gonumopt

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/descentlab/descent/pkg/testfunc"
)

// Hessianer is a function with an analytic Hessian, in gonum's form: Hess
// stores ∇²f(x) in dst, which has the dimension of x. gonum's test functions
// (optimize/functions) with a Hessian implement it; pkg/testfunc's
// functions do not.
type Hessianer interface {
	Hess(dst *mat.SymDense, x []float64)
}

// Problem returns f as a gonum optimize.Problem whose Func and Grad are f's.
// Its Hess is f's own if f is a [Hessianer]; otherwise it is the Jacobian
// of f's analytic gradient by central differences (gonum's diff/fd, step
// 6e-6), made symmetric by averaging it with its transpose: accurate to
// about 1e-9 relative on smooth functions, and good enough for Newton's
// method to converge as it does with the exact Hessian.
//
// f checks no length (see testfunc.Function): instead, an evaluation at an x
// of another length than f.Dim() evaluates nothing, returns NaN, and makes
// the Problem's Status report optimize.Failure with an error naming the
// lengths, so that optimize.Minimize stops with that error instead of
// panicking. The Problem keeps that status: make a new one for the next run.
func Problem(f testfunc.Function) (optimize.Problem, error) {
	if f == nil {
		return optimize.Problem{}, errors.New("gonumopt: Problem: nil function")
	}
	var (
		mu     sync.Mutex
		dimErr error
	)
	bad := func(x []float64, grad []float64) bool {
		err := testfunc.CheckDim(f, x, grad)
		if err == nil {
			return false
		}
		mu.Lock()
		if dimErr == nil {
			dimErr = fmt.Errorf("gonumopt: %w", err)
		}
		mu.Unlock()
		return true
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 {
			if bad(x, nil) {
				return math.NaN()
			}
			return f.Func(x)
		},
		Grad: func(grad, x []float64) {
			if bad(x, grad) {
				fillNaN(grad)
				return
			}
			f.Grad(grad, x)
		},
		Status: func() (optimize.Status, error) {
			mu.Lock()
			defer mu.Unlock()
			if dimErr != nil {
				return optimize.Failure, dimErr
			}
			return optimize.NotTerminated, nil
		},
	}
	if h, ok := f.(Hessianer); ok {
		p.Hess = func(dst *mat.SymDense, x []float64) {
			if bad(x, nil) {
				fillSymNaN(dst)
				return
			}
			h.Hess(dst, x)
		}
	} else {
		p.Hess = func(dst *mat.SymDense, x []float64) {
			if bad(x, nil) {
				fillSymNaN(dst)
				return
			}
			FDHessian(dst, f.Grad, x)
		}
	}
	return p, nil
}

// fdStep is the step of the central differences of FDHessian: about the
// cube root of the float64 epsilon, where the truncation error of a
// central difference (∝ h²) meets its rounding error (∝ ε/h).
const fdStep = 6e-6

// FDHessian stores in dst the Hessian at x of the function whose gradient
// is grad, computed as the Jacobian of the gradient by central differences
// (2·len(x) gradient evaluations) and made symmetric: dst[i][j] is the mean
// of ∂gᵢ/∂xⱼ and ∂gⱼ/∂xᵢ. grad must not modify x. dst must have the
// dimension of x: like gonum's mat, FDHessian panics if it has not.
func FDHessian(dst *mat.SymDense, grad func(g, x []float64), x []float64) {
	n := len(x)
	if dst.SymmetricDim() != n {
		panic(fmt.Sprintf("gonumopt: FDHessian: dst has dimension %d, x has %d", dst.SymmetricDim(), n))
	}
	jac := mat.NewDense(n, n, nil)
	fd.Jacobian(jac, grad, x, &fd.JacobianSettings{Formula: fd.Central, Step: fdStep})
	for i := range n {
		for j := i; j < n; j++ {
			dst.SetSym(i, j, (jac.At(i, j)+jac.At(j, i))/2)
		}
	}
}

func fillNaN(v []float64) {
	for i := range v {
		v[i] = math.NaN()
	}
}

func fillSymNaN(m *mat.SymDense) {
	n := m.SymmetricDim()
	for i := range n {
		for j := i; j < n; j++ {
			m.SetSym(i, j, math.NaN())
		}
	}
}
