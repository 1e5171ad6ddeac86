//go:build !purego

package kernel

// anyNonFiniteF32AVX2 reports whether x holds a NaN or ±Inf, in AVX2
// assembly reading the four quarters of x side by side. len(x) must be a
// multiple of 8.
//
//go:noescape
func anyNonFiniteF32AVX2(x []float32) bool

// anyNonFiniteF64AVX2 is anyNonFiniteF32AVX2 for float64; len(x) must be a
// multiple of 4.
//
//go:noescape
func anyNonFiniteF64AVX2(x []float64) bool

// nonFiniteAsm returns NonFinite(x), or notRun when there are no assembly
// kernels. The kernels only say whether there is a non-finite value: a
// check that passes, as nearly all do, reads x once at memory speed, and
// the portable loop finds the first one when there is one.
func nonFiniteAsm[T Float](x []T) int {
	var found bool
	var n int // the elements the kernel reads: whole vectors
	switch {
	case !useAsm:
		return notRun
	case is32[T]():
		n = len(x) &^ 7
		found = anyNonFiniteF32AVX2(as32(x[:n]))
	default:
		n = len(x) &^ 3
		found = anyNonFiniteF64AVX2(as64(x[:n]))
	}
	if !found && nonFiniteGo(x[n:]) < 0 {
		return -1
	}
	return nonFiniteGo(x)
}
