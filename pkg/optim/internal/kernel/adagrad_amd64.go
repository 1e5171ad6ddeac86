//go:build !purego

package kernel

// adagradF32AVX2 is adagradRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func adagradF32AVX2(p, g, sum []float32, c *AdagradCoeffs[float32], flags uint64)

// adagradF64AVX2 is adagradF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func adagradF64AVX2(p, g, sum []float64, c *AdagradCoeffs[float64], flags uint64)

// adagradAsm runs adagradRef's update with the assembly kernels and reports
// whether it could.
func adagradAsm[T Float](p, g, sum []T, c *AdagradCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		adagradF32AVX2(as32(p[:k]), as32(g[:k]), as32(sum[:k]), retype[AdagradCoeffs[float32]](c), c.asmFlags())
	} else {
		adagradF64AVX2(as64(p[:k]), as64(g[:k]), as64(sum[:k]), retype[AdagradCoeffs[float64]](c), c.asmFlags())
	}
	adagradRef(p[k:], g[k:], sum[k:], c)
	return true
}
