//go:build !purego

package kernel

// Flags of the RMSprop kernels beyond flagMaximize and flagL2.
const (
	rmspropCentered = flagOwn << iota // keep the gradient average ga
	rmspropMomentum                   // keep a momentum buffer
)

// rmspropF32AVX2 is rmspropRef for float32 in AVX2 assembly, 8 elements at a
// time; it leaves the elements after the last multiple of 8.
//
//go:noescape
func rmspropF32AVX2(p, g, sq, ga, buf []float32, c *RMSpropCoeffs[float32], flags uint64)

// rmspropF64AVX2 is rmspropF32AVX2 for float64, 4 elements at a time.
//
//go:noescape
func rmspropF64AVX2(p, g, sq, ga, buf []float64, c *RMSpropCoeffs[float64], flags uint64)

// rmspropAsm runs rmspropRef's update with the assembly kernels and reports
// whether it could.
func rmspropAsm[T Float](p, g, sq, ga, buf []T, c *RMSpropCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	flags := c.asmFlags()
	if ga != nil {
		flags |= rmspropCentered
	}
	if buf != nil {
		flags |= rmspropMomentum
	}
	k := vectorized[T](len(p))
	if is32[T]() {
		rmspropF32AVX2(as32(p[:k]), as32(g[:k]), as32(sq[:k]), as32(part(ga, 0, k)), as32(part(buf, 0, k)), retype[RMSpropCoeffs[float32]](c), flags)
	} else {
		rmspropF64AVX2(as64(p[:k]), as64(g[:k]), as64(sq[:k]), as64(part(ga, 0, k)), as64(part(buf, 0, k)), retype[RMSpropCoeffs[float64]](c), flags)
	}
	rmspropRef(p[k:], g[k:], sq[k:], part(ga, k, len(p)), part(buf, k, len(p)), c)
	return true
}
