package autograd

import (
	"slices"

	"github.com/descentlab/descent/pkg/tensor"
)

// Sum returns the sum of all elements of x, a scalar (shape []).
// d/dx_i = 1.
func Sum[T tensor.Float](x *Var[T]) *Var[T] { return sumAll("Sum", x, false) }

// Mean returns the mean of all elements of x, a scalar: the sum divided by
// the number of elements n, as torch computes it. d/dx_i = 1/n.
func Mean[T tensor.Float](x *Var[T]) *Var[T] { return sumAll("Mean", x, true) }

// SumAxis returns the sums of x along axis, which is removed from the shape
// (torch's sum(dim=axis)); a negative axis counts from the end.
func SumAxis[T tensor.Float](x *Var[T], axis int) *Var[T] { return sumAxis("SumAxis", x, axis, false) }

// MeanAxis returns the means of x along axis, which is removed from the
// shape (torch's mean(dim=axis)); a negative axis counts from the end.
func MeanAxis[T tensor.Float](x *Var[T], axis int) *Var[T] { return sumAxis("MeanAxis", x, axis, true) }

func sumAll[T tensor.Float](op string, x *Var[T], mean bool) *Var[T] {
	if err := inputErr(op, x); err != nil {
		return failed[T](err)
	}
	out := newResult(op, []int{}, x, nil)
	var s T
	for _, v := range x.t.Value {
		s += v
	}
	n := T(len(x.t.Value))
	if mean {
		s /= n
	}
	out.t.Value[0] = s
	out.backward = func() {
		if !x.needsGrad {
			return
		}
		g := out.t.Grad[0]
		if mean {
			g /= n
		}
		for i := range x.t.Grad {
			x.t.Grad[i] += g
		}
	}
	return out
}

func sumAxis[T tensor.Float](op string, x *Var[T], axis int, mean bool) *Var[T] {
	if err := inputErr(op, x); err != nil {
		return failed[T](err)
	}
	axis, err := normAxis(op, x.t.Shape, axis)
	if err != nil {
		return failed[T](err)
	}
	// View x as [outer, d, inner]; the result is [outer, inner].
	shape := x.t.Shape
	d := shape[axis]
	outer, _ := tensor.NumElements(shape[:axis])
	inner, _ := tensor.NumElements(shape[axis+1:])
	out := newResult(op, slices.Delete(slices.Clone(shape), axis, axis+1), x, nil)
	n := T(d)
	for o := range outer {
		for j := range inner {
			var s T
			for p := range d {
				s += x.t.Value[(o*d+p)*inner+j]
			}
			if mean {
				s /= n
			}
			out.t.Value[o*inner+j] = s
		}
	}
	out.backward = func() {
		if !x.needsGrad {
			return
		}
		for o := range outer {
			for j := range inner {
				g := out.t.Grad[o*inner+j]
				if mean {
					g /= n
				}
				for p := range d {
					x.t.Grad[(o*d+p)*inner+j] += g
				}
			}
		}
	}
	return out
}
