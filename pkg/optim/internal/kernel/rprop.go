package kernel

// RpropCoeffs holds one Rprop step's scalars, rounded to T.
type RpropCoeffs[T Float] struct {
	Maximize          bool
	EtaMinus, EtaPlus T // the factors of a step size where the gradient's sign flips and where it stays
	StepMin, StepMax  T // the bounds of a step size
}

// Rprop performs one torch 1.13 Rprop step on p with the previous gradient
// prev and the step sizes ss, elementwise:
//
//	f = etaplus if g*prev > 0, etaminus if g*prev < 0, else 1
//	ss = clamp(ss*f, step_min, step_max)
//	g = 0 where f == etaminus (the sign flipped: no step, and no flip next time)
//	p = p - sign(g)*ss;  prev = g
//
// with torch's sign: +1, -1, or 0 for ±0 and NaN.
func Rprop[T Float](p, g, prev, ss []T, c *RpropCoeffs[T]) {
	run(&rpropPools, operands[T]{p, g, prev, ss}, c)
}

var rpropPools pools[RpropCoeffs[float32], RpropCoeffs[float64]]

func (c RpropCoeffs[T]) update(o operands[T]) { rpropRef(o[0], o[1], o[2], o[3], &c) }

func rpropRef[T Float](p, g, prev, ss []T, c *RpropCoeffs[T]) {
	g, prev, ss = g[:len(p)], prev[:len(p)], ss[:len(p)]
	for i := range p {
		gi := g[i]
		if c.Maximize {
			gi = -gi
		}
		var f T = 1
		switch s := T(gi * prev[i]); {
		case s > 0:
			f = c.EtaPlus
		case s < 0:
			f = c.EtaMinus
		}
		ss[i] = min(max(T(ss[i]*f), c.StepMin), c.StepMax) // torch's clamp: NaN stays NaN
		if f == c.EtaMinus {
			gi = 0
		}
		p[i] -= sign(gi) * ss[i]
		prev[i] = gi
	}
}

// sign is torch's sign: (0 < x) - (x < 0), so +0 for ±0 and NaN.
func sign[T Float](x T) T {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
