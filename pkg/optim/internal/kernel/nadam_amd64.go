//go:build !purego

package kernel

// nadamConsts holds the scalars of NAdamCoeffs in the layout the assembly
// reads.
type nadamConsts[E vec] struct {
	b1, omb1, b2, omb2, bc2, gradCoeff, momentCoeff, eps, wd E
}

// Flags of the NAdam kernels, as in nadam_amd64.s.
const (
	nadamMaximize = 1 << iota // g = -g
	nadamL2                   // g = g + wd*p
)

// nadamF32AVX2 is nadamRef for float32 in AVX2 assembly, 8 elements at a
// time.
//
//go:noescape
func nadamF32AVX2(p, g, m, v []float32, c nadamConsts[float32], flags uint64)

// nadamF64AVX2 is nadamRef for float64 in AVX2 assembly, 4 elements at a
// time.
//
//go:noescape
func nadamF64AVX2(p, g, m, v []float64, c nadamConsts[float64], flags uint64)

// nadamAsm runs nadamRef's update with the assembly kernels and reports
// whether it could.
func nadamAsm[T Float](p, g, m, v []T, c *NAdamCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= nadamMaximize
	}
	if c.WeightDecay != 0 {
		flags |= nadamL2
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	if is32[T]() {
		nadamF32AVX2(as32(p), as32(g), as32(m), as32(v), newNAdamConsts[float32](c), flags)
	} else {
		nadamF64AVX2(as64(p), as64(g), as64(m), as64(v), newNAdamConsts[float64](c), flags)
	}
	return true
}

// newNAdamConsts converts c to E, which must be T's underlying type.
func newNAdamConsts[E vec, T Float](c *NAdamCoeffs[T]) nadamConsts[E] {
	return nadamConsts[E]{
		b1: E(c.Beta1), omb1: E(c.OneMinusBeta1), b2: E(c.Beta2), omb2: E(c.OneMinusBeta2),
		bc2: E(c.BC2), gradCoeff: E(c.GradCoeff), momentCoeff: E(c.MomentCoeff),
		eps: E(c.Eps), wd: E(c.WeightDecay),
	}
}
