//go:build !purego

package kernel

// adamAMSGrad is the Adam kernels' flag for AMSGrad: vmax = max(vmax, v),
// and the denominator uses vmax.
const adamAMSGrad = flagOwn

// adamF32AVX2 is adamRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func adamF32AVX2(p, g, m, v, vmax []float32, c *AdamCoeffs[float32], flags uint64)

// adamF64AVX2 is adamF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func adamF64AVX2(p, g, m, v, vmax []float64, c *AdamCoeffs[float64], flags uint64)

// adamAsm runs adamRef's update with the assembly kernels and reports
// whether it could.
func adamAsm[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	flags := c.asmFlags()
	if vmax != nil {
		flags |= adamAMSGrad
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		adamF32AVX2(as32(p[:k]), as32(g[:k]), as32(m[:k]), as32(v[:k]), as32(part(vmax, 0, k)), retype[AdamCoeffs[float32]](c), flags)
	} else {
		adamF64AVX2(as64(p[:k]), as64(g[:k]), as64(m[:k]), as64(v[:k]), as64(part(vmax, 0, k)), retype[AdamCoeffs[float64]](c), flags)
	}
	adamRef(p[k:], g[k:], m[k:], v[k:], part(vmax, k, len(p)), c)
	return true
}
