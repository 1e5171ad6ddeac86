// Package tensor holds the one type that automatic differentiation and the
// optimizers share: a named, flat array of values with its gradient and shape.
//
// A Tensor is deliberately plain. Values and gradients are exported slices laid
// out row-major (C order), so that an optimizer can update them in place in a
// single pass and a lesson can print them directly. The package imports nothing
// of descent's.
package tensor

import (
	"fmt"
	"math"
	"strings"
)

// Float is the set of element types descent computes in: a type
// constraint, holding no data.
type Float interface {
	~float32 | ~float64
}

// Tensor is a named parameter (or intermediate value): flat Value and Grad
// slices of equal length, interpreted with Shape in row-major order.
//
// A scalar has an empty Shape and one element. Grad is the gradient of some
// loss with respect to Value; backpropagation accumulates into it and
// optimizers read it. Nobody but the owner should re-slice Value or Grad:
// optimizers keep per-element state whose length must match.
//
// A Tensor is plain data with no synchronization of its own: any number of
// goroutines may read it at once, but a write (ZeroGrad, a gradient
// accumulated by backpropagation, an optimizer step) must not overlap any
// other access to the same tensor.
type Tensor[T Float] struct {
	Name  string // used in error messages and checkpoints; may be empty
	Shape []int  // dimensions; empty for a scalar
	Value []T    // the values, row-major
	Grad  []T    // the gradient, same length as Value
}

// New returns a tensor with the given name and shape whose values are a copy
// of values. It returns an error if len(values) does not match the shape or a
// dimension is negative.
func New[T Float](name string, shape []int, values []T) (*Tensor[T], error) {
	n, err := NumElements(shape)
	if err != nil {
		return nil, fmt.Errorf("tensor %q: %w", name, err)
	}
	if len(values) != n {
		return nil, fmt.Errorf("tensor %q: shape %v holds %d values, got %d", name, shape, n, len(values))
	}
	t := &Tensor[T]{
		Name:  name,
		Shape: append([]int(nil), shape...),
		Value: append([]T(nil), values...),
		Grad:  make([]T, n),
	}
	return t, nil
}

// Zeros returns a tensor of the given shape filled with zeros. It panics on a
// negative dimension, as make does.
func Zeros[T Float](name string, shape ...int) *Tensor[T] {
	n, err := NumElements(shape)
	if err != nil {
		panic(fmt.Sprintf("tensor.Zeros(%q): %v", name, err))
	}
	return &Tensor[T]{Name: name, Shape: append([]int(nil), shape...), Value: make([]T, n), Grad: make([]T, n)}
}

// Scalar returns a 0-dimensional tensor holding v, like torch.tensor(v).
func Scalar[T Float](name string, v T) *Tensor[T] {
	return &Tensor[T]{Name: name, Shape: []int{}, Value: []T{v}, Grad: make([]T, 1)}
}

// FromSlice returns a 1-dimensional tensor holding a copy of values.
func FromSlice[T Float](name string, values []T) *Tensor[T] {
	return &Tensor[T]{Name: name, Shape: []int{len(values)}, Value: append([]T(nil), values...), Grad: make([]T, len(values))}
}

// Len returns the number of elements.
func (t *Tensor[T]) Len() int { return len(t.Value) }

// Item returns the value of a one-element tensor, like torch's item().
// It panics if the tensor holds more than one element.
func (t *Tensor[T]) Item() T {
	if len(t.Value) != 1 {
		panic(fmt.Sprintf("tensor %q: Item on a tensor with %d elements", t.Name, len(t.Value)))
	}
	return t.Value[0]
}

// ZeroGrad sets every element of the gradient to zero.
func (t *Tensor[T]) ZeroGrad() { clear(t.Grad) }

// Check reports whether the tensor is well formed: the shape is valid and
// Value and Grad both hold exactly the number of elements it describes.
func (t *Tensor[T]) Check() error {
	n, err := NumElements(t.Shape)
	if err != nil {
		return fmt.Errorf("tensor %q: %w", t.Name, err)
	}
	if len(t.Value) != n {
		return fmt.Errorf("tensor %q: shape %v holds %d values, Value has %d", t.Name, t.Shape, n, len(t.Value))
	}
	if len(t.Grad) != n {
		return fmt.Errorf("tensor %q: shape %v holds %d values, Grad has %d", t.Name, t.Shape, n, len(t.Grad))
	}
	return nil
}

// String formats the tensor as name[shape]{values} (at most 8 values shown).
func (t *Tensor[T]) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%v{", t.Name, t.Shape)
	for i, v := range t.Value {
		if i == 8 {
			fmt.Fprintf(&b, " … %d more", len(t.Value)-8)
			break
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%.6g", float64(v))
	}
	b.WriteString("}")
	return b.String()
}

// NumElements returns the number of elements a shape holds (1 for a scalar),
// or an error if a dimension is negative or the product overflows int.
func NumElements(shape []int) (int, error) {
	n := 1
	for i, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("dimension %d of shape %v is negative", i, shape)
		}
		if d != 0 && n > math.MaxInt/d {
			return 0, fmt.Errorf("shape %v has too many elements", shape)
		}
		n *= d
	}
	return n, nil
}

// Params is a convenience for building an optimizer's parameter list.
func Params[T Float](ts ...*Tensor[T]) []*Tensor[T] { return ts }
