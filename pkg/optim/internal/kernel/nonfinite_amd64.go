//go:build !purego

package kernel

// nonFiniteF32AVX2 is NonFinite for float32 in AVX2 assembly, reading
// blocks of 32 elements from both halves of x at once.
//
//go:noescape
func nonFiniteF32AVX2(x []float32) int

// nonFiniteF64AVX2 is NonFinite for float64 in AVX2 assembly, reading
// blocks of 16 elements from both halves of x at once.
//
//go:noescape
func nonFiniteF64AVX2(x []float64) int

// nonFiniteAsm returns NonFinite(x) computed by the assembly kernels, or
// notRun when there are none.
func nonFiniteAsm[T Float](x []T) int {
	switch {
	case !useAsm:
		return notRun
	case is32[T]():
		return nonFiniteF32AVX2(as32(x))
	default:
		return nonFiniteF64AVX2(as64(x))
	}
}
