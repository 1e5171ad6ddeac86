package kernel

// AdagradCoeffs holds one Adagrad step's scalars, rounded to T.
type AdagradCoeffs[T Float] struct {
	Grad[T]
	NegCLR T // -lr / (1 + (t-1)*lr_decay)
	Eps    T
}

// Adagrad performs one torch 1.13 Adagrad step on p with accumulator sum:
//
//	sum = sum + g*g;  p = p + ((-clr)*g) / (sqrt(sum) + eps)
func Adagrad[T Float](p, g, sum []T, c *AdagradCoeffs[T]) {
	run(&adagradPools, operands[T]{p, g, sum}, c)
}

var adagradPools pools[AdagradCoeffs[float32], AdagradCoeffs[float64]]

func (c AdagradCoeffs[T]) update(o operands[T]) {
	if k := avx2(adagradAVX2, &o, &c, c.asmFlags()); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		adagradRef(r[0], r[1], r[2], &c)
	}
}

func adagradRef[T Float](p, g, sum []T, c *AdagradCoeffs[T]) {
	g, sum = g[:len(p)], sum[:len(p)]
	for i := range p {
		gi := c.of(g[i], p[i])
		sum[i] += T(gi * gi)
		std := sqrt(sum[i]) + c.Eps
		p[i] += T(T(c.NegCLR*gi) / std)
	}
}
