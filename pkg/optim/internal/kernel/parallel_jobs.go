package kernel

import (
	"runtime"
	"unsafe"
)

// This file connects each optimizer's dispatch point to the fast paths: the
// assembly kernels where there are some (adamAsm, ...; see *_amd64.go) and
// the split over all cores for long tensors. A fast* function reports
// whether it did the update; when it did not, the caller runs the reference
// loop. Every path gives the reference loop's bits.
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
func part[E vec](s []E, lo, hi int) []E {
	if s == nil {
		return nil
	}
	return s[lo:hi]
}

// --- Adam and AdamW ---

// adamJob is an Adam update of float32 or float64 elements, for a pool.
type adamJob[E vec] struct {
	p, g, m, v, vmax []E
	c                AdamCoeffs[E]
}

func (j adamJob[E]) span(lo, hi int) int {
	p, g, m, v, vmax := j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.v[lo:hi], part(j.vmax, lo, hi)
	if !adamAsm(p, g, m, v, vmax, &j.c) {
		adamRef(p, g, m, v, vmax, &j.c)
	}
	return -1
}

var (
	adamPool32 pool[adamJob[float32]]
	adamPool64 pool[adamJob[float64]]
)

// fastAdam does Adam on the fast paths and reports whether it did.
func fastAdam[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return adamAsm(p, g, m, v, vmax, c)
	case is32[T]():
		adamPool32.run(adamJob[float32]{as32(p), as32(g[:n]), as32(m[:n]), as32(v[:n]), as32(vmax), *retype[AdamCoeffs[float32]](c)}, n)
	default:
		adamPool64.run(adamJob[float64]{as64(p), as64(g[:n]), as64(m[:n]), as64(v[:n]), as64(vmax), *retype[AdamCoeffs[float64]](c)}, n)
	}
	return true
}

// --- SGD ---

// sgdJob is an SGD update of float32 or float64 elements, for a pool.
type sgdJob[E vec] struct {
	p, g, buf []E
	c         SGDCoeffs[E]
}

func (j sgdJob[E]) span(lo, hi int) int {
	p, g, buf := j.p[lo:hi], j.g[lo:hi], part(j.buf, lo, hi)
	if !sgdAsm(p, g, buf, &j.c) {
		sgdRef(p, g, buf, &j.c)
	}
	return -1
}

var (
	sgdPool32 pool[sgdJob[float32]]
	sgdPool64 pool[sgdJob[float64]]
)

// fastSGD does SGD on the fast paths and reports whether it did.
func fastSGD[T Float](p, g, buf []T, c *SGDCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return sgdAsm(p, g, buf, c)
	case is32[T]():
		sgdPool32.run(sgdJob[float32]{as32(p), as32(g[:n]), as32(buf), *retype[SGDCoeffs[float32]](c)}, n)
	default:
		sgdPool64.run(sgdJob[float64]{as64(p), as64(g[:n]), as64(buf), *retype[SGDCoeffs[float64]](c)}, n)
	}
	return true
}

// --- RMSprop ---

// rmspropJob is an RMSprop update of float32 or float64 elements, for a pool.
type rmspropJob[E vec] struct {
	p, g, sq, ga, buf []E
	c                 RMSpropCoeffs[E]
}

func (j rmspropJob[E]) span(lo, hi int) int {
	p, g, sq, ga, buf := j.p[lo:hi], j.g[lo:hi], j.sq[lo:hi], part(j.ga, lo, hi), part(j.buf, lo, hi)
	if !rmspropAsm(p, g, sq, ga, buf, &j.c) {
		rmspropRef(p, g, sq, ga, buf, &j.c)
	}
	return -1
}

var (
	rmspropPool32 pool[rmspropJob[float32]]
	rmspropPool64 pool[rmspropJob[float64]]
)

// fastRMSprop does RMSprop on the fast paths and reports whether it did.
func fastRMSprop[T Float](p, g, sq, ga, buf []T, c *RMSpropCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return rmspropAsm(p, g, sq, ga, buf, c)
	case is32[T]():
		rmspropPool32.run(rmspropJob[float32]{as32(p), as32(g[:n]), as32(sq[:n]), as32(ga), as32(buf), *retype[RMSpropCoeffs[float32]](c)}, n)
	default:
		rmspropPool64.run(rmspropJob[float64]{as64(p), as64(g[:n]), as64(sq[:n]), as64(ga), as64(buf), *retype[RMSpropCoeffs[float64]](c)}, n)
	}
	return true
}

// --- Adagrad ---

// adagradJob is an Adagrad update of float32 or float64 elements, for a pool.
type adagradJob[E vec] struct {
	p, g, sum []E
	c         AdagradCoeffs[E]
}

func (j adagradJob[E]) span(lo, hi int) int {
	p, g, sum := j.p[lo:hi], j.g[lo:hi], j.sum[lo:hi]
	if !adagradAsm(p, g, sum, &j.c) {
		adagradRef(p, g, sum, &j.c)
	}
	return -1
}

var (
	adagradPool32 pool[adagradJob[float32]]
	adagradPool64 pool[adagradJob[float64]]
)

