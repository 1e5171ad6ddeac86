//go:build !purego

package kernel

// radamConsts holds the scalars of RAdamCoeffs in the layout the assembly
// reads, and the constants -0 and 1 for which it has no register to spare.
type radamConsts[E vec] struct {
	b1, omb1, b2, omb2, bc1, lr, sqrtBC2, rect, eps E
	negZero, wd, one                                E
}

// Flags of the RAdam kernels, as in radam_amd64.s.
const (
	radamMaximize  = 1 << iota // g = -g
	radamL2                    // g = g + wd*p
	radamRectified             // the adaptive, rectified step
)

// radamF32AVX2 is radamRef for float32 in AVX2 assembly, 8 elements at a
// time.
//
//go:noescape
func radamF32AVX2(p, g, m, v []float32, c radamConsts[float32], flags uint64)

// radamF64AVX2 is radamRef for float64 in AVX2 assembly, 4 elements at a
// time.
//
//go:noescape
func radamF64AVX2(p, g, m, v []float64, c radamConsts[float64], flags uint64)

// radamAsm runs radamRef's update with the assembly kernels and reports
// whether it could.
func radamAsm[T Float](p, g, m, v []T, c *RAdamCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= radamMaximize
	}
	if c.WeightDecay != 0 {
		flags |= radamL2
	}
	if c.Rectified {
		flags |= radamRectified
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	if is32[T]() {
		radamF32AVX2(as32(p), as32(g), as32(m), as32(v), newRAdamConsts[float32](c), flags)
	} else {
		radamF64AVX2(as64(p), as64(g), as64(m), as64(v), newRAdamConsts[float64](c), flags)
	}
	return true
}

// newRAdamConsts converts c to E, which must be T's underlying type.
func newRAdamConsts[E vec, T Float](c *RAdamCoeffs[T]) radamConsts[E] {
	negZero := E(0)
	negZero = -negZero
	return radamConsts[E]{
		b1: E(c.Beta1), omb1: E(c.OneMinusBeta1), b2: E(c.Beta2), omb2: E(c.OneMinusBeta2),
		bc1: E(c.BC1), lr: E(c.LR), sqrtBC2: E(c.SqrtBC2), rect: E(c.Rect), eps: E(c.Eps),
		negZero: negZero, wd: E(c.WeightDecay), one: 1,
	}
}
