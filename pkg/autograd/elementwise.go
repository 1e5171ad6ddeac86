package autograd

import (
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// binary builds an elementwise op on a and b. f computes one output element
// from x (of a) and y (of b); df returns the contributions to a's and b's
// gradients given the output's gradient g. When a or b is broadcast, output
// element i reads element i%len of it, and its gradient sums the copies.
func binary[T tensor.Float](op string, a, b *Var[T], f func(x, y T) T, df func(x, y, g T) (dx, dy T)) *Var[T] {
	out := binaryResult(op, a, b)
	if out.err != nil {
		return out
	}
	av, bv := a.t.Value, b.t.Value
	na, nb := len(av), len(bv)
	// ia and ib run over a and b as i runs over the output, wrapping
	// around the broadcast one: i%na and i%nb without dividing.
	ia, ib := 0, 0
	for i := range out.t.Value {
		out.t.Value[i] = f(av[ia], bv[ib])
		if ia++; ia == na {
			ia = 0
		}
		if ib++; ib == nb {
			ib = 0
		}
	}
	out.backward = func() {
		ag, bg := a.t.Grad, b.t.Grad
		ia, ib := 0, 0
		for _, g := range out.t.Grad {
			dx, dy := df(av[ia], bv[ib], g)
			// T(...) rounds the product df computed before it is added:
			// no fused multiply-add.
			if a.needsGrad {
				ag[ia] += T(dx)
			}
			if b.needsGrad {
				bg[ib] += T(dy)
			}
			if ia++; ia == na {
				ia = 0
			}
			if ib++; ib == nb {
				ib = 0
			}
		}
	}
	return out
}

// binaryResult checks the inputs of the elementwise op and returns its
// result, of the broadcast shape, or a Var holding the error.
func binaryResult[T tensor.Float](op string, a, b *Var[T]) *Var[T] {
	if err := inputErr(op, a, b); err != nil {
		return failed[T](err)
	}
	shape, err := broadcastShape(op, a.t.Shape, b.t.Shape)
	if err != nil {
		return failed[T](err)
	}
	return newResult(op, shape, a, b)
}

// unary builds an elementwise op on x. f computes one output element; df
// returns the contribution to x's gradient given the input element x, the
// output element y and the output's gradient g.
func unary[T tensor.Float](op string, x *Var[T], f func(x T) T, df func(x, y, g T) T) *Var[T] {
	if err := inputErr(op, x); err != nil {
		return failed[T](err)
	}
	out := newResult(op, x.t.Shape, x, nil)
	for i, xi := range x.t.Value {
		out.t.Value[i] = f(xi)
	}
	out.backward = func() {
		if !x.needsGrad {
			return
		}
		for i, g := range out.t.Grad {
			x.t.Grad[i] += T(df(x.t.Value[i], out.t.Value[i], g))
		}
	}
	return out
}

// Add returns a + b elementwise (with broadcasting, see the package doc).
// d/da = 1, d/db = 1.
func Add[T tensor.Float](a, b *Var[T]) *Var[T] {
	// binary's loops written out for the most common op (a bias added to
	// every row of a layer's output): the same arithmetic in the same
	// order, without a function call per element.
	out := binaryResult("Add", a, b)
	if out.err != nil {
		return out
	}
	av, bv, o := a.t.Value, b.t.Value, out.t.Value
	na, nb := len(av), len(bv)
	ia, ib := 0, 0
	for i := range o {
		o[i] = av[ia] + bv[ib]
		if ia++; ia == na {
			ia = 0
		}
		if ib++; ib == nb {
			ib = 0
		}
	}
	out.backward = func() {
		if a.needsGrad {
			addWrapped(a.t.Grad, out.t.Grad)
		}
		if b.needsGrad {
			addWrapped(b.t.Grad, out.t.Grad)
		}
	}
	return out
}

// addWrapped adds g[i] to dst[i mod len(dst)] for every i in order: the
// gradient of an operand broadcast over g (or of one of g's shape).
func addWrapped[T tensor.Float](dst, g []T) {
	if len(dst) == len(g) {
		for i, v := range g {
			dst[i] += v
		}
		return
	}
	for base := 0; base < len(g); base += len(dst) {
		for j, v := range g[base : base+len(dst)] {
			dst[j] += v
		}
	}
}

// Sub returns a - b elementwise. d/da = 1, d/db = -1.
func Sub[T tensor.Float](a, b *Var[T]) *Var[T] {
	return binary("Sub", a, b,
		func(x, y T) T { return x - y },
		func(x, y, g T) (T, T) { return g, -g })
}

// Mul returns a * b elementwise. d/da = b, d/db = a.
func Mul[T tensor.Float](a, b *Var[T]) *Var[T] {
	return binary("Mul", a, b,
		func(x, y T) T { return x * y },
		func(x, y, g T) (T, T) { return g * y, g * x })
}

// Div returns a / b elementwise. d/da = 1/b, d/db = -a/b².
func Div[T tensor.Float](a, b *Var[T]) *Var[T] {
	return binary("Div", a, b,
		func(x, y T) T { return x / y },
		func(x, y, g T) (T, T) { return g / y, -g * (x / y / y) })
}

// Neg returns -x. d/dx = -1.
func Neg[T tensor.Float](x *Var[T]) *Var[T] {
	return unary("Neg", x,
		func(x T) T { return -x },
		func(x, y, g T) T { return -g })
}

// Square returns x² elementwise, computed as x*x. d/dx = 2x.
func Square[T tensor.Float](x *Var[T]) *Var[T] {
	return unary("Square", x,
		func(x T) T { return x * x },
		func(x, y, g T) T { return g * (2 * x) })
}

// Pow returns x^p elementwise for a constant exponent p. d/dx = p·x^(p-1),
// taken as 0 when p = 0 (as torch does, even at x = 0); the gradient passed
// back is still g·0, so a NaN or infinite output gradient g is not hidden.
func Pow[T tensor.Float](x *Var[T], p T) *Var[T] {
	return unary("Pow", x,
		func(x T) T { return pow(x, p) },
		func(x, y, g T) T {
			if p == 0 {
				return g * 0
			}
			return g * T(p*pow(x, p-1))
		})
}

// Exp returns e^x elementwise. d/dx = e^x.
func Exp[T tensor.Float](x *Var[T]) *Var[T] {
	return unary("Exp", x,
		func(x T) T { return T(math.Exp(float64(x))) },
		func(x, y, g T) T { return g * y })
}

// Log returns the natural logarithm of x elementwise (NaN for x < 0, -Inf at
// 0, as torch gives). d/dx = 1/x.
func Log[T tensor.Float](x *Var[T]) *Var[T] {
	return unary("Log", x,
		func(x T) T { return T(math.Log(float64(x))) },
		func(x, y, g T) T { return g / x })
}

// Tanh returns tanh(x) elementwise. d/dx = 1 - tanh²(x).
func Tanh[T tensor.Float](x *Var[T]) *Var[T] {
	return unary("Tanh", x,
		func(x T) T { return T(math.Tanh(float64(x))) },
		func(x, y, g T) T { return g * (1 - T(y*y)) })
}

// Sigmoid returns 1/(1+e^-x) elementwise. d/dx = σ(x)(1-σ(x)).
func Sigmoid[T tensor.Float](x *Var[T]) *Var[T] {
	return unary("Sigmoid", x,
		func(x T) T { return T(1 / (1 + math.Exp(-float64(x)))) },
		func(x, y, g T) T { return g * (1 - y) * y })
}

// ReLU returns max(x, 0) elementwise (NaN for x = NaN). d/dx = 1 for x > 0,
// 0 for x ≤ 0 (0 at x = 0, as torch takes it) and NaN for x = NaN.
//
// The gradient passed back is the product g·(d/dx) in IEEE arithmetic, so a
// NaN or infinite output gradient g gives NaN where x ≤ 0 (0·NaN, 0·∞)
// instead of vanishing; torch's ReLU selects 0 there and would hide it.
func ReLU[T tensor.Float](x *Var[T]) *Var[T] {
	// unary's loops written out for the most common activation: the same
	// arithmetic without a function call per element.
	if err := inputErr("ReLU", x); err != nil {
		return failed[T](err)
	}
	out := newResult("ReLU", x.t.Shape, x, nil)
	xv, y := x.t.Value, out.t.Value
	for i, v := range xv {
		y[i] = max(v, 0)
	}
	out.backward = func() {
		if !x.needsGrad {
			return
		}
		xg := x.t.Grad
		for i, g := range out.t.Grad {
			switch v := xv[i]; {
			case v > 0:
				xg[i] += g
			case v <= 0:
				xg[i] += g * 0
			default: // v is NaN
				xg[i] += g * v
			}
		}
	}
	return out
}

// pow is math.Pow rounded to T.
func pow[T tensor.Float](x, p T) T { return T(math.Pow(float64(x), float64(p))) }
