package kernel

// SGDCoeffs holds one SGD step's scalars, rounded to T.
type SGDCoeffs[T Float] struct {
	Grad[T]
	NegLR        T    // -lr
	Momentum     T    // m; the buffer is used only when the caller passes one
	OneMinusDamp T    // 1 - dampening
	Nesterov     bool // d = g + m*buf instead of d = buf
	First        bool // first step: buf = g (no dampening), torch's lazily created buffer
}

// SGD performs one torch 1.13 SGD step on p. buf is the momentum buffer, nil
// for momentum 0:
//
//	buf = g on the first step, else buf = buf*m + (1-dampening)*g
//	d = g + m*buf (Nesterov) or d = buf;  without momentum d = g
//	p = p + (-lr)*d
func SGD[T Float](p, g, buf []T, c *SGDCoeffs[T]) {
	run(&sgdPools, operands[T]{p, g, buf}, c)
}

var sgdPools pools[SGDCoeffs[float32], SGDCoeffs[float64]]

// Flags of the SGD kernels beyond flagMaximize and flagL2.
const (
	sgdMomentum = flagOwn << iota // keep a momentum buffer
	sgdFirst                      // first step: the buffer becomes a copy of g
	sgdNesterov                   // step along g + momentum*buf instead of buf
)

func (c SGDCoeffs[T]) update(o operands[T]) {
	flags := c.asmFlags()
	if o[2] != nil {
		flags |= sgdMomentum
		if c.First {
			flags |= sgdFirst
		}
		if c.Nesterov {
			flags |= sgdNesterov
		}
	}
	if k := avx2(sgdAVX2, &o, &c, flags); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		sgdRef(r[0], r[1], r[2], &c)
	}
}

func sgdRef[T Float](p, g, buf []T, c *SGDCoeffs[T]) {
	g = g[:len(p)]
	if buf == nil {
		for i := range p {
			p[i] += T(c.NegLR * c.of(g[i], p[i]))
		}
		return
	}
	buf = buf[:len(p)]
	for i := range p {
		d := c.of(g[i], p[i])
		if c.First {
			buf[i] = d
		} else {
			buf[i] = T(buf[i]*c.Momentum) + T(c.OneMinusDamp*d)
		}
		if c.Nesterov {
			d += T(c.Momentum * buf[i])
		} else {
			d = buf[i]
		}
		p[i] += T(c.NegLR * d)
	}
}
