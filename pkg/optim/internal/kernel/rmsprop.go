package kernel

// RMSpropCoeffs holds one RMSprop step's scalars, rounded to T.
type RMSpropCoeffs[T Float] struct {
	Grad[T]
	NegLR         T // -lr
	Alpha         T
	OneMinusAlpha T // 1 - alpha
	Eps           T
	Momentum      T // used only when the caller passes a buffer
}

// RMSprop performs one torch 1.13 RMSprop step on p. sq is the running mean
// of squared gradients; ga the running mean of gradients (nil unless
// centered); buf the momentum buffer (nil for momentum 0):
//
//	sq = sq*alpha + ((1-alpha)*g)*g
//	ga = ga*alpha + (1-alpha)*g;  avg = sqrt(sq - ga*ga) + eps   (centered)
//	avg = sqrt(sq) + eps                                         (otherwise)
//	buf = buf*m + g/avg;  p = p + (-lr)*buf                      (momentum)
//	p = p + ((-lr)*g)/avg                                        (otherwise)
func RMSprop[T Float](p, g, sq, ga, buf []T, c *RMSpropCoeffs[T]) {
	run(&rmspropPools, operands[T]{p, g, sq, ga, buf}, c)
}

var rmspropPools pools[RMSpropCoeffs[float32], RMSpropCoeffs[float64]]

// Flags of the RMSprop kernels beyond flagMaximize and flagL2.
const (
	rmspropCentered = flagOwn << iota // keep the gradient average ga
	rmspropMomentum                   // keep a momentum buffer
)

func (c RMSpropCoeffs[T]) update(o operands[T]) {
	flags := c.asmFlags()
	if o[3] != nil {
		flags |= rmspropCentered
	}
	if o[4] != nil {
		flags |= rmspropMomentum
	}
	if k := avx2(rmspropAVX2, &o, &c, flags); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		rmspropRef(r[0], r[1], r[2], r[3], r[4], &c)
	}
}

func rmspropRef[T Float](p, g, sq, ga, buf []T, c *RMSpropCoeffs[T]) {
	g, sq = g[:len(p)], sq[:len(p)]
	centered, momentum := ga != nil, buf != nil
	if centered {
		ga = ga[:len(p)]
	}
	if momentum {
		buf = buf[:len(p)]
	}
	for i := range p {
		gi := c.of(g[i], p[i])
		sq[i] = T(sq[i]*c.Alpha) + T(T(c.OneMinusAlpha*gi)*gi)
		var avg T
		if centered {
			ga[i] = T(ga[i]*c.Alpha) + T(c.OneMinusAlpha*gi)
			avg = sqrt(sq[i] - T(ga[i]*ga[i])) // torch: addcmul(sq, ga, ga, value=-1)
		} else {
			avg = sqrt(sq[i])
		}
		avg += c.Eps
		if momentum {
			buf[i] = T(buf[i]*c.Momentum) + T(gi/avg)
			p[i] += T(c.NegLR * buf[i])
		} else {
			p[i] += T(T(c.NegLR*gi) / avg)
		}
	}
}
