package optim_test

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// This file evaluates the loss and gradient of the problems in the torch
// reference files, in the run's dtype T and in the order the reference
// README gives. For quadratic, quadratic2d and rosenbrock that order matches
// autograd bit for bit; for the linear regression and the MLP torch's
// reduction order is unspecified, and the sums here are sequential.

// lossGrad evaluates the loss at step k for the flattened parameters x and
// writes the flattened gradient into grad.
type lossGrad[T tensor.Float] func(k int, x, grad []T) T

// newProblem returns the loss and gradient of the reference file's problem.
// An unknown problem name is an error.
func newProblem[T tensor.Float](f *refFile) (lossGrad[T], error) {
	n := 0
	for _, l := range f.ParamLayout {
		size, err := tensor.NumElements(l.Shape)
		if err != nil {
			return nil, err
		}
		n += size
	}
	wantParams := func(want int) error {
		if n != want {
			return fmt.Errorf("problem %s: param_layout holds %d values, want %d", f.Problem, n, want)
		}
		return nil
	}
	switch f.Problem {
	case "quadratic":
		return quadratic[T], wantParams(1)
	case "quadratic2d":
		return quadratic2d[T], wantParams(2)
	case "rosenbrock":
		return rosenbrock[T], wantParams(2)
	case "linreg_fullbatch", "linreg_minibatch":
		if err := wantParams(4); err != nil {
			return nil, err
		}
		X, y, err := f.data()
		if err != nil {
			return nil, err
		}
		lr := linreg[T]{X: toT[T](X), y: toT[T]([][]float64{y})[0]}
		if f.Problem == "linreg_fullbatch" {
			return lr.fullBatch, nil
		}
		if f.BatchSize <= 0 || len(f.BatchOrders) == 0 {
			return nil, fmt.Errorf("problem %s: batch_size or batch_orders missing", f.Problem)
		}
		return func(k int, x, grad []T) T {
			perEpoch := len(f.BatchOrders[0]) / f.BatchSize
			e, j := k/perEpoch, k%perEpoch
			return lr.lossGrad(f.BatchOrders[e%len(f.BatchOrders)][j*f.BatchSize:(j+1)*f.BatchSize], x, grad)
		}, nil
	case "mlp":
		return newMLP[T](f)
	}
	return nil, fmt.Errorf("unknown problem %q", f.Problem)
}

func toT[T tensor.Float](v [][]float64) [][]T {
	out := make([][]T, len(v))
	for i, row := range v {
		out[i] = make([]T, len(row))
		for j, x := range row {
			out[i][j] = T(x)
		}
	}
	return out
}

// quadratic is (theta-3)^2, as nn.MSELoss()(theta, tensor(3.0)).
func quadratic[T tensor.Float](_ int, x, grad []T) T {
	r := x[0] - 3
	grad[0] = 2 * r
	return T(r * r)
}

// quadratic2d is (c * x.pow(2)).sum() with c = (0.1, 2).
func quadratic2d[T tensor.Float](_ int, x, grad []T) T {
	c := [2]T{T(0.1), 2}
	for i := range 2 {
		grad[i] = T(c[i] * (2 * x[i]))
	}
	return T(c[0]*T(x[0]*x[0])) + T(c[1]*T(x[1]*x[1]))
}

// rosenbrock is (1 - x)^2 + 100*(y - x^2)^2.
func rosenbrock[T tensor.Float](_ int, p, grad []T) T {
	x, y := p[0], p[1]
	u := 1 - x
	s := T(x * x)
	v := y - s
	gv := T(200 * v)
	grad[1] = gv
	grad[0] = -(2 * u) + T(-gv*(2*x))
	return T(u*u) + T(100*T(v*v))
}

// linreg is the mean squared error of pred = X @ w^T + b, params (w0, w1, w2, b).
type linreg[T tensor.Float] struct {
	X [][]T
	y []T
}

func (l linreg[T]) fullBatch(_ int, x, grad []T) T {
	rows := make([]int, len(l.X))
	for i := range rows {
		rows[i] = i
	}
	return l.lossGrad(rows, x, grad)
}

// lossGrad is the loss over the given rows, with sequential sums.
func (l linreg[T]) lossGrad(rows []int, x, grad []T) T {
	clear(grad)
	var loss T
	n := T(len(rows))
	for _, i := range rows {
		xi := l.X[i]
		pred := T(T(T(xi[0]*x[0])+T(xi[1]*x[1]))+T(xi[2]*x[2])) + x[3]
		r := pred - l.y[i]
		loss += T(r * r)
		gp := T(2*r) / n
		for j := range 3 {
			grad[j] += T(gp * xi[j])
		}
		grad[3] += gp
	}
	return loss / n
}

// mlp is pred = tanh(X @ W1^T + b1) @ W2^T + b2 with the mean squared error,
// params W1 [H, F] (row-major), b1 [H], W2 [1, H], b2 [1].
type mlp[T tensor.Float] struct {
	X    [][]T
	y    []T
	h, f int
	hid  [][]T // hidden activations of the last evaluation, one row per sample
}

func newMLP[T tensor.Float](f *refFile) (lossGrad[T], error) {
	if len(f.ParamLayout) != 4 || len(f.ParamLayout[0].Shape) != 2 {
		return nil, fmt.Errorf("problem mlp: want param_layout W1 [H,F], b1 [H], W2 [1,H], b2 [1], got %v", f.ParamLayout)
	}
	h, fe := f.ParamLayout[0].Shape[0], f.ParamLayout[0].Shape[1]
	X, y, err := f.data()
	if err != nil {
		return nil, err
	}
	for i, want := range [][]int{{h, fe}, {h}, {1, h}, {1}} {
		if fmt.Sprint(f.ParamLayout[i].Shape) != fmt.Sprint(want) {
			return nil, fmt.Errorf("problem mlp: tensor %d has shape %v, want %v", i, f.ParamLayout[i].Shape, want)
		}
	}
	if len(X) == 0 || len(X[0]) != fe {
		return nil, fmt.Errorf("problem mlp: data X has %d features, W1 wants %d", len(X[0]), fe)
	}
	m := &mlp[T]{X: toT[T](X), y: toT[T]([][]float64{y})[0], h: h, f: fe, hid: make([][]T, len(X))}
	for i := range m.hid {
		m.hid[i] = make([]T, h)
	}
	return m.lossGrad, nil
}

func (m *mlp[T]) lossGrad(_ int, x, grad []T) T {
	h, f := m.h, m.f
	W1, b1, W2, b2 := x[:h*f], x[h*f:h*f+h], x[h*f+h:h*f+2*h], x[h*f+2*h]
	clear(grad)
	dW1, db1, dW2 := grad[:h*f], grad[h*f:h*f+h], grad[h*f+h:h*f+2*h]
	var loss T
	n := T(len(m.X))
	for i, xi := range m.X {
		hi := m.hid[i]
		var pred T
		for j := range h {
			var z T
			for k := range f {
				z += T(xi[k] * W1[j*f+k])
			}
			hi[j] = T(math.Tanh(float64(z + b1[j])))
			pred += T(hi[j] * W2[j])
		}
		pred += b2
		r := pred - m.y[i]
		loss += T(r * r)
		gp := T(2*r) / n
		grad[h*f+2*h] += gp
		for j := range h {
			dW2[j] += T(gp * hi[j])
			gz := T(gp*W2[j]) * (1 - T(hi[j]*hi[j]))
			db1[j] += gz
			for k := range f {
				dW1[j*f+k] += T(gz * xi[k])
			}
		}
	}
	return loss / n
}
