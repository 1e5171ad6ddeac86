//go:build !purego

package kernel

// adadeltaConsts holds the scalars of AdadeltaCoeffs in the layout the
// assembly reads.
type adadeltaConsts[E vec] struct {
	negLR, rho, omr, eps, wd E
}

// Flags of the Adadelta kernels, as in adadelta_amd64.s.
const (
	adadeltaMaximize = 1 << iota // g = -g
	adadeltaL2                   // g = g + wd*p
)

// adadeltaF32AVX2 is adadeltaRef for float32 in AVX2 assembly, 8 elements
// at a time.
//
//go:noescape
func adadeltaF32AVX2(p, g, sq, acc []float32, c adadeltaConsts[float32], flags uint64)

// adadeltaF64AVX2 is adadeltaRef for float64 in AVX2 assembly, 4 elements
// at a time.
//
//go:noescape
func adadeltaF64AVX2(p, g, sq, acc []float64, c adadeltaConsts[float64], flags uint64)

// adadeltaAsm runs adadeltaRef's update with the assembly kernels and
// reports whether it could.
func adadeltaAsm[T Float](p, g, sq, acc []T, c *AdadeltaCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= adadeltaMaximize
	}
	if c.WeightDecay != 0 {
		flags |= adadeltaL2
	}
	g, sq, acc = g[:len(p)], sq[:len(p)], acc[:len(p)]
	if is32[T]() {
		adadeltaF32AVX2(as32(p), as32(g), as32(sq), as32(acc), newAdadeltaConsts[float32](c), flags)
	} else {
		adadeltaF64AVX2(as64(p), as64(g), as64(sq), as64(acc), newAdadeltaConsts[float64](c), flags)
	}
	return true
}

// newAdadeltaConsts converts c to E, which must be T's underlying type.
func newAdadeltaConsts[E vec, T Float](c *AdadeltaCoeffs[T]) adadeltaConsts[E] {
	return adadeltaConsts[E]{negLR: E(c.NegLR), rho: E(c.Rho), omr: E(c.OneMinusRho), eps: E(c.Eps), wd: E(c.WeightDecay)}
}
