//go:build !purego

package kernel

// adamaxConsts holds the scalars of AdamaxCoeffs in the layout the assembly
// reads.
type adamaxConsts[E vec] struct {
	b1, omb1, b2, negCLR, eps, wd E
}

// Flags of the Adamax kernels, as in adamax_amd64.s.
const (
	adamaxMaximize = 1 << iota // g = -g
	adamaxL2                   // g = g + wd*p
)

// adamaxF32AVX2 is adamaxRef for float32 in AVX2 assembly, 8 elements at a
// time.
//
//go:noescape
func adamaxF32AVX2(p, g, m, u []float32, c adamaxConsts[float32], flags uint64)

// adamaxF64AVX2 is adamaxRef for float64 in AVX2 assembly, 4 elements at a
// time.
//
//go:noescape
func adamaxF64AVX2(p, g, m, u []float64, c adamaxConsts[float64], flags uint64)

// adamaxAsm runs adamaxRef's update with the assembly kernels and reports
// whether it could.
func adamaxAsm[T Float](p, g, m, u []T, c *AdamaxCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= adamaxMaximize
	}
	if c.WeightDecay != 0 {
		flags |= adamaxL2
	}
	g, m, u = g[:len(p)], m[:len(p)], u[:len(p)]
	if is32[T]() {
		adamaxF32AVX2(as32(p), as32(g), as32(m), as32(u), newAdamaxConsts[float32](c), flags)
	} else {
		adamaxF64AVX2(as64(p), as64(g), as64(m), as64(u), newAdamaxConsts[float64](c), flags)
	}
	return true
}

// newAdamaxConsts converts c to E, which must be T's underlying type.
func newAdamaxConsts[E vec, T Float](c *AdamaxCoeffs[T]) adamaxConsts[E] {
	return adamaxConsts[E]{
		b1: E(c.Beta1), omb1: E(c.OneMinusBeta1), b2: E(c.Beta2),
		negCLR: E(c.NegCLR), eps: E(c.Eps), wd: E(c.WeightDecay),
	}
}
