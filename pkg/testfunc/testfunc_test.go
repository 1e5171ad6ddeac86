package testfunc

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// TestGradientMatchesFiniteDifferences checks every analytic gradient against
// central differences at the start point, the minima and random points.
//
// Tolerance: central differences with step h = 6e-6 (fd.Central's default)
// have truncation error h²/6·|f”'| and rounding error about ε·|f|/h. On
// [−2, 2]ⁿ the functions here have |f| ≲ 1.1e4 and |f”'| ≲ 1e4, so the error
// stays below 5e-7; we allow 1e-6·max(1, |∂f/∂xᵢ|). A wrong term in an
// analytic gradient is off by O(1) relatively.
func TestGradientMatchesFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240615, 1))
	for _, f := range All() {
		grad := make([]float64, f.Dim())
		for _, x := range testPoints(f, rng) {
			f.Grad(grad, x)
			want := fd.Gradient(nil, f.Func, x, &fd.Settings{Formula: fd.Central})
			for i := range grad {
				if d := math.Abs(grad[i] - want[i]); d > 1e-6*math.Max(1, math.Abs(grad[i])) {
					t.Errorf("%s at %v: ∂f/∂x%d = %.12g, central difference %.12g (|diff| %.3g)",
						f.Name(), x, i, grad[i], want[i], d)
				}
			}
		}
	}
}

// TestMinima checks that every listed minimum has the stated value, a zero
// gradient and higher values nearby, and that no sampled point of the plot
// box beats a global minimum.
//
// Tolerances: the irrational minima are rounded to 17 digits, within an ulp
// (≤ 9e-16 for |x| < 4) of the true point, so |∇f| ≤ ‖∇²f‖·ulp + rounding
// ≈ 100·9e-16 + 1e-14 < 1e-13, and f differs from the true minimum by
// O(ulp²) plus rounding, below 1e-14·max(1, |F|).
func TestMinima(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, f := range All() {
		grad := make([]float64, f.Dim())
		for _, m := range f.Minima() {
			if got := f.Func(m.X); math.Abs(got-m.F) > 1e-14*math.Max(1, math.Abs(m.F)) {
				t.Errorf("%s: f(%v) = %.17g, Minima says %.17g", f.Name(), m.X, got, m.F)
			}
			f.Grad(grad, m.X)
			for i, g := range grad {
				if math.Abs(g) > 1e-13 {
					t.Errorf("%s: at minimum %v, ∂f/∂x%d = %.3g, want 0", f.Name(), m.X, i, g)
				}
			}
			// A minimum, not a maximum or a saddle: f grows along each axis.
			for i := range m.X {
				for _, h := range []float64{-1e-3, 1e-3} {
					x := append([]float64(nil), m.X...)
					x[i] += h
					if f.Func(x) <= m.F {
						t.Errorf("%s: f(%v) = %.17g is not above the minimum %.17g", f.Name(), x, f.Func(x), m.F)
					}
				}
			}
		}
		b, ok := f.(Bounder)
		if !ok || f.Dim() != 2 {
			continue
		}
		xmin, xmax, ymin, ymax := b.Bounds()
		for _, m := range f.Minima() {
			if !m.Global {
				continue
			}
			for range 2000 {
				x := []float64{xmin + (xmax-xmin)*rng.Float64(), ymin + (ymax-ymin)*rng.Float64()}
				if v := f.Func(x); v < m.F {
					t.Errorf("%s: f(%v) = %.6g is below the global minimum %.6g", f.Name(), x, v, m.F)
				}
			}
		}
	}
}

// TestMetadata checks that names are unique, that Start and Minima have
// length Dim, that exactly the functions of one and two variables are
// Bounders, and that their box holds the start and the minima.
func TestMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range All() {
		name := f.Name()
		if name == "" || seen[name] || strings.ContainsAny(name, " \t") {
			t.Errorf("name %q is empty, repeated or contains blanks", name)
		}
		seen[name] = true
		if err := CheckDim(f, f.Start(), make([]float64, f.Dim())); err != nil {
			t.Errorf("%s: Start: %v", name, err)
		}
		for _, m := range f.Minima() {
			if err := CheckDim(f, m.X, nil); err != nil {
				t.Errorf("%s: minimum: %v", name, err)
			}
		}
		b, ok := f.(Bounder)
		if ok != (f.Dim() <= 2) {
			t.Errorf("%s: Dim %d but implements Bounder = %v", name, f.Dim(), ok)
		}
		if !ok {
			continue
		}
		xmin, xmax, ymin, ymax := b.Bounds()
		inside := func(x []float64) bool {
			if f.Dim() == 1 { // the box is x × f(x)
				v := f.Func(x)
				return xmin <= x[0] && x[0] <= xmax && ymin <= v && v <= ymax
			}
			return xmin <= x[0] && x[0] <= xmax && ymin <= x[1] && x[1] <= ymax
		}
		if !inside(f.Start()) {
			t.Errorf("%s: start %v is outside Bounds %v", name, f.Start(), []float64{xmin, xmax, ymin, ymax})
		}
		for _, m := range f.Minima() {
			if !inside(m.X) {
				t.Errorf("%s: minimum %v is outside Bounds %v", name, m.X, []float64{xmin, xmax, ymin, ymax})
			}
		}
	}
}

