//go:build !purego

package kernel

// adamConsts holds the scalars of AdamCoeffs in the layout the assembly reads.
type adamConsts[E vec] struct {
	b1, omb1, b2, omb2, sqrtBC2, eps, negStep, wd, decay E
}

// Flags of the Adam kernels, as in adam_amd64.s.
const (
	adamMaximize = 1 << iota // g = -g
	adamL2                   // g = g + wd*p
	adamAMSGrad              // vmax = max(vmax, v); the denominator uses vmax
)

// adamF32AVX2 is adamRef for float32 in AVX2 assembly, 8 elements at a time.
//
//go:noescape
func adamF32AVX2(p, g, m, v, vmax []float32, c adamConsts[float32], flags uint64)

// adamF64AVX2 is adamRef for float64 in AVX2 assembly, 4 elements at a time.
//
//go:noescape
func adamF64AVX2(p, g, m, v, vmax []float64, c adamConsts[float64], flags uint64)

// adamAsm runs adamRef's update with the assembly kernels and reports
// whether it could.
func adamAsm[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= adamMaximize
	}
	if c.WeightDecay != 0 {
		flags |= adamL2
	}
	if vmax != nil {
		flags |= adamAMSGrad
		vmax = vmax[:len(p)]
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	if is32[T]() {
		adamF32AVX2(as32(p), as32(g), as32(m), as32(v), as32(vmax), newAdamConsts[float32](c), flags)
	} else {
		adamF64AVX2(as64(p), as64(g), as64(m), as64(v), as64(vmax), newAdamConsts[float64](c), flags)
	}
	return true
}

// newAdamConsts converts c to E, which must be T's underlying type.
func newAdamConsts[E vec, T Float](c *AdamCoeffs[T]) adamConsts[E] {
	return adamConsts[E]{
		b1: E(c.Beta1), omb1: E(c.OneMinusBeta1),
		b2: E(c.Beta2), omb2: E(c.OneMinusBeta2),
		sqrtBC2: E(c.SqrtBC2), eps: E(c.Eps), negStep: E(c.NegStepSize),
		wd: E(c.WeightDecay), decay: E(c.Decay),
	}
}
