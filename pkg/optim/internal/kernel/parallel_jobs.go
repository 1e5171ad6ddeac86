package kernel

import (
	"runtime"
	"unsafe"
)

// This file connects each optimizer's dispatch point to the fast paths: the
// split over all cores for long tensors (run), and on each core the
// assembly kernels where there are some (avx2 in vector.go, with the
// kernels of asm_amd64.go) and the reference loop for the rest (the coefficients' update method). Every path
// gives the reference loop's bits.
//
// The pools work on float32 or float64 slices: a tensor whose element type
// is a named float type is reinterpreted as its underlying type, which
// changes no bits.

// A vec is an element type with its own kernels and pools.
type vec interface {
	float32 | float64
}

// multicore reports whether an update of n elements is split over cores.
func multicore(n int) bool {
	return n >= minParallel && runtime.GOMAXPROCS(0) > 1
}

// is32 reports whether T's underlying type is float32.
func is32[T Float]() bool {
	var zero T
	return unsafe.Sizeof(zero) == 4
}

// as32 returns s as a []float32; T's underlying type must be float32.
func as32[T Float](s []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// as64 returns s as a []float64; T's underlying type must be float64.
func as64[T Float](s []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// retype returns c as a *To. From and To must be instantiations of one
// coefficient struct with float types of the same underlying type, hence of
// the same layout.
func retype[To, From any](c *From) *To {
	return (*To)(unsafe.Pointer(c))
}

// part returns s[lo:hi], or nil for a nil s (optional state that is off).
func part[T Float](s []T, lo, hi int) []T {
	if s == nil {
		return nil
	}
	return s[lo:hi]
}

// maxOperands is the most slices an update takes (Adam's p, g, m, v, vmax).
const maxOperands = 5

// operands holds the slices of one update in the order of the optimizer's
// arguments: parameters, gradients, then state. Optional state that is off
// and the slots beyond the optimizer's arguments are nil.
type operands[T Float] [maxOperands][]T

// part returns the operands' elements [lo, hi).
func (o *operands[T]) part(lo, hi int) operands[T] {
	var q operands[T]
	for i, s := range o {
		q[i] = part(s, lo, hi)
	}
	return q
}

// An updater is one optimizer's step coefficients (AdamCoeffs, ...); its
// update does the step on the operands on one core, with the assembly
// kernels where it can, else with the reference loop. The receiver and the
// operands are values, so that a call through a type parameter lets nothing
// escape to the heap.
type updater[T Float] interface {
	update(o operands[T])
}

// An update is one optimizer's step on float32 or float64 elements, for a
// pool.
type update[E vec, C updater[E]] struct {
	o operands[E]
	c C
}

func (u update[E, C]) span(lo, hi int) int {
	u.c.update(u.o.part(lo, hi))
	return -1
}

// pools holds one optimizer's pools, for float32 and for float64 elements.
// C32 and C64 are its coefficient type instantiated with float32 and
// float64.
type pools[C32 updater[float32], C64 updater[float64]] struct {
	f32 pool[update[float32, C32]]
	f64 pool[update[float64, C64]]
}

// run does the step with coefficients c on operands o, whose first slice
// (the parameters) sets the length: split over all cores when it is long,
// else on this core. C must be the coefficient type of ps instantiated with
// T, so that it has the layout of C32 or C64.
func run[T Float, C updater[T], C32 updater[float32], C64 updater[float64]](ps *pools[C32, C64], o operands[T], c *C) {
	n := len(o[0])
	if !multicore(n) {
		(*c).update(o) // the kernels slice the operands to n: a short one panics there
		return
	}
	for i, s := range o {
		o[i] = part(s, 0, n) // a short operand panics here, not on a worker
	}
	if is32[T]() {
		var o32 operands[float32]
		for i, s := range o {
			o32[i] = as32(s)
		}
		ps.f32.run(update[float32, C32]{o32, *retype[C32](c)}, n)
	} else {
		var o64 operands[float64]
		for i, s := range o {
			o64[i] = as64(s)
		}
		ps.f64.run(update[float64, C64]{o64, *retype[C64](c)}, n)
	}
}

// --- NonFinite: the gradient check before a step ---

// nonFiniteJob is a search for a NaN or ±Inf, for a pool.
type nonFiniteJob[E vec] struct{ x []E }

func (j nonFiniteJob[E]) span(lo, hi int) int {
	i := nonFiniteAsm(j.x[lo:hi])
	if i == notRun {
		i = nonFiniteGo(j.x[lo:hi])
	}
	if i < 0 {
		return -1
	}
	return lo + i
}

var (
	nonFinitePool32 pool[nonFiniteJob[float32]]
	nonFinitePool64 pool[nonFiniteJob[float64]]
)

// fastNonFinite returns NonFinite(x) and true, or false when the reference
// loop is the fastest way.
func fastNonFinite[T Float](x []T) (int, bool) {
	switch {
	case !multicore(len(x)):
		i := nonFiniteAsm(x)
		return i, i != notRun
	case is32[T]():
		return nonFinitePool32.run(nonFiniteJob[float32]{as32(x)}, len(x)), true
	default:
		return nonFinitePool64.run(nonFiniteJob[float64]{as64(x)}, len(x)), true
	}
}

// notRun is what nonFiniteAsm returns when it has no kernel to run.
const notRun = -2

// nonFiniteGo is NonFinite's reference loop, for the pieces of a split.
func nonFiniteGo[T Float](x []T) int {
	for i, v := range x {
		if v-v != 0 {
			return i
		}
	}
	return -1
}
