package reference

import (
	"fmt"

	"github.com/descentlab/descent/pkg/tensor"
)

// Params returns the tensors of layout holding the flattened row, each
// value converted to T (exact for a float32 run's values, which are float32
// numbers). It returns an error if row's length does not match the layout.
func Params[T tensor.Float](layout []Tensor, row []float64) ([]*tensor.Tensor[T], error) {
	params := make([]*tensor.Tensor[T], 0, len(layout))
	off := 0
	for _, l := range layout {
		n := l.Size()
		if n < 0 || off+n > len(row) {
			return nil, fmt.Errorf("reference: row of %d values does not fit param_layout %v", len(row), layout)
		}
		vals := make([]T, n)
		for i, v := range row[off : off+n] {
			vals[i] = T(v)
		}
		p, err := tensor.New(l.Name, l.Shape, vals)
		if err != nil {
			return nil, fmt.Errorf("reference: %w", err)
		}
		params = append(params, p)
		off += n
	}
	if off != len(row) {
		return nil, fmt.Errorf("reference: row has %d values, param_layout %v holds %d", len(row), layout, off)
	}
	return params, nil
}

// Flatten returns the values of params concatenated in order, widened to
// float64: a row to compare with a run's params_after_step.
func Flatten[T tensor.Float](params []*tensor.Tensor[T]) []float64 {
	var row []float64
	for _, p := range params {
		for _, v := range p.Value {
			row = append(row, float64(v))
		}
	}
	return row
}
