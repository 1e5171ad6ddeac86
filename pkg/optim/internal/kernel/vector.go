package kernel

import "unsafe"

// This file is the one wrapper around the assembly kernels: every update's
// update method calls avx2 with its kernels and runs its reference loop on
// the elements that avx2 leaves.

// An asmKernel names an update's assembly kernels (asm_amd64.go); the
// updates without assembly have none.
type asmKernel uint8

const (
	noAVX2 asmKernel = iota
	adamAVX2
	sgdAVX2
	rmspropAVX2
	adagradAVX2
	adadeltaAVX2
	adamaxAVX2
	nadamAVX2
	radamAVX2
)

// Flags every assembly kernel takes (see kernel_amd64.h); each update
// numbers its own from flagOwn up.
const (
	flagMaximize = 1 << iota // g = -g
	flagL2                   // g = g + wd*p
	flagOwn
)

// asmFlags returns the kernels' flags for turning the stored gradient into
// the one an update uses.
func (c *Grad[T]) asmFlags() uint64 {
	var f uint64
	if c.Maximize {
		f |= flagMaximize
	}
	if c.WeightDecay != 0 {
		f |= flagL2
	}
	return f
}

// vectorized returns how many of n elements the assembly kernels update:
// those that fill whole 32-byte vectors. The reference loop does the rest.
func vectorized[T Float](n int) int {
	if is32[T]() {
		return n &^ 7
	}
	return n &^ 3
}

// avx2 runs the kernel k on the elements of o that fill whole vectors, with
// coefficients c and flags, and returns how many it updated: 0 when the
// kernels are off (useAsm false) or k is noAVX2. The caller updates the
// rest, if any, o.part(avx2(...), len(o[0])), with its reference loop.
func avx2[T Float, C any](k asmKernel, o *operands[T], c *C, flags uint64) int {
	if !useAsm || k == noAVX2 {
		return 0
	}
	n := vectorized[T](len(o[0]))
	if is32[T]() {
		call32(k, (*operands[float32])(unsafe.Pointer(o)), n, unsafe.Pointer(c), flags)
	} else {
		call64(k, (*operands[float64])(unsafe.Pointer(o)), n, unsafe.Pointer(c), flags)
	}
	return n
}
