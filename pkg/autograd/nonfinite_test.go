package autograd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// These tests hold every op to IEEE arithmetic when values or gradients are
// NaN or infinite: each result and each gradient is compared with a plain
// float64 loop over the op's formula and derivative (the chain rule written
// out, every product formed). Where the reference is NaN or ±∞ the op must
// give exactly that; where it is finite, the op must agree to its rounding.

// specials are the inputs combined in every test: both infinities, NaN, both
// zeros and a few ordinary numbers.
var specials = []float64{math.Inf(-1), -2, math.Copysign(0, -1), 0, 0.5, 3, math.Inf(1), math.NaN()}

// eps returns the unit roundoff of T.
func eps[T tensor.Float]() float64 {
	if one := T(1); one+T(1.0/(1<<30)) == one {
		return 0x1p-24
	}
	return 0x1p-53
}

// checkIEEE compares got with the reference want element by element: NaN
// where want is NaN, the same infinity where want is infinite, and otherwise
// |got − want| ≤ ulps·eps·scale[i] (scale[i] bounds the magnitude of the
// terms that make up want[i]).
func checkIEEE[T tensor.Float](t *testing.T, what string, got []T, want, scale []float64, ulps float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, reference has %d", what, len(got), len(want))
	}
	bad := 0
	for i, w := range want {
		g := float64(got[i])
		var ok bool
		switch {
		case math.IsNaN(w):
			ok = math.IsNaN(g)
		case math.IsInf(w, 0):
			ok = g == w
		default:
			ok = !math.IsNaN(g) && !math.IsInf(g, 0) && math.Abs(g-w) <= ulps*eps[T]()*scale[i]
		}
		if !ok {
			if bad < 5 {
				t.Errorf("%s[%d] = %v, IEEE reference %v", what, i, g, w)
			}
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d of %d elements differ from the IEEE reference", what, bad, len(want))
	}
}

// toT converts float64 values to T.
func toT[T tensor.Float](s []float64) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = T(v)
	}
	return out
}

// upstream returns loss = Σ y⊙g, whose gradient with respect to y is g
// exactly (1·g), so that Backward delivers the chosen output gradient g to
// the op that made y.
func upstream[T tensor.Float](y *Var[T], g []float64) *Var[T] {
	return Sum(Mul(y, FromValues(y.Shape(), toT[T](g))))
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func relu(x float64) float64 {
	switch {
	case x > 0:
		return x
	case x <= 0:
		return 0
	}
	return math.NaN()
}

func reluDeriv(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x <= 0:
		return 0
	}
	return math.NaN()
}

// unaryOps returns the elementwise unary ops of the package for T, each with
// its float64 formula and derivative.
func unaryOps[T tensor.Float]() []struct {
	name  string
	op    func(*Var[T]) *Var[T]
	f, df func(float64) float64
} {
	type c = struct {
		name  string
		op    func(*Var[T]) *Var[T]
		f, df func(float64) float64
	}
	cases := []c{
		{"Neg", Neg[T], func(x float64) float64 { return -x }, func(float64) float64 { return -1 }},
		{"Square", Square[T], func(x float64) float64 { return x * x }, func(x float64) float64 { return 2 * x }},
		{"Exp", Exp[T], math.Exp, math.Exp},
		{"Log", Log[T], math.Log, func(x float64) float64 { return 1 / x }},
		{"Tanh", Tanh[T], math.Tanh, func(x float64) float64 { return 1 - math.Tanh(x)*math.Tanh(x) }},
		{"Sigmoid", Sigmoid[T], sigmoid, func(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }},
		{"ReLU", ReLU[T], relu, reluDeriv},
	}
	for _, p := range []float64{0, 2, 0.5, -1, 3} {
		cases = append(cases, c{
			fmt.Sprintf("Pow(%v)", p),
			func(x *Var[T]) *Var[T] { return Pow(x, T(p)) },
			func(x float64) float64 { return math.Pow(x, p) },
			func(x float64) float64 {
				if p == 0 {
					return 0
				}
				return p * math.Pow(x, p-1)
			},
		})
	}
	return cases
}

