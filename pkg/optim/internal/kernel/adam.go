package kernel

// AdamCoeffs holds one Adam or AdamW step's scalars, rounded to T.
type AdamCoeffs[T Float] struct {
	Grad[T]         // L2 weight decay (Adam); zero for AdamW
	Decay         T // p = p*Decay first: 1 - lr*weight_decay for AdamW, 1 for Adam
	Beta1, Beta2  T
	OneMinusBeta1 T // 1 - beta1
	OneMinusBeta2 T // 1 - beta2
	NegStepSize   T // -lr / (1 - beta1^t)
	SqrtBC2       T // sqrt(1 - beta2^t)
	Eps           T
}

// Adam performs one torch 1.13 Adam (or AdamW) step on p with moments m and
// v; vmax is AMSGrad's running maximum of v, nil when AMSGrad is off:
//
//	p = p*Decay                                  (AdamW's decoupled decay)
//	m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g
//	vmax = max(vmax, v) and use vmax for v       (AMSGrad)
//	p = p + ((-step_size)*m) / (sqrt(v)/sqrt(bc2) + eps)
func Adam[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) {
	run(&adamPools, operands[T]{p, g, m, v, vmax}, c)
}

var adamPools pools[AdamCoeffs[float32], AdamCoeffs[float64]]

// adamAMSGrad is the Adam kernels' flag for AMSGrad: vmax = max(vmax, v),
// and the denominator uses vmax.
const adamAMSGrad = flagOwn

// update takes the first path that runs: the simd/archsimd kernels in a
// GOEXPERIMENT=simd build (adam_simd.go), the assembly, the reference loop.
func (c AdamCoeffs[T]) update(o operands[T]) {
	if adamSIMD(o[0], o[1], o[2], o[3], o[4], &c) {
		return
	}
	flags := c.asmFlags()
	if o[4] != nil {
		flags |= adamAMSGrad
	}
	if k := avx2(adamAVX2, &o, &c, flags); k < len(o[0]) {
		r := o.part(k, len(o[0]))
		adamRef(r[0], r[1], r[2], r[3], r[4], &c)
	}
}

func adamRef[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	amsgrad := vmax != nil
	if amsgrad {
		vmax = vmax[:len(p)]
	}
	for i := range p {
		gi := c.of(g[i], p[i])
		p[i] = T(p[i] * c.Decay)
		m[i] = T(m[i]*c.Beta1) + T(c.OneMinusBeta1*gi)
		v[i] = T(v[i]*c.Beta2) + T(T(c.OneMinusBeta2*gi)*gi)
		vi := v[i]
		if amsgrad {
			vmax[i] = max(vmax[i], vi)
			vi = vmax[i]
		}
		denom := T(sqrt(vi)/c.SqrtBC2) + c.Eps
		p[i] += T(T(c.NegStepSize*m[i]) / denom)
	}
}
