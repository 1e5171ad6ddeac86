package kernel

// AdadeltaCoeffs holds one Adadelta step's scalars, rounded to T.
type AdadeltaCoeffs[T Float] struct {
	Grad[T]
	NegLR       T // -lr
	Rho         T
	OneMinusRho T // 1 - rho
	Eps         T
}

// Adadelta performs one torch 1.13 Adadelta step on p with the running mean
// of squared gradients sq and of squared updates acc:
//
//	sq = sq*rho + ((1-rho)*g)*g
//	delta = (sqrt(acc + eps) / sqrt(sq + eps)) * g
//	acc = acc*rho + ((1-rho)*delta)*delta
//	p = p + (-lr)*delta
func Adadelta[T Float](p, g, sq, acc []T, c *AdadeltaCoeffs[T]) {
	run(&adadeltaPools, operands[T]{p, g, sq, acc}, c)
}

var adadeltaPools pools[AdadeltaCoeffs[float32], AdadeltaCoeffs[float64]]

func (c AdadeltaCoeffs[T]) update(o operands[T]) {
	if k := avx2(adadeltaAVX2, &o, &c, c.asmFlags()); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		adadeltaRef(r[0], r[1], r[2], r[3], &c)
	}
}

func adadeltaRef[T Float](p, g, sq, acc []T, c *AdadeltaCoeffs[T]) {
	g, sq, acc = g[:len(p)], sq[:len(p)], acc[:len(p)]
	for i := range p {
		gi := c.of(g[i], p[i])
		sq[i] = T(sq[i]*c.Rho) + T(T(c.OneMinusRho*gi)*gi)
		std := sqrt(sq[i] + c.Eps)
		delta := T(T(sqrt(acc[i]+c.Eps)/std) * gi)
		acc[i] = T(acc[i]*c.Rho) + T(T(c.OneMinusRho*delta)*delta)
		p[i] += T(c.NegLR * delta)
	}
}
