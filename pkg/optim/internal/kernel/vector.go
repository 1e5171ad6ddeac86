package kernel

import "unsafe"

// This file is the one wrapper around the assembly kernels: every update's
// update method calls avx2 with its kernels and runs its reference loop on
// the elements that avx2 leaves.

// An asmKernel is an update's assembly kernel for element type E: the
// signature of ARGS in kernel_amd64.h, the same for every update.
type asmKernel[E vec] func(p, g, s2, s3, s4 []E, n int, c coeffBlock, flags uint64)

// An asmPair is an update's kernels for float32 and float64. The zero
// asmPair has none: an update without assembly, or a build without it.
type asmPair struct {
	f32 asmKernel[float32]
	f64 asmKernel[float64]
}

// coeffBlock carries an update's coefficient struct to its kernel by value,
// in its first bytes, so that nothing the caller holds escapes to the heap
// through the call. 16 elements of the widest type: more than any struct
// takes (TestCoeffsLayout).
type coeffBlock [16]uint64

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

// avx2 runs the kernels k on the elements of o that fill whole vectors,
// with coefficients c and flags, and returns how many it updated: 0 when
// the kernels are off (useAsm false) or absent. The caller updates the rest,
// o.part(avx2(...), len(o[0])), with its reference loop.
func avx2[T Float, C any](k *asmPair, o *operands[T], c *C, flags uint64) int {
	if !useAsm || k.f32 == nil {
		return 0
	}
	var blk coeffBlock
	if unsafe.Sizeof(*c) > unsafe.Sizeof(blk) {
		panic("kernel: a coefficient struct does not fit a coeffBlock")
	}
	*(*C)(unsafe.Pointer(&blk)) = *c
	n := vectorized[T](len(o[0]))
	if is32[T]() {
		k.f32(as32(o[0]), as32(o[1]), as32(o[2]), as32(o[3]), as32(o[4]), n, blk, flags)
	} else {
		k.f64(as64(o[0]), as64(o[1]), as64(o[2]), as64(o[3]), as64(o[4]), n, blk, flags)
	}
	return n
}
