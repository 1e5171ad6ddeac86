//go:build !purego

package kernel

// adagradConsts holds the scalars of AdagradCoeffs in the layout the
// assembly reads.
type adagradConsts[E vec] struct {
	negCLR, eps, wd E
}

// Flags of the Adagrad kernels, as in adagrad_amd64.s.
const (
	adagradMaximize = 1 << iota // g = -g
	adagradL2                   // g = g + wd*p
)

// adagradF32AVX2 is adagradRef for float32 in AVX2 assembly, 8 elements at
// a time.
//
//go:noescape
func adagradF32AVX2(p, g, sum []float32, c adagradConsts[float32], flags uint64)

// adagradF64AVX2 is adagradRef for float64 in AVX2 assembly, 4 elements at
// a time.
//
//go:noescape
func adagradF64AVX2(p, g, sum []float64, c adagradConsts[float64], flags uint64)

// adagradAsm runs adagradRef's update with the assembly kernels and reports
// whether it could.
func adagradAsm[T Float](p, g, sum []T, c *AdagradCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= adagradMaximize
	}
	if c.WeightDecay != 0 {
		flags |= adagradL2
	}
	g, sum = g[:len(p)], sum[:len(p)]
	if is32[T]() {
		adagradF32AVX2(as32(p), as32(g), as32(sum), newAdagradConsts[float32](c), flags)
	} else {
		adagradF64AVX2(as64(p), as64(g), as64(sum), newAdagradConsts[float64](c), flags)
	}
	return true
}

// newAdagradConsts converts c to E, which must be T's underlying type.
func newAdagradConsts[E vec, T Float](c *AdagradCoeffs[T]) adagradConsts[E] {
	return adagradConsts[E]{negCLR: E(c.NegCLR), eps: E(c.Eps), wd: E(c.WeightDecay)}
}
