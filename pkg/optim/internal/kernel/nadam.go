package kernel

// NAdamCoeffs holds one NAdam step's scalars, rounded to T.
type NAdamCoeffs[T Float] struct {
	Grad[T]
	Beta1, Beta2  T
	OneMinusBeta1 T // 1 - beta1
	OneMinusBeta2 T // 1 - beta2
	BC2           T // 1 - beta2^t
	GradCoeff     T // -lr*(1-mu_t)/(1-mu_product)
	MomentCoeff   T // -lr*mu_next/(1-mu_product_next)
	Eps           T
}

// NAdam performs one torch 1.13 NAdam step on p with moments m and v:
//
//	m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g
//	denom = sqrt(v / bc2) + eps
//	p = p + (GradCoeff*g)/denom;  p = p + (MomentCoeff*m)/denom
func NAdam[T Float](p, g, m, v []T, c *NAdamCoeffs[T]) {
	run(&nadamPools, operands[T]{p, g, m, v}, c)
}

var nadamPools pools[NAdamCoeffs[float32], NAdamCoeffs[float64]]

func (c NAdamCoeffs[T]) update(o operands[T]) {
	if k := avx2(nadamAVX2, &o, &c, c.asmFlags()); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		nadamRef(r[0], r[1], r[2], r[3], &c)
	}
}

func nadamRef[T Float](p, g, m, v []T, c *NAdamCoeffs[T]) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for i := range p {
		gi := c.of(g[i], p[i])
		m[i] = T(m[i]*c.Beta1) + T(c.OneMinusBeta1*gi)
		v[i] = T(v[i]*c.Beta2) + T(T(c.OneMinusBeta2*gi)*gi)
		denom := sqrt(v[i]/c.BC2) + c.Eps
		p[i] += T(T(c.GradCoeff*gi) / denom)
		p[i] += T(T(c.MomentCoeff*m[i]) / denom)
	}
}