func TestUnaryOpsNonFinite(t *testing.T) {
	t.Run("float32", checkUnaryNonFinite[float32])
	t.Run("float64", checkUnaryNonFinite[float64])
}

// checkUnaryNonFinite runs every unary op on each special value with each
// special output gradient: x[i] = specials[i/8], g[i] = specials[i%8].
func checkUnaryNonFinite[T tensor.Float](t *testing.T) {
	n := len(specials)
	xs, gs := make([]float64, n*n), make([]float64, n*n)
	for i := range xs {
		xs[i], gs[i] = specials[i/n], specials[i%n]
	}
	for _, c := range unaryOps[T]() {
		t.Run(c.name, func(t *testing.T) {
			x := must(tensor.New("x", []int{n * n}, toT[T](xs)))
			y := c.op(Param(x))
			if err := upstream(y, gs).Backward(); err != nil {
				t.Fatal(err)
			}
			wantY, wantG, scaleY, scaleG := make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs))
			for i, v := range xs {
				d := c.df(v)
				wantY[i], scaleY[i] = c.f(v), math.Abs(c.f(v))
				wantG[i], scaleG[i] = gs[i]*d, math.Abs(gs[i])*(1+math.Abs(d))
			}
			checkIEEE(t, "value", y.Value(), wantY, scaleY, 4)
			checkIEEE(t, "grad", x.Grad, wantG, scaleG, 32)
		})
	}
}

func TestBinaryOpsNonFinite(t *testing.T) {
	t.Run("float32", checkBinaryNonFinite[float32])
	t.Run("float64", checkBinaryNonFinite[float64])
}

// checkBinaryNonFinite runs the elementwise binary ops on every pair of
// special values with every special output gradient, on equal shapes and
// with the second operand broadcast (a row [8] against [8,8], a scalar).
func checkBinaryNonFinite[T tensor.Float](t *testing.T) {
	type ref struct {
		name   string
		op     func(a, b *Var[T]) *Var[T]
		f      func(x, y float64) float64
		da, db func(x, y float64) float64 // partial derivatives
	}
	ops := []ref{
		{"Add", Add[T], func(x, y float64) float64 { return x + y }, func(x, y float64) float64 { return 1 }, func(x, y float64) float64 { return 1 }},
		{"Sub", Sub[T], func(x, y float64) float64 { return x - y }, func(x, y float64) float64 { return 1 }, func(x, y float64) float64 { return -1 }},
		{"Mul", Mul[T], func(x, y float64) float64 { return x * y }, func(x, y float64) float64 { return y }, func(x, y float64) float64 { return x }},
		{"Div", Div[T], func(x, y float64) float64 { return x / y }, func(x, y float64) float64 { return 1 / y }, func(x, y float64) float64 { return -x / (y * y) }},
	}
	n := len(specials)
	type layout struct {
		name           string
		aShape, bShape []int
		a, b, g        []float64
	}
	var layouts []layout
	{ // equal shapes: every (a, b, g) triple of specials
		a, b, g := make([]float64, n*n*n), make([]float64, n*n*n), make([]float64, n*n*n)
		for i := range a {
			a[i], b[i], g[i] = specials[i/(n*n)], specials[i/n%n], specials[i%n]
		}
		layouts = append(layouts, layout{"equal", []int{n * n * n}, []int{n * n * n}, a, b, g})
	}
	{ // b a row [n] broadcast over the rows of a [n*n, n]; g varies with the row
		a, g := make([]float64, n*n*n), make([]float64, n*n*n)
		for i := range a {
			a[i], g[i] = specials[i/(n*n)], specials[i/n%n]
		}
		layouts = append(layouts, layout{"row", []int{n * n, n}, []int{n}, a, specials, g})
	}
	for _, s := range specials { // b a scalar
		a, g := make([]float64, n*n), make([]float64, n*n)
		for i := range a {
			a[i], g[i] = specials[i/n], specials[i%n]
		}
		layouts = append(layouts, layout{fmt.Sprintf("scalar %v", s), []int{n * n}, []int{}, a, []float64{s}, g})
	}
	for _, o := range ops {
		for _, l := range layouts {
			t.Run(o.name+"/"+l.name, func(t *testing.T) {
				a := must(tensor.New("a", l.aShape, toT[T](l.a)))
				b := must(tensor.New("b", l.bShape, toT[T](l.b)))
				y := o.op(Param(a), Param(b))
				if err := upstream(y, l.g).Backward(); err != nil {
					t.Fatal(err)
				}
				nb := len(l.b)
				wantY, scaleY := make([]float64, len(l.a)), make([]float64, len(l.a))
				wantA, scaleA := make([]float64, len(l.a)), make([]float64, len(l.a))
				wantB, scaleB := make([]float64, nb), make([]float64, nb)
				for i, x := range l.a {
					yv, g := l.b[i%nb], l.g[i]
					wantY[i], scaleY[i] = o.f(x, yv), math.Abs(o.f(x, yv))
					da, db := o.da(x, yv), o.db(x, yv)
					wantA[i], scaleA[i] = g*da, math.Abs(g)*(1+math.Abs(da))
					// The copies of a broadcast b add up, in order.
					wantB[i%nb] += g * db
					scaleB[i%nb] += math.Abs(g) * (1 + math.Abs(db))
				}
				checkIEEE(t, "value", y.Value(), wantY, scaleY, 4)
				checkIEEE(t, "a.Grad", a.Grad, wantA, scaleA, 32)
				checkIEEE(t, "b.Grad", b.Grad, wantB, scaleB, float64(32*len(l.a)/nb))
			})
		}
	}
}

