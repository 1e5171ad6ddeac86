//go:build !purego

package kernel

// rmspropConsts holds the scalars of RMSpropCoeffs in the layout the
// assembly reads.
type rmspropConsts[E vec] struct {
	alpha, oma, eps, negLR, wd, momentum E
}

// Flags of the RMSprop kernels, as in rmsprop_amd64.s.
const (
	rmspropMaximize = 1 << iota // g = -g
	rmspropL2                   // g = g + wd*p
	rmspropCentered             // keep the gradient average ga
	rmspropMomentum             // keep a momentum buffer
)

// rmspropF32AVX2 is rmspropRef for float32 in AVX2 assembly, 8 elements at
// a time.
//
//go:noescape
func rmspropF32AVX2(p, g, sq, ga, buf []float32, c rmspropConsts[float32], flags uint64)

// rmspropF64AVX2 is rmspropRef for float64 in AVX2 assembly, 4 elements at
// a time.
//
//go:noescape
func rmspropF64AVX2(p, g, sq, ga, buf []float64, c rmspropConsts[float64], flags uint64)

// rmspropAsm runs rmspropRef's update with the assembly kernels and reports
// whether it could.
func rmspropAsm[T Float](p, g, sq, ga, buf []T, c *RMSpropCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= rmspropMaximize
	}
	if c.WeightDecay != 0 {
		flags |= rmspropL2
	}
	if ga != nil {
		flags |= rmspropCentered
		ga = ga[:len(p)]
	}
	if buf != nil {
		flags |= rmspropMomentum
		buf = buf[:len(p)]
	}
	g, sq = g[:len(p)], sq[:len(p)]
	if is32[T]() {
		rmspropF32AVX2(as32(p), as32(g), as32(sq), as32(ga), as32(buf), newRMSpropConsts[float32](c), flags)
	} else {
		rmspropF64AVX2(as64(p), as64(g), as64(sq), as64(ga), as64(buf), newRMSpropConsts[float64](c), flags)
	}
	return true
}

// newRMSpropConsts converts c to E, which must be T's underlying type.
func newRMSpropConsts[E vec, T Float](c *RMSpropCoeffs[T]) rmspropConsts[E] {
	return rmspropConsts[E]{
		alpha: E(c.Alpha), oma: E(c.OneMinusAlpha), eps: E(c.Eps),
		negLR: E(c.NegLR), wd: E(c.WeightDecay), momentum: E(c.Momentum),
	}
}
