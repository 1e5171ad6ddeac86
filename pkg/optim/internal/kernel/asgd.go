package kernel

// ASGDCoeffs holds one ASGD step's scalars, rounded to T.
type ASGDCoeffs[T Float] struct {
	Grad[T]
	Decay   T    // 1 - lambd*eta
	NegEta  T    // -eta
	Mu      T    // the averaging weight
	Average bool // mu != 1: ax moves towards p by mu; otherwise ax = p
}

// ASGD performs one torch 1.13 ASGD step on p with the averaged iterate ax:
//
//	p = p*Decay;  p = p + (-eta)*g
//	ax = ax + (p - ax)*mu   if Average, else ax = p
func ASGD[T Float](p, g, ax []T, c *ASGDCoeffs[T]) {
	run(&asgdPools, operands[T]{p, g, ax}, c)
}

var asgdPools pools[ASGDCoeffs[float32], ASGDCoeffs[float64]]

func (c ASGDCoeffs[T]) update(o operands[T]) { asgdRef(o[0], o[1], o[2], &c) }

func asgdRef[T Float](p, g, ax []T, c *ASGDCoeffs[T]) {
	g, ax = g[:len(p)], ax[:len(p)]
	for i := range p {
		gi := c.of(g[i], p[i])
		p[i] = T(p[i] * c.Decay)
		p[i] += T(c.NegEta * gi)
		if c.Average {
			ax[i] += T(T(p[i]-ax[i]) * c.Mu)
		} else {
			ax[i] = p[i]
		}
	}
}
