//go:build !purego

package kernel

// sgdConsts holds the scalars of SGDCoeffs in the layout the assembly reads.
type sgdConsts[E vec] struct {
	negLR, wd, momentum, omd E
}

// Flags of the SGD kernels, as in sgd_amd64.s.
const (
	sgdMaximize = 1 << iota // g = -g
	sgdL2                   // g = g + wd*p
	sgdMomentum             // keep a momentum buffer
	sgdFirst                // first step: the buffer becomes a copy of g
	sgdNesterov             // step along g + momentum*buf instead of buf
)

// sgdF32AVX2 is sgdRef for float32 in AVX2 assembly, 8 elements at a time.
//
//go:noescape
func sgdF32AVX2(p, g, buf []float32, c sgdConsts[float32], flags uint64)

// sgdF64AVX2 is sgdRef for float64 in AVX2 assembly, 4 elements at a time.
//
//go:noescape
func sgdF64AVX2(p, g, buf []float64, c sgdConsts[float64], flags uint64)

// sgdAsm runs sgdRef's update with the assembly kernels and reports whether
// it could.
func sgdAsm[T Float](p, g, buf []T, c *SGDCoeffs[T]) bool {
	if !useAsm {
		return false
	}
	var flags uint64
	if c.Maximize {
		flags |= sgdMaximize
	}
	if c.WeightDecay != 0 {
		flags |= sgdL2
	}
	if buf != nil {
		flags |= sgdMomentum
		buf = buf[:len(p)]
		if c.First {
			flags |= sgdFirst
		}
		if c.Nesterov {
			flags |= sgdNesterov
		}
	}
	g = g[:len(p)]
	if is32[T]() {
		sgdF32AVX2(as32(p), as32(g), as32(buf), newSGDConsts[float32](c), flags)
	} else {
		sgdF64AVX2(as64(p), as64(g), as64(buf), newSGDConsts[float64](c), flags)
	}
	return true
}

// newSGDConsts converts c to E, which must be T's underlying type.
func newSGDConsts[E vec, T Float](c *SGDCoeffs[T]) sgdConsts[E] {
	return sgdConsts[E]{negLR: E(c.NegLR), wd: E(c.WeightDecay), momentum: E(c.Momentum), omd: E(c.OneMinusDamp)}
}