// TestValues checks Func against values computed by hand.
func TestValues(t *testing.T) {
	rosen4, err := NewRosenbrockN(4)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    Function
		x    []float64
		want float64
	}{
		{Parabola{}, []float64{0}, 9},
		{IllConditioned{}, []float64{-5, -2}, 10.5},                   // 0.1·25 + 2·4
		{Quadratic3D(), []float64{1, 1, 1}, 0.5},                      // ½·13 − 6
		{Rosenbrock{}, []float64{-1.2, 1}, 24.2},                      // 2.2² + 100·0.44²
		{rosen4, []float64{-1.2, 1, -1.2, 1}, 532.4},                  // 24.2 + 100·2.2² + 24.2
		{Beale{}, []float64{1, 1}, 14.203125},                         // 1.5² + 2.25² + 2.625²
		{Saddle{}, []float64{-2, 0.5}, 3.75},                          // 4 − 0.25
		{Himmelblau{}, []float64{0, 0}, 170},                          // 11² + 7²
		{DoubleWell{}, []float64{2}, 6},                               // 16 − 12 + 2
		{DoubleWell{}, []float64{-1}, -3},                             // 1 − 3 − 1
		{Quadratic3D(), []float64{1, -1, 2}, -4.5},                    // the minimum
		{Beale{}, []float64{0, 7}, 1.5*1.5 + 2.25*2.25 + 2.625*2.625}, // x = 0 leaves the constants
	} {
		if got := c.f.Func(c.x); math.Abs(got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s: f(%v) = %.17g, want %.17g", c.f.Name(), c.x, got, c.want)
		}
	}
}

// TestTorchReference checks that Parabola and IllConditioned reproduce
// torch's float64 loss and gradient bit for bit. The numbers are copied from
// /work/shared/reference (torch 1.13): runs quadratic/Adam(lr=0.01),
// quadratic/SGD(lr=0.1,momentum=0.9), quadratic2d/Adam(lr=0.01) and
// quadratic2d/SGD(lr=0.1,momentum=0.9), float64; x = params_after_step[k−1],
// loss = loss_before_step[k], grad = grads_at_step[k].
func TestTorchReference(t *testing.T) {
	for _, c := range []struct {
		f    Function
		x    []float64
		loss float64
		grad []float64
	}{
		{Parabola{}, []float64{0.06996077931063277}, 8.585129834777954, []float64{-5.860078441378734}},
		{Parabola{}, []float64{0.40375951804933286}, 6.740464640119433, []float64{-5.1924809639013345}},
		{Parabola{}, []float64{3.260304033573038}, 0.0677581898943934, []float64{0.5206080671460764}},
		{IllConditioned{}, []float64{-4.930023311725436, -1.9300595301135453}, 9.880772564979862,
			[]float64{-0.9860046623450872, -7.720238120454181}},
		{IllConditioned{}, []float64{-4.593655195226216, -1.599649767264281}, 7.227925561080218,
			[]float64{-0.9187310390452432, -6.398599069057124}},
		{IllConditioned{}, []float64{-2.8947390255616003, -0.2187000000000004}, 0.9336107826109328,
			[]float64{-0.5789478051123201, -0.8748000000000016}},
		{IllConditioned{}, []float64{1.475277372918702, 0.5880271208764575}, 0.9091961224771026,
			[]float64{0.29505547458374043, 2.35210848350583}},
	} {
		if got := c.f.Func(c.x); got != c.loss {
			t.Errorf("%s: f(%v) = %.17g, torch %.17g", c.f.Name(), c.x, got, c.loss)
		}
		grad := make([]float64, len(c.x))
		c.f.Grad(grad, c.x)
		for i := range grad {
			if grad[i] != c.grad[i] {
				t.Errorf("%s: ∂f/∂x%d at %v = %.17g, torch %.17g", c.f.Name(), i, c.x, grad[i], c.grad[i])
			}
		}
	}
}

