package autograd

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// Var is a node of the computation graph: a value with its gradient and, for
// a value computed by an op, the op's inputs and derivative.
//
// A Var is made by a leaf constructor ([Param], [Const], [Scalar],
// [FromValues]) or returned by an op. A Var may instead hold an error (see
// [Var.Err]); it then has no value. The zero Var{} is not a usable value: it
// holds an error saying so, and an op given it returns that error naming
// the op.
//
// A Var is not safe for concurrent use. Ops only read their inputs, so
// several goroutines may build graphs on shared inputs (the same Param
// tensors, the same data) as long as nothing writes to them meanwhile;
// [Var.Backward] writes to every node of its graph and to the Grad of every
// parameter it reaches, so it must not run concurrently with any other use
// of those.
type Var[T tensor.Float] struct {
	t         *tensor.Tensor[T] // value, gradient and shape; for a Param, the caller's tensor
	op        string            // the op that made this value; "" for a leaf
	parents   []*Var[T]         // the op's inputs; for a result, a slice of in
	backward  func()            // adds this node's gradient into its inputs' gradients
	needsGrad bool              // some parameter lies upstream, so gradients flow through here
	released  bool              // Backward has dropped parents and backward
	err       error             // the sticky error; t is nil when err is set

	ws  *Workspace[T] // the workspace holding t's buffers, or nil
	gen uint64        // ws's generation when v was made

	in [2]*Var[T] // the storage of parents
}

// result is an op's Var together with its tensor, allocated at once.
type result[T tensor.Float] struct {
	v Var[T]
	t tensor.Tensor[T]
}

// Param returns a leaf for the parameter t. Backward adds d loss / d t into
// t.Grad (it does not overwrite it), so the caller and its optimizer see the
// gradient in the tensor they own. The same tensor may be wrapped any number
// of times; the contributions add up.
func Param[T tensor.Float](t *tensor.Tensor[T]) *Var[T] {
	if err := checkLeaf("Param", t); err != nil {
		return failed[T](err)
	}
	return &Var[T]{t: t, needsGrad: true}
}

// Const returns a leaf for t that takes no gradient: data, targets, labels.
// Backward never writes to t.
func Const[T tensor.Float](t *tensor.Tensor[T]) *Var[T] {
	if err := checkLeaf("Const", t); err != nil {
		return failed[T](err)
	}
	return &Var[T]{t: t}
}

// Scalar returns a constant 0-dimensional leaf holding v, like torch.tensor(v).
func Scalar[T tensor.Float](v T) *Var[T] {
	return &Var[T]{t: tensor.Scalar("", v)}
}

// FromValues returns a constant leaf of the given shape holding a copy of
// values. The Var holds an error if len(values) does not match the shape.
func FromValues[T tensor.Float](shape []int, values []T) *Var[T] {
	t, err := tensor.New("", shape, values)
	if err != nil {
		return failed[T](fmt.Errorf("autograd.FromValues: %w", err))
	}
	return &Var[T]{t: t}
}

func checkLeaf[T tensor.Float](name string, t *tensor.Tensor[T]) error {
	if t == nil {
		return fmt.Errorf("autograd.%s: nil tensor", name)
	}
	if err := t.Check(); err != nil {
		return fmt.Errorf("autograd.%s: %w", name, err)
	}
	return nil
}

// failed returns a Var that carries err and nothing else.
func failed[T tensor.Float](err error) *Var[T] { return &Var[T]{err: err} }

// newResult returns the output of op, with a zero value and a zero
// gradient of the given shape, and a and b as its inputs (b may be nil for
// an op of one input). The buffers come from the inputs' workspace, if they
// have one.
func newResult[T tensor.Float](op string, shape []int, a, b *Var[T]) *Var[T] {
	r := &result[T]{}
	out := &r.v
	out.t, out.op = &r.t, op
	out.in[0], out.in[1] = a, b
	out.parents = out.in[:1]
	out.needsGrad = a.needsGrad
	if b != nil {
		out.parents = out.in[:2]
		out.needsGrad = out.needsGrad || b.needsGrad
	}
	ws := workspaceOf(a, b)
	if ws != nil {
		out.ws, out.gen = ws, ws.gen
	}
	n := 1 // the ops' shapes are valid: no negative dimension, no overflow
	for _, d := range shape {
		n *= d
	}
	buf := ws.values(2 * n)
	r.t.Value, r.t.Grad = buf[:n:n], buf[n:]
	if ws != nil {
		r.t.Shape = ws.ints.take(len(shape))
		copy(r.t.Shape, shape)
	} else {
		r.t.Shape = append(make([]int, 0, len(shape)), shape...)
	}
	return out
}

// inputErr returns the first sticky error among the inputs of op, or an error
// if an input is nil or a zero Var.
func inputErr[T tensor.Float](op string, in ...*Var[T]) error {
	for i, v := range in {
		switch {
		case v == nil:
			return fmt.Errorf("autograd.%s: input %d is nil", op, i)
		case v.err != nil:
			return v.err
		case v.t == nil:
			return fmt.Errorf("autograd.%s: input %d is a zero Var{}, %s", op, i, zeroVarHint)
		case v.spent():
			return fmt.Errorf("autograd.%s: input %d was made on a Workspace before its last Reset, whose buffers it no longer owns", op, i)
		}
	}
	return nil
}

// zeroVarHint says where usable Vars come from.
const zeroVarHint = "which holds no value (make Vars with Param, Const, Scalar, FromValues or an op)"

// errZeroVar is the error a zero Var{} holds.
var errZeroVar = fmt.Errorf("autograd: zero Var{}, %s", zeroVarHint)

// Err returns the error this Var carries: the first error of the op that
// made it or of any op upstream, an error for the zero Var{}, or one for a
// Var spent by its [Workspace]'s Reset. It is nil for a good value.
func (v *Var[T]) Err() error {
	switch {
	case v.err != nil:
		return v.err
	case v.t == nil:
		return errZeroVar
	case v.spent():
		return errSpent
	}
	return nil
}

// value returns v's tensor, or nil if v has none: it holds an error, is a
// zero Var, or is spent.
func (v *Var[T]) value() *tensor.Tensor[T] {
	if v.spent() {
		return nil
	}
	return v.t
}

// Tensor returns the underlying tensor: for a [Param] or [Const], the tensor
// it wraps; for an op's result, its own buffers, whose Grad holds
// d loss / d value after Backward. It returns nil if v holds an error.
func (v *Var[T]) Tensor() *tensor.Tensor[T] { return v.value() }

// Shape returns the shape (empty for a scalar), or nil if v holds an error.
func (v *Var[T]) Shape() []int {
	if t := v.value(); t != nil {
		return t.Shape
	}
	return nil
}

// Value returns the values, row-major, or nil if v holds an error.
// The slice is v's own; do not modify it.
func (v *Var[T]) Value() []T {
	if t := v.value(); t != nil {
		return t.Value
	}
	return nil
}

// Grad returns the gradient, row-major, or nil if v holds an error.
func (v *Var[T]) Grad() []T {
	if t := v.value(); t != nil {
		return t.Grad
	}
	return nil
}

// Item returns the value of a one-element Var, like torch's item(). It
// returns NaN if v holds an error and panics if v has more than one element.
func (v *Var[T]) Item() T {
	t := v.value()
	if t == nil {
		return T(math.NaN())
	}
	return t.Item()
}

// String formats the value as op[shape]{values}, or the error.
func (v *Var[T]) String() string {
	if err := v.Err(); err != nil {
		return "error: " + err.Error()
	}
	s := v.t.String()
	if v.op != "" {
		s = v.op + s
	}
	return s
}
