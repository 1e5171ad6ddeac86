//go:build !purego

package kernel

// Flags of the SGD kernels beyond flagMaximize and flagL2.
const (
	sgdMomentum = flagOwn << iota // keep a momentum buffer
	sgdFirst                      // first step: the buffer becomes a copy of g
	sgdNesterov                   // step along g + momentum*buf instead of buf
)

// sgdF32AVX2 is sgdRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func sgdF32AVX2(p, g, buf []float32, c *SGDCoeffs[float32], flags uint64)

// sgdF64AVX2 is sgdF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func sgdF64AVX2(p, g, buf []float64, c *SGDCoeffs[float64], flags uint64)

// sgdAsm runs sgdRef's update with the assembly kernels and reports
// whether it could.
func sgdAsm[T Float](p, g, buf []T, c *SGDCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	flags := c.asmFlags()
	if buf != nil {
		flags |= sgdMomentum
		if c.First {
			flags |= sgdFirst
		}
		if c.Nesterov {
			flags |= sgdNesterov
		}
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		sgdF32AVX2(as32(p[:k]), as32(g[:k]), as32(part(buf, 0, k)), retype[SGDCoeffs[float32]](c), flags)
	} else {
		sgdF64AVX2(as64(p[:k]), as64(g[:k]), as64(part(buf, 0, k)), retype[SGDCoeffs[float64]](c), flags)
	}
	sgdRef(p[k:], g[k:], part(buf, k, len(p)), c)
	return true
}