// randomWithSpecials returns n values of which about a third are zero (like
// ReLU outputs), a few are ±∞ or NaN and the rest uniform in [-1, 1).
func randomWithSpecials(r *rand.Rand, n, nonFinite int) []float64 {
	s := make([]float64, n)
	for i := range s {
		if r.IntN(3) > 0 {
			s[i] = 2*r.Float64() - 1
		}
	}
	for range nonFinite {
		s[r.IntN(n)] = []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[r.IntN(3)]
	}
	return s
}

// refMatMul returns the float64 reference c = a·b for a [m,k], b [k,n], and
// the sum of the magnitudes of the terms of each element.
func refMatMul(m, n, k int, a, b []float64) (c, scale []float64) {
	c, scale = make([]float64, m*n), make([]float64, m*n)
	for i := range m {
		for j := range n {
			for p := range k {
				c[i*n+j] += a[i*k+p] * b[p*n+j]
				scale[i*n+j] += math.Abs(a[i*k+p] * b[p*n+j])
			}
		}
	}
	return c, scale
}

// transposed returns the [n,m] transpose of the [m,n] matrix a.
func transposed(m, n int, a []float64) []float64 {
	t := make([]float64, m*n)
	for i := range m {
		for j := range n {
			t[j*m+i] = a[i*n+j]
		}
	}
	return t
}

func TestMatMulNonFinite(t *testing.T) {
	t.Run("float32", checkMatMulNonFinite[float32])
	t.Run("float64", checkMatMulNonFinite[float64])
}

