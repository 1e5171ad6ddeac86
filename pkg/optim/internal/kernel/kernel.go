// Package kernel holds the per-element update loops of the optimizers in
// package optim, one file per optimizer.
//
// Each exported function (SGD, Adam, ...) updates one parameter tensor in
// place, in one pass, in exactly PyTorch 1.13's operation order: every
// operation is rounded to T, scalars arrive already rounded to T in a small
// coefficient struct, and no multiply-add is fused (products are converted to
// T explicitly before they are added). The plain Go loops (sgdRef, adamRef,
// ...) are the reference path; the exported functions are the dispatch points
// where vectorized or multi-core paths may be chosen, and those must produce
// the same bits as the reference.
//
// All slices passed to one call have the same length; optional state slices
// (momentum buffers, AMSGrad's maximum) are nil when the option is off. The
// gradient slice is never written: weight decay and maximize are folded in
// per element, as torch computes them into a new tensor.
package kernel

import "math"

// Float is the set of element types the kernels run on.
type Float interface {
	~float32 | ~float64
}

// Grad holds how torch 1.13 turns the stored gradient into the one an
// optimizer uses: g = -grad if Maximize, then g = g + WeightDecay*p if
// WeightDecay != 0.
type Grad[T Float] struct {
	Maximize    bool
	WeightDecay T // L2 penalty coefficient, rounded to T; 0 for none
}

// of returns the effective gradient for stored gradient g at parameter p.
func (c *Grad[T]) of(g, p T) T {
	if c.Maximize {
		g = -g
	}
	if c.WeightDecay != 0 {
		g += T(c.WeightDecay * p)
	}
	return g
}

// sqrt is the correctly rounded square root in T (the float64 square root of
// a float32 rounds correctly to float32).
func sqrt[T Float](x T) T { return T(math.Sqrt(float64(x))) }

// NonFinite returns the index of the first NaN or ±Inf element of x, or -1.
func NonFinite[T Float](x []T) int {
	if i, ok := fastNonFinite(x); ok {
		return i
	}
	for i, v := range x {
		if v-v != 0 { // NaN - NaN and Inf - Inf are NaN; finite - itself is 0
			return i
		}
	}
	return -1
}

// abs returns |x|.
func abs[T Float](x T) T { return T(math.Abs(float64(x))) }
