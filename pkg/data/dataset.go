package data

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// Dataset is an in-memory dataset of Len() rows with Features() inputs each.
//
// Regression datasets have NumClasses = 0 and nil Labels. Classification
// datasets have NumClasses ≥ 2 and Labels in [0, NumClasses); their Y holds
// the same labels as numbers (0, 1, …), ready for a loss such as binary
// cross-entropy. The fields are exported for reading and printing; do not
// re-slice them.
//
// No method modifies a Dataset, so any number of goroutines may use one at
// once (Gather from each its own batch into its own buffers, say) as long
// as nobody writes to its fields meanwhile.
type Dataset[T tensor.Float] struct {
	X          []T   // inputs, Len()×Features(), row-major
	Y          []T   // targets, one per row
	Labels     []int // class labels, one per row; nil for regression
	NumClasses int   // number of classes; 0 for regression

	features int
}

// New returns a regression dataset with the rows of x (len(y) rows of
// features values, row-major) and targets y. The slices are copied. It
// returns an error if features < 1, y is empty, the lengths disagree or a
// value is not finite.
func New[T tensor.Float](x []T, features int, y []T) (*Dataset[T], error) {
	if err := checkShape(len(x), features, len(y)); err != nil {
		return nil, err
	}
	if err := checkFinite("x", x); err != nil {
		return nil, err
	}
	if err := checkFinite("y", y); err != nil {
		return nil, err
	}
	return &Dataset[T]{X: append([]T(nil), x...), Y: append([]T(nil), y...), features: features}, nil
}

// NewLabeled returns a classification dataset with the rows of x
// (len(labels) rows of features values, row-major) and class labels in
// [0, numClasses). The slices are copied and Y is set to the labels as
// numbers. It returns an error if features < 1, labels is empty, the lengths
// disagree, a value is not finite, numClasses < 2 or a label is out of range.
func NewLabeled[T tensor.Float](x []T, features int, labels []int, numClasses int) (*Dataset[T], error) {
	if err := checkShape(len(x), features, len(labels)); err != nil {
		return nil, err
	}
	if err := checkFinite("x", x); err != nil {
		return nil, err
	}
	if numClasses < 2 {
		return nil, fmt.Errorf("data: %d classes, want at least 2", numClasses)
	}
	for i, l := range labels {
		if l < 0 || l >= numClasses {
			return nil, fmt.Errorf("data: label %d of row %d is out of range [0, %d)", l, i, numClasses)
		}
	}
	return newLabeled(append([]T(nil), x...), features, append([]int(nil), labels...), numClasses), nil
}

// newLabeled builds a classification dataset that takes ownership of x and
// labels.
func newLabeled[T tensor.Float](x []T, features int, labels []int, numClasses int) *Dataset[T] {
	y := make([]T, len(labels))
	for i, l := range labels {
		y[i] = T(l)
	}
	return &Dataset[T]{X: x, Y: y, Labels: labels, NumClasses: numClasses, features: features}
}

func checkShape(lenX, features, rows int) error {
	switch {
	case features < 1:
		return fmt.Errorf("data: %d features, want at least 1", features)
	case rows == 0:
		return fmt.Errorf("data: no rows, want at least 1")
	case lenX != rows*features:
		return fmt.Errorf("data: x has %d values, want %d rows × %d features = %d", lenX, rows, features, rows*features)
	}
	return nil
}

func checkFinite[T tensor.Float](name string, s []T) error {
	for i, v := range s {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("data: %s[%d] = %v, want a finite value", name, i, f)
		}
	}
	return nil
}

// Len returns the number of rows.
func (d *Dataset[T]) Len() int { return len(d.Y) }

// Features returns the number of inputs per row.
func (d *Dataset[T]) Features() int { return d.features }

// Row returns the inputs of row i, sharing memory with X. It panics if i is
// out of range, as indexing does.
func (d *Dataset[T]) Row(i int) []T {
	lo := i * d.features
	return d.X[lo : lo+d.features : lo+d.features]
}

// Gather copies the rows idx[0], idx[1], … into dstX (len(idx)×Features(),
// row-major) and their targets into dstY (len(idx)). It does not allocate.
// It returns an error, leaving dstX and dstY unchanged, if a length is wrong
// or an index is out of range.
func (d *Dataset[T]) Gather(dstX, dstY []T, idx []int) error {
	if len(dstX) != len(idx)*d.features {
		return fmt.Errorf("data: Gather dstX has length %d, want %d rows × %d features = %d",
			len(dstX), len(idx), d.features, len(idx)*d.features)
	}
	if len(dstY) != len(idx) {
		return fmt.Errorf("data: Gather dstY has length %d, want %d (one per index)", len(dstY), len(idx))
	}
	if err := d.checkIndices(idx); err != nil {
		return err
	}
	f := d.features
	for k, i := range idx {
		copy(dstX[k*f:(k+1)*f], d.X[i*f:(i+1)*f])
		dstY[k] = d.Y[i]
	}
	return nil
}

// GatherLabels copies the class labels of rows idx[0], idx[1], … into dst.
// It does not allocate. It returns an error, leaving dst unchanged, if the
// dataset has no labels, len(dst) != len(idx) or an index is out of range.
func (d *Dataset[T]) GatherLabels(dst []int, idx []int) error {
	if d.Labels == nil {
		return fmt.Errorf("data: GatherLabels on a regression dataset, which has no labels")
	}
	if len(dst) != len(idx) {
		return fmt.Errorf("data: GatherLabels dst has length %d, want %d (one per index)", len(dst), len(idx))
	}
	if err := d.checkIndices(idx); err != nil {
		return err
	}
	for k, i := range idx {
		dst[k] = d.Labels[i]
	}
	return nil
}

// Subset returns a new dataset holding copies of the rows idx[0], idx[1], …
// in that order; an index may repeat. It returns an error if idx is empty or
// an index is out of range.
func (d *Dataset[T]) Subset(idx []int) (*Dataset[T], error) {
	if len(idx) == 0 {
		return nil, fmt.Errorf("data: Subset of no rows, want at least 1")
	}
	if err := d.checkIndices(idx); err != nil {
		return nil, err
	}
	s := &Dataset[T]{
		X:          make([]T, len(idx)*d.features),
		Y:          make([]T, len(idx)),
		NumClasses: d.NumClasses,
		features:   d.features,
	}
	if err := d.Gather(s.X, s.Y, idx); err != nil {
		return nil, err
	}
	if d.Labels != nil {
		s.Labels = make([]int, len(idx))
		if err := d.GatherLabels(s.Labels, idx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (d *Dataset[T]) checkIndices(idx []int) error {
	for k, i := range idx {
		if i < 0 || i >= d.Len() {
			return fmt.Errorf("data: index %d at position %d is out of range [0, %d)", i, k, d.Len())
		}
	}
	return nil
}