// checkMatMulNonFinite compares MatMul and Linear, values and gradients,
// with the reference loop on matrices holding zeros beside NaN and ±∞, in
// the values and in the output gradient. The sizes include ones large
// enough for gonum's blocked, parallel kernels.
func checkMatMulNonFinite[T tensor.Float](t *testing.T) {
	type mm struct {
		name    string
		m, n, k int
		a, b, g []float64 // a [m,k], b [k,n], g [m,n]
	}
	cases := []mm{
		// The example: [0 1]·[NaN; 2] is NaN, not 2.
		{"0·NaN", 1, 1, 2, []float64{0, 1}, []float64{math.NaN(), 2}, []float64{1}},
		{"0·Inf", 1, 1, 2, []float64{0, 1}, []float64{math.Inf(1), 2}, []float64{1}},
		// A NaN output gradient meets a zero input: the weight gradient is NaN.
		{"grad NaN·0", 1, 1, 2, []float64{0, 1}, []float64{3, 2}, []float64{math.NaN()}},
		{"grad Inf·0", 2, 1, 1, []float64{0, 1}, []float64{0}, []float64{math.Inf(-1), 1}},
	}
	r := rand.New(rand.NewPCG(20, 2))
	for _, s := range [][3]int{{3, 4, 5}, {8, 1, 9}, {70, 65, 130}} {
		m, n, k := s[0], s[1], s[2]
		for _, where := range []string{"a", "b", "g"} {
			nf := func(w string, size int) []float64 {
				if w == where {
					return randomWithSpecials(r, size, 3)
				}
				return randomWithSpecials(r, size, 0)
			}
			cases = append(cases, mm{fmt.Sprintf("%dx%dx%d/non-finite in %s", m, n, k, where), m, n, k,
				nf("a", m*k), nf("b", k*n), nf("g", m*n)})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantC, scaleC := refMatMul(c.m, c.n, c.k, c.a, c.b)
			// d/da = g·bᵀ [m,k]; d/db = aᵀ·g [k,n].
			wantDA, scaleDA := refMatMul(c.m, c.k, c.n, c.g, transposed(c.k, c.n, c.b))
			wantDB, scaleDB := refMatMul(c.k, c.n, c.m, transposed(c.m, c.k, c.a), c.g)
			ulps := func(terms int) float64 { return float64(terms + 2) }

			t.Run("MatMul", func(t *testing.T) {
				a := must(tensor.New("a", []int{c.m, c.k}, toT[T](c.a)))
				b := must(tensor.New("b", []int{c.k, c.n}, toT[T](c.b)))
				y := MatMul(Param(a), Param(b))
				if err := upstream(y, c.g).Backward(); err != nil {
					t.Fatal(err)
				}
				checkIEEE(t, "a·b", y.Value(), wantC, scaleC, ulps(c.k))
				checkIEEE(t, "a.Grad", a.Grad, wantDA, scaleDA, ulps(c.n))
				checkIEEE(t, "b.Grad", b.Grad, wantDB, scaleDB, ulps(c.m))
			})

			// Linear with in = k, out = n: x·Wᵀ + bias, the weight W [n,k] = bᵀ.
			t.Run("Linear", func(t *testing.T) {
				l := &Linear[T]{
					Weight: must(tensor.New("weight", []int{c.n, c.k}, toT[T](transposed(c.k, c.n, c.b)))),
					Bias:   tensor.Zeros[T]("bias", c.n),
				}
				x := must(tensor.New("x", []int{c.m, c.k}, toT[T](c.a)))
				y := l.Forward(Param(x))
				if err := upstream(y, c.g).Backward(); err != nil {
					t.Fatal(err)
				}
				checkIEEE(t, "x·Wᵀ", y.Value(), wantC, scaleC, ulps(c.k))
				checkIEEE(t, "x.Grad", x.Grad, wantDA, scaleDA, ulps(c.n))
				checkIEEE(t, "Weight.Grad", l.Weight.Grad, transposed(c.k, c.n, wantDB), transposed(c.k, c.n, scaleDB), ulps(c.m))
				wantBias, scaleBias := make([]float64, c.n), make([]float64, c.n)
				for i, g := range c.g {
					wantBias[i%c.n] += g
					scaleBias[i%c.n] += math.Abs(g)
				}
				checkIEEE(t, "Bias.Grad", l.Bias.Grad, wantBias, scaleBias, ulps(c.m))
			})
		})
	}
}

func TestReductionsAndShapesNonFinite(t *testing.T) {
	t.Run("float32", checkReductionsNonFinite[float32])
	t.Run("float64", checkReductionsNonFinite[float64])
}

