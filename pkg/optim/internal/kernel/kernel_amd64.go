//go:build !purego

package kernel

// Flags every assembly kernel takes (see kernel_amd64.h); each optimizer
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
