//go:build !purego

package kernel

// nadamF32AVX2 is nadamRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func nadamF32AVX2(p, g, m, v []float32, c *NAdamCoeffs[float32], flags uint64)

// nadamF64AVX2 is nadamF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func nadamF64AVX2(p, g, m, v []float64, c *NAdamCoeffs[float64], flags uint64)

// nadamAsm runs nadamRef's update with the assembly kernels and reports
// whether it could.
func nadamAsm[T Float](p, g, m, v []T, c *NAdamCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		nadamF32AVX2(as32(p[:k]), as32(g[:k]), as32(m[:k]), as32(v[:k]), retype[NAdamCoeffs[float32]](c), c.asmFlags())
	} else {
		nadamF64AVX2(as64(p[:k]), as64(g[:k]), as64(m[:k]), as64(v[:k]), retype[NAdamCoeffs[float64]](c), c.asmFlags())
	}
	nadamRef(p[k:], g[k:], m[k:], v[k:], c)
	return true
}
