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
	if err := inputErr(op, a, b); err != nil {
		return failed[T](err)
	}
	shape, err := broadcastShape(op, a.t.Shape, b.t.Shape)
	if err != nil {
		return failed[T](err)
	}
	out := newResult(op, shape, a, b)
	av, bv := a.t.Value, b.t.Value
	na, nb := len(av), len(bv)
	for i := range out.t.Value {
		out.t.Value[i] = f(av[i%na], bv[i%nb])
	}
	out.backward = func() {
		for i, g := range out.t.Grad {
			dx, dy := df(av[i%na], bv[i%nb], g)
			// T(...) rounds the product df computed before it is added:
			// no fused multiply-add.
			if a.needsGrad {
				a.t.Grad[i%na] += T(dx)
			}
			if b.needsGrad {
				b.t.Grad[i%nb] += T(dy)
			}
		}
	}
	return out
}

// unary builds an elementwise op on x. f computes one output element; df
// returns the contribution to x's gradient given the input element x, the
// output element y and the output's gradient g.
func unary[T tensor.Float](op string, x *Var[T], f func(x T) T, df func(x, y, g T) T) *Var[T] {
	if err := inputErr(op, x); err != nil {
		return failed[T](err)
	}
	out := newResult(op, x.t.Shape, x)
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
	return binary("Add", a, b,
		func(x, y T) T { return x + y },
		func(x, y, g T) (T, T) { return g, g })
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
	return unary("ReLU", x,
		func(x T) T { return max(x, 0) },
		func(x, y, g T) T {
			switch {
			case x > 0:
				return g
			case x <= 0:
				return g * 0
			}
			return g * x // x is NaN
		})
}

// pow is math.Pow rounded to T.
func pow[T tensor.Float](x, p T) T { return T(math.Pow(float64(x), float64(p))) }
