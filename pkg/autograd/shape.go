package autograd

import (
	"fmt"
	"slices"

	"github.com/descentlab/descent/pkg/tensor"
)

// broadcastShape returns the shape of an elementwise op on inputs of shapes
// a and b: the longer one, provided the shorter is equal to a trailing part
// of it ([k] against [n,k], [] against anything).
func broadcastShape(op string, a, b []int) ([]int, error) {
	long, short := a, b
	if len(b) > len(a) {
		long, short = b, a
	}
	if !slices.Equal(long[len(long)-len(short):], short) {
		return nil, fmt.Errorf("autograd.%s: shapes %v and %v do not broadcast (they must be equal, or one must equal the trailing dimensions of the other)", op, a, b)
	}
	return long, nil
}

// normAxis returns axis as an index into shape, counting from the end when
// negative as torch does.
func normAxis(op string, shape []int, axis int) (int, error) {
	r := len(shape)
	if axis < -r || axis >= r {
		return 0, fmt.Errorf("autograd.%s: axis %d out of range for shape %v (want %d ≤ axis < %d)", op, axis, shape, -r, r)
	}
	if axis < 0 {
		axis += r
	}
	return axis, nil
}

// Reshape returns x's values with a new shape holding the same number of
// elements, like torch's reshape (the values are copied).
func Reshape[T tensor.Float](x *Var[T], shape ...int) *Var[T] {
	if err := inputErr("Reshape", x); err != nil {
		return failed[T](err)
	}
	n, err := tensor.NumElements(shape)
	if err != nil {
		return failed[T](fmt.Errorf("autograd.Reshape: %w", err))
	}
	if n != len(x.t.Value) {
		return failed[T](fmt.Errorf("autograd.Reshape: cannot reshape %v (%d elements) to %v (%d elements)", x.t.Shape, len(x.t.Value), shape, n))
	}
	out := newResult("Reshape", shape, x, nil)
	copy(out.t.Value, x.t.Value)
	out.backward = func() {
		if x.needsGrad {
			for i, g := range out.t.Grad {
				x.t.Grad[i] += g
			}
		}
	}
	return out
}

// Transpose returns the transpose of a 2-D x: shape [m,n] becomes [n,m].
func Transpose[T tensor.Float](x *Var[T]) *Var[T] {
	if err := inputErr("Transpose", x); err != nil {
		return failed[T](err)
	}
	if len(x.t.Shape) != 2 {
		return failed[T](fmt.Errorf("autograd.Transpose: shape %v is not 2-D", x.t.Shape))
	}
	m, n := x.t.Shape[0], x.t.Shape[1]
	out := newResult("Transpose", []int{n, m}, x, nil)
	for i := range m {
		for j := range n {
			out.t.Value[j*m+i] = x.t.Value[i*n+j]
		}
	}
	out.backward = func() {
		if x.needsGrad {
			for i := range m {
				for j := range n {
					x.t.Grad[i*n+j] += out.t.Grad[j*m+i]
				}
			}
		}
	}
	return out
}
