package kernel

// RAdamCoeffs holds one RAdam step's scalars, rounded to T.
type RAdamCoeffs[T Float] struct {
	Grad[T]
	Beta1, Beta2  T
	OneMinusBeta1 T    // 1 - beta1
	OneMinusBeta2 T    // 1 - beta2
	BC1           T    // 1 - beta1^t
	LR            T    // lr
	Rectified     bool // rho_t > 5: use the adaptive, rectified step
	SqrtBC2       T    // sqrt(1 - beta2^t), used when Rectified
	Rect          T    // the variance rectification term r_t, used when Rectified
	Eps           T
}

// RAdam performs one torch 1.13 RAdam step on p with moments m and v:
//
//	m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  bcm = m / bc1
//	p = p - ((bcm*lr) * ((1/(sqrt(v)+eps)) * sqrt(bc2))) * rect   (Rectified)
//	p = p - bcm*lr                                                 (otherwise)
func RAdam[T Float](p, g, m, v []T, c *RAdamCoeffs[T]) {
	run(&radamPools, operands[T]{p, g, m, v}, c)
}

var radamPools pools[RAdamCoeffs[float32], RAdamCoeffs[float64]]

// radamRectified is the RAdam kernels' flag for the adaptive, rectified step.
const radamRectified = flagOwn

func (c RAdamCoeffs[T]) update(o operands[T]) {
	flags := c.asmFlags()
	if c.Rectified {
		flags |= radamRectified
	}
	if k := avx2(radamAVX2, &o, &c, flags); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		radamRef(r[0], r[1], r[2], r[3], &c)
	}
}

func radamRef[T Float](p, g, m, v []T, c *RAdamCoeffs[T]) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for i := range p {
		gi := c.of(g[i], p[i])
		m[i] = T(m[i]*c.Beta1) + T(c.OneMinusBeta1*gi)
		v[i] = T(v[i]*c.Beta2) + T(T(c.OneMinusBeta2*gi)*gi)
		step := T(T(m[i]/c.BC1) * c.LR)
		if c.Rectified {
			// torch evaluates float/tensor as reciprocal(tensor)*float
			adaptive := T(T(1/(sqrt(v[i])+c.Eps)) * c.SqrtBC2)
			step = T(T(step*adaptive) * c.Rect)
		}
		p[i] -= step
	}
}
