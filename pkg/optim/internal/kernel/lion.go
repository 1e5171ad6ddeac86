package kernel

// LionCoeffs holds one Lion step's scalars, rounded to T.
type LionCoeffs[T Float] struct {
	Decay                T // p = p*Decay first: 1 - lr*weight_decay
	LR                   T
	Beta1, OneMinusBeta1 T // the interpolation that gives the update's sign
	Beta2, OneMinusBeta2 T // the momentum's decay
}

// Lion performs one Lion step on p with the momentum m, elementwise:
//
//	p = p*Decay
//	c = m*b1 + (1-b1)*g
//	p = p - lr*sign(c)
//	m = m*b2 + (1-b2)*g
//
// with sign(c) +1, -1, or 0 for ±0 and NaN, so lr*sign(c) is exact.
func Lion[T Float](p, g, m []T, c *LionCoeffs[T]) {
	run(&lionPools, operands[T]{p, g, m}, c)
}

var lionPools pools[LionCoeffs[float32], LionCoeffs[float64]]

func (c LionCoeffs[T]) update(o operands[T]) { lionRef(o[0], o[1], o[2], &c) }

func lionRef[T Float](p, g, m []T, c *LionCoeffs[T]) {
	g, m = g[:len(p)], m[:len(p)]
	for i := range p {
		gi := g[i]
		p[i] = T(p[i] * c.Decay)
		ci := T(m[i]*c.Beta1) + T(c.OneMinusBeta1*gi)
		p[i] -= T(c.LR * sign(ci))
		m[i] = T(m[i]*c.Beta2) + T(c.OneMinusBeta2*gi)
	}
}