// checkReductionsNonFinite runs Sum, Mean, SumAxis, MeanAxis, Reshape and
// Transpose on an [8,8] matrix of specials (x[i,j] = specials[(i+j)%8]),
// with special output gradients.
func checkReductionsNonFinite[T tensor.Float](t *testing.T) {
	n := len(specials)
	xs := make([]float64, n*n)
	for i := range xs {
		xs[i] = specials[(i/n+i%n)%n]
	}
	abs := func(s []float64) []float64 {
		out := make([]float64, len(s))
		for i, v := range s {
			out[i] = math.Abs(v)
		}
		return out
	}
	// sumRows returns the sums (means) over axis of the [n,n] matrix v.
	sumAxis := func(v []float64, axis int, mean bool) []float64 {
		out := make([]float64, n)
		for i := range n {
			for j := range n {
				if axis == 0 {
					out[j] += v[i*n+j]
				} else {
					out[i] += v[i*n+j]
				}
			}
		}
		if mean {
			for i := range out {
				out[i] /= float64(n)
			}
		}
		return out
	}
	for _, mean := range []bool{false, true} {
		name, op, div := "Sum", Sum[T], 1.0
		if mean {
			name, op, div = "Mean", Mean[T], float64(n*n)
		}
		for _, g := range specials {
			t.Run(fmt.Sprintf("%s/g=%v", name, g), func(t *testing.T) {
				x := must(tensor.New("x", []int{n, n}, toT[T](xs)))
				y := op(Param(x))
				if err := upstream(y, []float64{g}).Backward(); err != nil {
					t.Fatal(err)
				}
				var want, scale float64
				for _, v := range xs {
					want += v
					scale += math.Abs(v)
				}
				checkIEEE(t, "value", y.Value(), []float64{want / div}, []float64{scale / div}, float64(n*n))
				wantG, scaleG := make([]float64, n*n), make([]float64, n*n)
				for i := range wantG {
					wantG[i], scaleG[i] = g/div, math.Abs(g/div)
				}
				checkIEEE(t, "grad", x.Grad, wantG, scaleG, 2)
			})
		}
		for _, axis := range []int{0, 1, -1} {
			name, op := "SumAxis", SumAxis[T]
			if mean {
				name, op = "MeanAxis", MeanAxis[T]
			}
			t.Run(fmt.Sprintf("%s(%d)", name, axis), func(t *testing.T) {
				x := must(tensor.New("x", []int{n, n}, toT[T](xs)))
				y := op(Param(x), axis)
				if err := upstream(y, specials).Backward(); err != nil {
					t.Fatal(err)
				}
				a := (axis + 2) % 2
				checkIEEE(t, "value", y.Value(), sumAxis(xs, a, mean), sumAxis(abs(xs), a, mean), float64(n))
				wantG, scaleG := make([]float64, n*n), make([]float64, n*n)
				for i := range n {
					for j := range n {
						g := specials[j] // the output element (i,j) feeds, by axis
						if a == 1 {
							g = specials[i]
						}
						if mean {
							g /= float64(n)
						}
						wantG[i*n+j], scaleG[i*n+j] = g, math.Abs(g)
					}
				}
				checkIEEE(t, "grad", x.Grad, wantG, scaleG, 2)
			})
		}
	}
	gs := make([]float64, n*n)
	for i := range gs {
		gs[i] = specials[i%n]
	}
	t.Run("Reshape", func(t *testing.T) {
		x := must(tensor.New("x", []int{n, n}, toT[T](xs)))
		y := Reshape(Param(x), n*n)
		if err := upstream(y, gs).Backward(); err != nil {
			t.Fatal(err)
		}
		checkIEEE(t, "value", y.Value(), xs, abs(xs), 0)
		checkIEEE(t, "grad", x.Grad, gs, abs(gs), 0)
	})
	t.Run("Transpose", func(t *testing.T) {
		x := must(tensor.New("x", []int{n, n}, toT[T](xs)))
		y := Transpose(Param(x))
		if err := upstream(y, gs).Backward(); err != nil {
			t.Fatal(err)
		}
		checkIEEE(t, "value", y.Value(), transposed(n, n, xs), abs(transposed(n, n, xs)), 0)
		checkIEEE(t, "grad", x.Grad, transposed(n, n, gs), abs(transposed(n, n, gs)), 0)
	})
}