// fastAdagrad does Adagrad on the fast paths and reports whether it did.
func fastAdagrad[T Float](p, g, sum []T, c *AdagradCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return adagradAsm(p, g, sum, c)
	case is32[T]():
		adagradPool32.run(adagradJob[float32]{as32(p), as32(g[:n]), as32(sum[:n]), *retype[AdagradCoeffs[float32]](c)}, n)
	default:
		adagradPool64.run(adagradJob[float64]{as64(p), as64(g[:n]), as64(sum[:n]), *retype[AdagradCoeffs[float64]](c)}, n)
	}
	return true
}

// --- Adadelta, Adamax, NAdam, RAdam ---

// adadeltaJob is an Adadelta update of float32 or float64 elements, for a pool.
type adadeltaJob[E vec] struct {
	p, g, sq, acc []E
	c             AdadeltaCoeffs[E]
}

func (j adadeltaJob[E]) span(lo, hi int) int {
	if !adadeltaAsm(j.p[lo:hi], j.g[lo:hi], j.sq[lo:hi], j.acc[lo:hi], &j.c) {
		adadeltaRef(j.p[lo:hi], j.g[lo:hi], j.sq[lo:hi], j.acc[lo:hi], &j.c)
	}
	return -1
}

var (
	adadeltaPool32 pool[adadeltaJob[float32]]
	adadeltaPool64 pool[adadeltaJob[float64]]
)

// fastAdadelta does Adadelta on the fast paths and reports whether it did.
func fastAdadelta[T Float](p, g, sq, acc []T, c *AdadeltaCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return adadeltaAsm(p, g, sq, acc, c)
	case is32[T]():
		adadeltaPool32.run(adadeltaJob[float32]{as32(p), as32(g[:n]), as32(sq[:n]), as32(acc[:n]), *retype[AdadeltaCoeffs[float32]](c)}, n)
	default:
		adadeltaPool64.run(adadeltaJob[float64]{as64(p), as64(g[:n]), as64(sq[:n]), as64(acc[:n]), *retype[AdadeltaCoeffs[float64]](c)}, n)
	}
	return true
}

// adamaxJob is an Adamax update of float32 or float64 elements, for a pool.
type adamaxJob[E vec] struct {
	p, g, m, u []E
	c          AdamaxCoeffs[E]
}

func (j adamaxJob[E]) span(lo, hi int) int {
	if !adamaxAsm(j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.u[lo:hi], &j.c) {
		adamaxRef(j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.u[lo:hi], &j.c)
	}
	return -1
}

var (
	adamaxPool32 pool[adamaxJob[float32]]
	adamaxPool64 pool[adamaxJob[float64]]
)

// fastAdamax does Adamax on the fast paths and reports whether it did.
func fastAdamax[T Float](p, g, m, u []T, c *AdamaxCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return adamaxAsm(p, g, m, u, c)
	case is32[T]():
		adamaxPool32.run(adamaxJob[float32]{as32(p), as32(g[:n]), as32(m[:n]), as32(u[:n]), *retype[AdamaxCoeffs[float32]](c)}, n)
	default:
		adamaxPool64.run(adamaxJob[float64]{as64(p), as64(g[:n]), as64(m[:n]), as64(u[:n]), *retype[AdamaxCoeffs[float64]](c)}, n)
	}
	return true
}

// nadamJob is an NAdam update of float32 or float64 elements, for a pool.
type nadamJob[E vec] struct {
	p, g, m, v []E
	c          NAdamCoeffs[E]
}

func (j nadamJob[E]) span(lo, hi int) int {
	if !nadamAsm(j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.v[lo:hi], &j.c) {
		nadamRef(j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.v[lo:hi], &j.c)
	}
	return -1
}

var (
	nadamPool32 pool[nadamJob[float32]]
	nadamPool64 pool[nadamJob[float64]]
)

// fastNAdam does NAdam on the fast paths and reports whether it did.
func fastNAdam[T Float](p, g, m, v []T, c *NAdamCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return nadamAsm(p, g, m, v, c)
	case is32[T]():
		nadamPool32.run(nadamJob[float32]{as32(p), as32(g[:n]), as32(m[:n]), as32(v[:n]), *retype[NAdamCoeffs[float32]](c)}, n)
	default:
		nadamPool64.run(nadamJob[float64]{as64(p), as64(g[:n]), as64(m[:n]), as64(v[:n]), *retype[NAdamCoeffs[float64]](c)}, n)
	}
	return true
}

// radamJob is an RAdam update of float32 or float64 elements, for a pool.
type radamJob[E vec] struct {
	p, g, m, v []E
	c          RAdamCoeffs[E]
}

func (j radamJob[E]) span(lo, hi int) int {
	if !radamAsm(j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.v[lo:hi], &j.c) {
		radamRef(j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.v[lo:hi], &j.c)
	}
	return -1
}

var (
	radamPool32 pool[radamJob[float32]]
	radamPool64 pool[radamJob[float64]]
)

// fastRAdam does RAdam on the fast paths and reports whether it did.
func fastRAdam[T Float](p, g, m, v []T, c *RAdamCoeffs[T]) bool {
	n := len(p)
	switch {
	case !multicore(n):
		return radamAsm(p, g, m, v, c)
	case is32[T]():
		radamPool32.run(radamJob[float32]{as32(p), as32(g[:n]), as32(m[:n]), as32(v[:n]), *retype[RAdamCoeffs[float32]](c)}, n)
	default:
		radamPool64.run(radamJob[float64]{as64(p), as64(g[:n]), as64(m[:n]), as64(v[:n]), *retype[RAdamCoeffs[float64]](c)}, n)
	}
	return true
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
