//go:build !purego

package kernel

// adamaxF32AVX2 is adamaxRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func adamaxF32AVX2(p, g, m, u []float32, c *AdamaxCoeffs[float32], flags uint64)

// adamaxF64AVX2 is adamaxF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func adamaxF64AVX2(p, g, m, u []float64, c *AdamaxCoeffs[float64], flags uint64)

// adamaxAsm runs adamaxRef's update with the assembly kernels and reports
// whether it could.
func adamaxAsm[T Float](p, g, m, u []T, c *AdamaxCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		adamaxF32AVX2(as32(p[:k]), as32(g[:k]), as32(m[:k]), as32(u[:k]), retype[AdamaxCoeffs[float32]](c), c.asmFlags())
	} else {
		adamaxF64AVX2(as64(p[:k]), as64(g[:k]), as64(m[:k]), as64(u[:k]), retype[AdamaxCoeffs[float64]](c), c.asmFlags())
	}
	adamaxRef(p[k:], g[k:], m[k:], u[k:], c)
	return true
}
