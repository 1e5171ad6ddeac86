package kernel

// ScheduleFreeCoeffs holds one Schedule-Free AdamW step's scalars, rounded
// to T.
type ScheduleFreeCoeffs[T Float] struct {
	Init                 bool // the first step: z = y before the update
	Beta2, OneMinusBeta2 T
	Eps                  T
	WeightDecay          T // added to the normalized gradient, times y; 0 for none
	C                    T // the averaging weight c_t = w_t / Σ w
	YLR                  T // lr_t*(β1*(1 - c_t) - 1), y's step along the normalized gradient
	NegLR                T // -lr_t, z's step
}

// ScheduleFree performs one Schedule-Free AdamW step on the training point
// y, with the base sequence z and the second moment v, elementwise:
//
//	z = y                                    (first step only)
//	v = v*b2 + ((1-b2)*g)*g
//	u = g / (sqrt(v) + eps);  u = u + wd*y   (wd != 0)
//	y = y + c*(z - y);  y = y + ylr*u
//	z = z + (-lr)*u
func ScheduleFree[T Float](y, g, z, v []T, c *ScheduleFreeCoeffs[T]) {
	run(&scheduleFreePools, operands[T]{y, g, z, v}, c)
}

var scheduleFreePools pools[ScheduleFreeCoeffs[float32], ScheduleFreeCoeffs[float64]]

func (c ScheduleFreeCoeffs[T]) update(o operands[T]) { scheduleFreeRef(o[0], o[1], o[2], o[3], &c) }

func scheduleFreeRef[T Float](y, g, z, v []T, c *ScheduleFreeCoeffs[T]) {
	g, z, v = g[:len(y)], z[:len(y)], v[:len(y)]
	if c.Init {
		copy(z, y)
	}
	for i := range y {
		gi := g[i]
		v[i] = T(v[i]*c.Beta2) + T(T(c.OneMinusBeta2*gi)*gi)
		u := gi / (sqrt(v[i]) + c.Eps)
		if c.WeightDecay != 0 {
			u += T(c.WeightDecay * y[i])
		}
		y[i] += T(c.C * (z[i] - y[i]))
		y[i] += T(c.YLR * u)
		z[i] += T(c.NegLR * u)
	}
}

// Lerp sets p = p + w*(z - p) elementwise: Schedule-Free's move between
// its training point y and its evaluation point x.
func Lerp[T Float](p, z []T, w T) {
	z = z[:len(p)]
	for i := range p {
		p[i] += T(w * (z[i] - p[i]))
	}
}
