//go:build !purego

package kernel

// adadeltaF32AVX2 is adadeltaRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func adadeltaF32AVX2(p, g, sq, acc []float32, c *AdadeltaCoeffs[float32], flags uint64)

// adadeltaF64AVX2 is adadeltaF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func adadeltaF64AVX2(p, g, sq, acc []float64, c *AdadeltaCoeffs[float64], flags uint64)

// adadeltaAsm runs adadeltaRef's update with the assembly kernels and reports
// whether it could.
func adadeltaAsm[T Float](p, g, sq, acc []T, c *AdadeltaCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		adadeltaF32AVX2(as32(p[:k]), as32(g[:k]), as32(sq[:k]), as32(acc[:k]), retype[AdadeltaCoeffs[float32]](c), c.asmFlags())
	} else {
		adadeltaF64AVX2(as64(p[:k]), as64(g[:k]), as64(sq[:k]), as64(acc[:k]), retype[AdadeltaCoeffs[float64]](c), c.asmFlags())
	}
	adadeltaRef(p[k:], g[k:], sq[k:], acc[k:], c)
	return true
}