func TestLossesNonFinite(t *testing.T) {
	t.Run("float32", checkLossesNonFinite[float32])
	t.Run("float64", checkLossesNonFinite[float64])
}

// checkLossesNonFinite runs MSELoss on every pair of specials and
// SoftmaxCrossEntropy on rows holding NaN and ±∞, each scaled by every
// special output gradient.
func checkLossesNonFinite[T tensor.Float](t *testing.T) {
	n := len(specials)
	xs, ys := make([]float64, n*n), make([]float64, n*n)
	for i := range xs {
		xs[i], ys[i] = specials[i/n], specials[i%n]
	}
	for _, g := range specials {
		t.Run(fmt.Sprintf("MSELoss/g=%v", g), func(t *testing.T) {
			x := must(tensor.New("x", []int{n * n}, toT[T](xs)))
			y := must(tensor.New("y", []int{n * n}, toT[T](ys)))
			loss := MSELoss(Param(x), Param(y))
			if err := upstream(loss, []float64{g}).Backward(); err != nil {
				t.Fatal(err)
			}
			var want, scale float64
			wantX, wantY, scaleG := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
			norm := 2 / float64(n*n)
			for i := range xs {
				r := xs[i] - ys[i]
				want += r * r / float64(n*n)
				scale += math.Abs(r * r / float64(n*n))
				wantX[i], wantY[i] = g*(norm*r), -g*(norm*r)
				scaleG[i] = math.Abs(g * norm * r)
			}
			checkIEEE(t, "loss", loss.Value(), []float64{want}, []float64{scale}, float64(2*n*n))
			checkIEEE(t, "input.Grad", x.Grad, wantX, scaleG, 4)
			checkIEEE(t, "target.Grad", y.Grad, wantY, scaleG, 4)
		})
	}

	inf, nan := math.Inf(1), math.NaN()
	rows := [][]float64{
		{1, -2, 0.5}, // finite
		{1, nan, 0.5},
		{1, inf, 0.5},
		{1, -inf, 0.5}, // -∞ away from the label: probability 0
		{-inf, 1, 0.5}, // -∞ at the label: loss +∞
		{inf, inf, 0},
		{-inf, -inf, -inf},
	}
	labels := []int{0, 0, 0, 0, 0, 1, 2}
	c := len(rows[0])
	var zs []float64
	for _, r := range rows {
		zs = append(zs, r...)
	}
	for _, g := range specials {
		t.Run(fmt.Sprintf("SoftmaxCrossEntropy/g=%v", g), func(t *testing.T) {
			z := must(tensor.New("z", []int{len(rows), c}, toT[T](zs)))
			loss := SoftmaxCrossEntropy(Param(z), labels)
			if err := upstream(loss, []float64{g}).Backward(); err != nil {
				t.Fatal(err)
			}
			nr := float64(len(rows))
			var want, scale float64
			wantG, scaleG := make([]float64, len(zs)), make([]float64, len(zs))
			for i, row := range rows {
				m := math.Inf(-1)
				for _, v := range row {
					if math.IsNaN(v) || v > m {
						m = v
						if math.IsNaN(v) {
							break
						}
					}
				}
				var s float64
				for _, v := range row {
					s += math.Exp(v - m)
				}
				li := m + math.Log(s) - row[labels[i]]
				want += li / nr
				scale += (math.Abs(m) + math.Abs(math.Log(s)) + math.Abs(row[labels[i]])) / nr
				for j, v := range row {
					p := math.Exp(v-m) / s
					if j == labels[i] {
						p--
					}
					wantG[i*c+j] = g * (p / nr)
					scaleG[i*c+j] = math.Abs(g) / nr
				}
			}
			checkIEEE(t, "loss", loss.Value(), []float64{want}, []float64{scale}, 64)
			checkIEEE(t, "logits.Grad", z.Grad, wantG, scaleG, 64)
		})
	}
}
