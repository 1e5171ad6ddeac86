package integration

import (
	"fmt"
	"slices"

	"github.com/descentlab/descent/internal/reference"
	"github.com/descentlab/descent/pkg/autograd"
	"github.com/descentlab/descent/pkg/tensor"
)

// lossFunc builds the graph of step k's loss from the parameter tensors it
// was made for; Backward on the result adds the gradient into their Grad.
type lossFunc[T tensor.Float] func(k int) (*autograd.Var[T], error)

// newLoss returns the loss of the reference file's problem, written with
// autograd ops as the reference README states it, over params laid out as
// the file's param_layout. An unknown problem is an error.
func newLoss[T tensor.Float](f *reference.File, params []*tensor.Tensor[T]) (lossFunc[T], error) {
	if miniBatch := f.Problem == "linreg_minibatch"; miniBatch != (f.BatchOrders != nil) {
		return nil, fmt.Errorf("problem %s with %d batch_orders", f.Problem, len(f.BatchOrders))
	}
	switch f.Problem {
	case "linreg_fullbatch", "linreg_minibatch":
		d, err := newDataset[T](f)
		if err != nil {
			return nil, err
		}
		if err := checkShapes(f, params, []int{1, d.features}, []int{1}); err != nil {
			return nil, err
		}
		w, b := params[0], params[1]
		return func(k int) (*autograd.Var[T], error) {
			X, y, err := d.batch(f, k)
			if err != nil {
				return nil, err
			}
			// pred = X @ weight^T + bias, [n,1]; loss = nn.MSELoss()(pred, y).
			pred := autograd.Add(autograd.MatMul(X, autograd.Transpose(autograd.Param(w))), autograd.Param(b))
			return autograd.MSELoss(pred, autograd.Reshape(y, y.Shape()[0], 1)), nil
		}, nil
	case "mlp":
		d, err := newDataset[T](f)
		if err != nil {
			return nil, err
		}
		if len(params) != 4 || len(params[0].Shape) != 2 {
			return nil, fmt.Errorf("problem mlp: param_layout %v, want W1 [H,F], b1 [H], W2 [1,H], b2 [1]", f.ParamLayout)
		}
		h := params[0].Shape[0]
		if err := checkShapes(f, params, []int{h, d.features}, []int{h}, []int{1, h}, []int{1}); err != nil {
			return nil, err
		}
		W1, b1, W2, b2 := params[0], params[1], params[2], params[3]
		return func(k int) (*autograd.Var[T], error) {
			X, y, err := d.batch(f, k)
			if err != nil {
				return nil, err
			}
			// h = tanh(X @ W1^T + b1); pred = h @ W2^T + b2; loss = nn.MSELoss()(pred, y).
			hid := autograd.Tanh(autograd.Add(autograd.MatMul(X, autograd.Transpose(autograd.Param(W1))), autograd.Param(b1)))
			pred := autograd.Add(autograd.MatMul(hid, autograd.Transpose(autograd.Param(W2))), autograd.Param(b2))
			return autograd.MSELoss(pred, autograd.Reshape(y, y.Shape()[0], 1)), nil
		}, nil
	}
	return nil, fmt.Errorf("unknown problem %q", f.Problem)
}

// checkShapes checks that params has the given shapes, in order.
func checkShapes[T tensor.Float](f *reference.File, params []*tensor.Tensor[T], shapes ...[]int) error {
	if len(params) != len(shapes) {
		return fmt.Errorf("problem %s: %d parameter tensors, want %d", f.Problem, len(params), len(shapes))
	}
	for i, want := range shapes {
		if !slices.Equal(params[i].Shape, want) {
			return fmt.Errorf("problem %s: tensor %q has shape %v, want %v", f.Problem, params[i].Name, params[i].Shape, want)
		}
	}
	return nil
}

// dataset is a reference file's data in T, row-major.
type dataset[T tensor.Float] struct {
	rows, features int
	x, y           []T
}

func newDataset[T tensor.Float](f *reference.File) (*dataset[T], error) {
	if f.Data == nil {
		return nil, fmt.Errorf("problem %s: no data", f.Problem)
	}
	d := &dataset[T]{rows: len(f.Data.X), features: len(f.Data.X[0])}
	for i, row := range f.Data.X {
		for _, v := range row {
			d.x = append(d.x, T(v))
		}
		d.y = append(d.y, T(f.Data.Y[i]))
	}
	return d, nil
}

// batch returns the inputs [n,F] and targets [n] of step k: every row for a
// full-batch file, the rows of step k's mini-batch, in order, otherwise.
func (d *dataset[T]) batch(f *reference.File, k int) (X, y *autograd.Var[T], err error) {
	if f.BatchOrders == nil {
		return autograd.FromValues([]int{d.rows, d.features}, d.x), autograd.FromValues([]int{d.rows}, d.y), nil
	}
	idx, err := f.Batch(k)
	if err != nil {
		return nil, nil, err
	}
	xs := make([]T, 0, len(idx)*d.features)
	ys := make([]T, 0, len(idx))
	for _, i := range idx {
		xs = append(xs, d.x[i*d.features:(i+1)*d.features]...)
		ys = append(ys, d.y[i])
	}
	return autograd.FromValues([]int{len(idx), d.features}, xs), autograd.FromValues([]int{len(idx)}, ys), nil
}
