//go:build !purego

package kernel

// radamRectified is the RAdam kernels' flag for the adaptive, rectified step.
const radamRectified = flagOwn

// radamF32AVX2 is radamRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func radamF32AVX2(p, g, m, v []float32, c *RAdamCoeffs[float32], flags uint64)

// radamF64AVX2 is radamF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func radamF64AVX2(p, g, m, v []float64, c *RAdamCoeffs[float64], flags uint64)

// radamAsm runs radamRef's update with the assembly kernels and reports
// whether it could.
func radamAsm[T Float](p, g, m, v []T, c *RAdamCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	flags := c.asmFlags()
	if c.Rectified {
		flags |= radamRectified
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		radamF32AVX2(as32(p[:k]), as32(g[:k]), as32(m[:k]), as32(v[:k]), retype[RAdamCoeffs[float32]](c), flags)
	} else {
		radamF64AVX2(as64(p[:k]), as64(g[:k]), as64(m[:k]), as64(v[:k]), retype[RAdamCoeffs[float64]](c), flags)
	}
	radamRef(p[k:], g[k:], m[k:], v[k:], c)
	return true
}
