package kernel

// AdamaxCoeffs holds one Adamax step's scalars, rounded to T.
type AdamaxCoeffs[T Float] struct {
	Grad[T]
	Beta1, Beta2  T
	OneMinusBeta1 T // 1 - beta1
	NegCLR        T // -lr / (1 - beta1^t)
	Eps           T
}

// Adamax performs one torch 1.13 Adamax step on p with first moment m and
// exponentially weighted infinity norm u:
//
//	m = m*b1 + (1-b1)*g;  u = max(u*b2, |g| + eps)
//	p = p + ((-clr)*m) / u
func Adamax[T Float](p, g, m, u []T, c *AdamaxCoeffs[T]) {
	run(&adamaxPools, operands[T]{p, g, m, u}, c)
}

var adamaxPools pools[AdamaxCoeffs[float32], AdamaxCoeffs[float64]]

func (c AdamaxCoeffs[T]) update(o operands[T]) {
	if k := avx2(adamaxAVX2, &o, &c, c.asmFlags()); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		adamaxRef(r[0], r[1], r[2], r[3], &c)
	}
}

func adamaxRef[T Float](p, g, m, u []T, c *AdamaxCoeffs[T]) {
	g, m, u = g[:len(p)], m[:len(p)], u[:len(p)]
	for i := range p {
		gi := c.of(g[i], p[i])
		m[i] = T(m[i]*c.Beta1) + T(c.OneMinusBeta1*gi)
		u[i] = max(T(u[i]*c.Beta2), abs(gi)+c.Eps)
		p[i] += T(T(c.NegCLR*m[i]) / u[i])
	}
}