// TestRosenbrockN2 checks that the n-dimensional Rosenbrock function with
// n = 2 is Rosenbrock, bit for bit.
func TestRosenbrockN2(t *testing.T) {
	r2, err := NewRosenbrockN(2)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	g, g2 := make([]float64, 2), make([]float64, 2)
	for range 100 {
		x := []float64{4*rng.Float64() - 2, 4*rng.Float64() - 2}
		if a, b := r2.Func(x), (Rosenbrock{}).Func(x); a != b {
			t.Errorf("f(%v): RosenbrockN(2) %.17g, Rosenbrock %.17g", x, a, b)
		}
		r2.Grad(g2, x)
		Rosenbrock{}.Grad(g, x)
		if g[0] != g2[0] || g[1] != g2[1] {
			t.Errorf("∇f(%v): RosenbrockN(2) %v, Rosenbrock %v", x, g2, g)
		}
	}
}

func TestCheckDim(t *testing.T) {
	f := Rosenbrock{}
	for _, c := range []struct {
		x, grad []float64
		want    string // substring of the error; "" for none
	}{
		{[]float64{1, 2}, []float64{0, 0}, ""},
		{[]float64{1, 2}, nil, ""},
		{[]float64{1}, nil, "takes x of length 2, got 1"},
		{[]float64{1, 2}, []float64{0, 0, 0}, "needs grad of length 2, got 3"},
	} {
		err := CheckDim(f, c.x, c.grad)
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("CheckDim(%v, %v) = %v, want error containing %q", c.x, c.grad, err, c.want)
		}
	}
}

func TestConstructorErrors(t *testing.T) {
	id := []float64{1, 0, 0, 1}
	for _, c := range []struct {
		name        string
		a, b, start []float64
		want        string
	}{
		{"empty", nil, nil, nil, "empty b"},
		{"A size", []float64{1, 0, 0}, []float64{1, 1}, []float64{0, 0}, "A has 3 values, want len(b)² = 4"},
		{"start size", id, []float64{1, 1}, []float64{0}, "start has length 1, want len(b) = 2"},
		{"NaN", []float64{1, 0, 0, math.NaN()}, []float64{1, 1}, []float64{0, 0}, "A[3] = NaN"},
		{"Inf", id, []float64{1, 1}, []float64{0, math.Inf(-1)}, "start[1] = -Inf"},
		{"asymmetric", []float64{2, 1, 0, 2}, []float64{1, 1}, []float64{0, 0}, "A[1][0] = 0 but A[0][1] = 1"},
		{"indefinite", []float64{1, 0, 0, -1}, []float64{1, 1}, []float64{0, 0}, "not positive definite"},
		{"singular", []float64{1, 1, 1, 1}, []float64{1, 1}, []float64{0, 0}, "not positive definite"},
	} {
		q, err := NewQuadratic(c.a, c.b, c.start)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: NewQuadratic = %v, %v; want error containing %q", c.name, q, err, c.want)
		}
	}
	for _, n := range []int{-1, 0, 1} {
		if _, err := NewRosenbrockN(n); err == nil || !strings.Contains(err.Error(), "want n ≥ 2") {
			t.Errorf("NewRosenbrockN(%d) error = %v, want one naming n ≥ 2", n, err)
		}
	}
}

// TestQuadraticCopiesInput checks that NewQuadratic does not alias its
// arguments and that Start and Minima return fresh slices.
func TestQuadraticCopiesInput(t *testing.T) {
	a, b, start := []float64{2, 0, 0, 2}, []float64{2, 4}, []float64{5, 5}
	q, err := NewQuadratic(a, b, start)
	if err != nil {
		t.Fatal(err)
	}
	a[0], b[0], start[0] = 100, 100, 100
	q.Start()[1] = 100
	q.Minima()[0].X[1] = 100
	if got := q.Func([]float64{1, 0}); got != -1 { // ½·2 − 2
		t.Errorf("f(1, 0) = %g after changing the inputs, want -1", got)
	}
	if s := q.Start(); s[0] != 5 || s[1] != 5 {
		t.Errorf("Start = %v, want [5 5]", s)
	}
	// The minimiser comes from a Cholesky solve: exact up to rounding.
	if m := q.Minima()[0]; math.Abs(m.X[0]-1) > 1e-15 || math.Abs(m.X[1]-2) > 1e-15 || math.Abs(m.F+5) > 1e-14 {
		t.Errorf("minimum = %v, want f(1, 2) = -5", m)
	}
}

func BenchmarkRosenbrockGrad(b *testing.B) {
	x, g := []float64{-1.2, 1}, make([]float64, 2)
	for b.Loop() {
		Rosenbrock{}.Grad(g, x)
	}
}

// testPoints returns f's start point, its minima and eight random points in
// [−2, 2]ⁿ drawn from r.
func testPoints(f Function, r *rand.Rand) [][]float64 {
	points := [][]float64{f.Start()}
	for _, m := range f.Minima() {
		points = append(points, m.X)
	}
	for range 8 {
		x := make([]float64, f.Dim())
		for i := range x {
			x[i] = 4*r.Float64() - 2
		}
		points = append(points, x)
	}
	return points
}
