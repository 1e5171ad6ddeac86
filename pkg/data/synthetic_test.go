package data

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// offGrid reports the first value of s that is not a multiple of 2⁻¹⁰.
func offGrid[T float32 | float64](s []T) (int, bool) {
	for i, v := range s {
		if f := float64(v) * gridScale; f != math.Round(f) {
			return i, true
		}
	}
	return 0, false
}

// TestRegressionRecoversTruth fits the data by least squares, with design
// matrix A = [X 1], and compares the fit with the true model.
//
// Without noise the targets differ from the model only by the rounding to
// multiples of 2⁻¹⁰, |eᵢ| ≤ 2⁻¹¹, so β̂ − β = (AᵀA)⁻¹Aᵀe is bounded by
// 2⁻¹¹·Σᵢ|((AᵀA)⁻¹Aᵀ)ⱼᵢ|: a rigorous bound.
//
// With noise the targets carry Gaussian noise plus a rounding error that is
// then uniform with variance 2⁻²⁰/12, so σ² = noise² + 2⁻²⁰/12, the standard
// error of coefficient j is σ·√((AᵀA)⁻¹)ⱼⱼ, and we allow five of them. The
// residual variance RSS/(n−p) has relative standard deviation √(2/(n−p))
// ≈ 3% here; we allow 15%.
func TestRegressionRecoversTruth(t *testing.T) {
	const n, features, p = 2000, 4, 5
	for _, noise := range []float64{0, 0.3} {
		d, truth, err := Regression[float64](n, features, noise, 11)
		if err != nil {
			t.Fatal(err)
		}
		a := mat.NewDense(n, p, nil)
		for i := range n {
			for j, v := range d.Row(i) {
				a.Set(i, j, v)
			}
			a.Set(i, features, 1)
		}
		y := mat.NewVecDense(n, slices.Clone(d.Y))
		var beta mat.VecDense
		if err := beta.SolveVec(a, y); err != nil {
			t.Fatal(err)
		}
		var ata, cov, pinv mat.Dense
		ata.Mul(a.T(), a)
		if err := cov.Inverse(&ata); err != nil {
			t.Fatal(err)
		}
		pinv.Mul(&cov, a.T())
		sigma := math.Sqrt(noise*noise + 1.0/(gridScale*gridScale*12))
		want := append(slices.Clone(truth.Weight), truth.Bias)
		for j, w := range want {
			tol := 5 * sigma * math.Sqrt(cov.At(j, j))
			if noise == 0 {
				var l1 float64
				for i := range n {
					l1 += math.Abs(pinv.At(j, i))
				}
				tol = l1 / (2 * gridScale)
			}
			if d := math.Abs(beta.AtVec(j) - w); d > tol {
				t.Errorf("noise %g: coefficient %d fitted %.6g, true %g: off by %.3g > %.3g",
					noise, j, beta.AtVec(j), w, d, tol)
			}
		}
		if noise == 0 {
			continue
		}
		var res mat.VecDense
		res.MulVec(a, &beta)
		res.SubVec(y, &res)
		variance := mat.Dot(&res, &res) / (n - p)
		if r := variance / (sigma * sigma); r < 0.85 || r > 1.15 {
			t.Errorf("noise %g: residual variance %.4g, expected %.4g (ratio %.3f)", noise, variance, sigma*sigma, r)
		}
	}
}

func TestRegressionTruth(t *testing.T) {
	signs := map[bool]int{}
	for seed := range uint64(20) {
		_, truth, err := Regression[float64](1, 5, 0.1, seed)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range truth.Weight {
			if w == 0 || math.Abs(w) > 2 || w*4 != math.Round(w*4) {
				t.Errorf("seed %d: weight %g is not a non-zero multiple of 1/4 in [-2, 2]", seed, w)
			}
			signs[w > 0]++
		}
		if b := truth.Bias; math.Abs(b) > 1 || b*4 != math.Round(b*4) {
			t.Errorf("seed %d: bias %g is not a multiple of 1/4 in [-1, 1]", seed, b)
		}
	}
	if signs[true] < 30 || signs[false] < 30 { // 100 weights, each sign with probability ½
		t.Errorf("weight signs: %d positive, %d negative", signs[true], signs[false])
	}
}

// TestDeterminism checks that each generator gives identical data for the
// same seed, different data for another seed, and the same numbers in
// float32 and float64, all on the 2⁻¹⁰ grid.
func TestDeterminism(t *testing.T) {
	type pair struct {
		d64 *Dataset[float64]
		d32 *Dataset[float32]
	}
	gen := map[string]func(seed uint64) pair{
		"Regression": func(seed uint64) pair {
			a, _, err1 := Regression[float64](200, 3, 0.5, seed)
			b, _, err2 := Regression[float32](200, 3, 0.5, seed)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			return pair{a, b}
		},
		"TwoClass": func(seed uint64) pair {
			a, err1 := TwoClass[float64](200, 0.7, seed)
			b, err2 := TwoClass[float32](200, 0.7, seed)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			return pair{a, b}
		},
		"MultiClass": func(seed uint64) pair {
			a, err1 := MultiClass[float64](200, 3, 0.2, seed)
			b, err2 := MultiClass[float32](200, 3, 0.2, seed)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			return pair{a, b}
		},
	}
	for name, g := range gen {
		p, q, r := g(5), g(5), g(6)
		if !slices.Equal(p.d64.X, q.d64.X) || !slices.Equal(p.d64.Y, q.d64.Y) || !slices.Equal(p.d64.Labels, q.d64.Labels) {
			t.Errorf("%s: seed 5 twice gives different data", name)
		}
		if slices.Equal(p.d64.X, r.d64.X) {
			t.Errorf("%s: seeds 5 and 6 give the same inputs", name)
		}
		for i := range p.d64.X {
			if float64(p.d32.X[i]) != p.d64.X[i] {
				t.Fatalf("%s: X[%d] is %v in float32 but %v in float64", name, i, p.d32.X[i], p.d64.X[i])
			}
		}
		for i := range p.d64.Y {
			if float64(p.d32.Y[i]) != p.d64.Y[i] {
				t.Fatalf("%s: Y[%d] is %v in float32 but %v in float64", name, i, p.d32.Y[i], p.d64.Y[i])
			}
		}
		if i, bad := offGrid(p.d64.X); bad {
			t.Errorf("%s: X[%d] = %v is not a multiple of 2⁻¹⁰", name, i, p.d64.X[i])
		}
		if i, bad := offGrid(p.d64.Y); bad {
			t.Errorf("%s: Y[%d] = %v is not a multiple of 2⁻¹⁰", name, i, p.d64.Y[i])
		}
	}
}

// checkBalanced checks that row i has label i mod k, that Y repeats the
// labels and that class sizes differ by at most one.
func checkBalanced(t *testing.T, name string, d *Dataset[float64], k int) {
	t.Helper()
	if d.NumClasses != k || d.Features() != 2 {
		t.Fatalf("%s: %d classes, %d features; want %d, 2", name, d.NumClasses, d.Features(), k)
	}
	count := make([]int, k)
	for i, l := range d.Labels {
		if l != i%k || d.Y[i] != float64(l) {
			t.Fatalf("%s: row %d has label %d, Y %g; want %d", name, i, l, d.Y[i], i%k)
		}
		count[l]++
	}
	if slices.Max(count)-slices.Min(count) > 1 {
		t.Errorf("%s: class sizes %v differ by more than one", name, count)
	}
}

// TestTwoClass checks balance, the blob centres and spreads, and the
// documented error rate of the boundary x₁ + x₂ = 0.
//
// Tolerances: with m = 2000 points per class, a coordinate mean has standard
// error noise/√m and a sample standard deviation relative error 1/√(2m)
// ≈ 1.6%; the error rate p has standard error √(p(1−p)/n) ≈ 0.3%. We allow
// 5, 6 and 5 standard errors.
func TestTwoClass(t *testing.T) {
	const n, noise = 4000, 1.0
	d, err := TwoClass[float64](n, noise, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkBalanced(t, "TwoClass", d, 2)
	const m = n / 2
	var sum, sumSq [2][2]float64
	wrong := 0
	for i := range n {
		x, c := d.Row(i), d.Labels[i]
		for j, v := range x {
			sum[c][j] += v
			sumSq[c][j] += v * v
		}
		if (x[0]+x[1] > 0) != (c == 1) {
			wrong++
		}
	}
	for c := range 2 {
		centre := float64(2*c - 1)
		for j := range 2 {
			mean := sum[c][j] / m
			sd := math.Sqrt(sumSq[c][j]/m - mean*mean)
			if math.Abs(mean-centre) > 5*noise/math.Sqrt(m) {
				t.Errorf("class %d, coordinate %d: mean %.4g, want %g", c, j, mean, centre)
			}
			if math.Abs(sd/noise-1) > 6/math.Sqrt(2*m) {
				t.Errorf("class %d, coordinate %d: standard deviation %.4g, want %g", c, j, sd, noise)
			}
		}
	}
	p := 0.5 * math.Erfc(math.Sqrt2/noise/math.Sqrt2) // Φ(−√2/noise)
	if rate := float64(wrong) / n; math.Abs(rate-p) > 5*math.Sqrt(p*(1-p)/n) {
		t.Errorf("error rate of x₁ + x₂ = 0: %.4f, want Φ(−√2) = %.4f", rate, p)
	}
}

// TestMultiClass checks balance and, without noise, that every point lies at
// the documented radius and angle. Rounding each coordinate to 2⁻¹⁰ moves a
// point by at most 2⁻¹¹·√2 < 7e-4.
func TestMultiClass(t *testing.T) {
	for _, c := range []struct{ n, k int }{{100, 3}, {7, 2}, {50, 5}} {
		d, err := MultiClass[float64](c.n, c.k, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		checkBalanced(t, "MultiClass", d, c.k)
		size := make([]int, c.k)
		for _, l := range d.Labels {
			size[l]++
		}
		for i := range c.n {
			class, j := i%c.k, i/c.k
			r := (float64(j) + 0.5) / float64(size[class])
			theta := 2*math.Pi*float64(class)/float64(c.k) + 4*r
			x := d.Row(i)
			if dist := math.Hypot(x[0]-r*math.Cos(theta), x[1]-r*math.Sin(theta)); dist > 7e-4 {
				t.Errorf("n=%d k=%d row %d: (%g, %g) is %.3g from the spiral point at r=%g, θ=%g",
					c.n, c.k, i, x[0], x[1], dist, r, theta)
			}
		}
	}
	// With noise, points stay on their radius and leave the noiseless arm.
	noisy, err := MultiClass[float64](300, 3, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	clean, err := MultiClass[float64](300, 3, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for i := range 300 {
		a, b := noisy.Row(i), clean.Row(i)
		if math.Abs(math.Hypot(a[0], a[1])-math.Hypot(b[0], b[1])) > 1.5e-3 {
			t.Errorf("row %d: noise changed the radius from %g to %g", i, math.Hypot(b[0], b[1]), math.Hypot(a[0], a[1]))
		}
		if math.Hypot(a[0]-b[0], a[1]-b[1]) > 1e-3 {
			moved++
		}
	}
	if moved < 250 {
		t.Errorf("noise 0.2 moved only %d of 300 points", moved)
	}
}

func TestSyntheticErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"rows", third(Regression[float64](0, 2, 0.1, 1)), "0 rows, want at least 1"},
		{"features", third(Regression[float64](5, 0, 0.1, 1)), "0 features, want at least 1"},
		{"negative noise", third(Regression[float32](5, 1, -0.1, 1)), "noise -0.1, want a finite value ≥ 0"},
		{"NaN noise", third(Regression[float64](5, 1, math.NaN(), 1)), "noise NaN"},
		{"Inf noise", third(Regression[float64](5, 1, math.Inf(1), 1)), "noise +Inf"},
		{"overflow", third(Regression[float64](math.MaxInt/2, 3, 0, 1)), "too many elements"},
		{"two-class rows", second(TwoClass[float64](-3, 0.5, 1)), "-3 rows"},
		{"two-class noise", second(TwoClass[float64](10, -1, 1)), "noise -1"},
		{"classes", second(MultiClass[float64](10, 1, 0.2, 1)), "1 classes, want at least 2"},
		{"rows per class", second(MultiClass[float64](2, 3, 0.2, 1)), "2 rows for 3 classes"},
		{"spiral noise", second(MultiClass[float64](10, 2, math.NaN(), 1)), "noise NaN"},
		// Noise that is finite in float64 but would put ±Inf in the data.
		{"two-class float32 noise", second(TwoClass[float32](10, 1e40, 1)), "noise 1e+40 is too large for float32, want a value in [0, 3.245e+32]"},
		{"two-class float64 noise", second(TwoClass[float64](10, 1e306, 1)), "noise 1e+306 is too large for float64, want a value in [0, 1.714e+302]"},
		{"regression float32 noise", third(Regression[float32](5, 2, 1e39, 1)), "too large for float32"},
		{"spiral float64 noise", second(MultiClass[float64](10, 2, 1e308, 1)), "too large for float64"},
		{"spiral float32 noise", second(MultiClass[float32](10, 2, 1e33, 1)), "too large for float32"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

func third[A, B any](_ A, _ B, err error) error { return err }

// TestLargestNoiseStaysFinite generates data at the largest accepted noise
// in each type: every value must be finite (so the bound is not too loose),
// and the noise just above it is refused.
func TestLargestNoiseStaysFinite(t *testing.T) {
	t.Run("float32", checkLargestNoise[float32])
	t.Run("float64", checkLargestNoise[float64])
}

func checkLargestNoise[T float32 | float64](t *testing.T) {
	hi := maxNoise[T]()
	finite := func(name string, s []T) {
		t.Helper()
		for i, v := range s {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Fatalf("%s[%d] = %v at noise %g", name, i, v, hi)
			}
		}
	}
	for seed := range uint64(20) {
		two, err := TwoClass[T](500, hi, seed)
		if err != nil {
			t.Fatal(err)
		}
		finite("TwoClass X", two.X)
		reg, _, err := Regression[T](500, 3, hi, seed)
		if err != nil {
			t.Fatal(err)
		}
		finite("Regression X", reg.X)
		finite("Regression Y", reg.Y)
		spiral, err := MultiClass[T](500, 3, hi, seed)
		if err != nil {
			t.Fatal(err)
		}
		finite("MultiClass X", spiral.X)
	}
	above := math.Nextafter(hi, math.Inf(1))
	if _, err := TwoClass[T](10, above, 1); err == nil {
		t.Errorf("TwoClass accepted noise %g above the largest %g", above, hi)
	}
}

// FuzzSynthetic calls the generators with arbitrary arguments, in both
// types: each either returns an error or a well-formed dataset whose every
// value is finite, on the 2⁻¹⁰ grid, with labels in range. The number of
// rows and features is bounded to keep each call small; noise is not.
func FuzzSynthetic(f *testing.F) {
	f.Add(10, 2, 3, 1e40, uint64(1))
	f.Add(10, 2, 2, 1e306, uint64(1))
	f.Add(7, 1, 7, 0.0, uint64(0))
	f.Add(1, 3, 1, math.Inf(1), uint64(2))
	f.Add(64, 4, 5, 3.2e32, uint64(3))
	f.Add(-1, 0, -2, math.NaN(), uint64(4))
	f.Fuzz(func(t *testing.T, n, features, k int, noise float64, seed uint64) {
		n, features, k = n%300, features%8, k%12 // keeps negative values
		checkSyntheticCall[float32](t, n, features, k, noise, seed)
		checkSyntheticCall[float64](t, n, features, k, noise, seed)
	})
}

func checkSyntheticCall[T float32 | float64](t *testing.T, n, features, k int, noise float64, seed uint64) {
	valid := n >= 1 && noise >= 0 && noise <= maxNoise[T]()
	check := func(name string, d *Dataset[T], err error, ok bool, rows, cols, classes int) {
		t.Helper()
		if err != nil {
			if d != nil {
				t.Errorf("%s: a dataset with the error %v", name, err)
			}
			if ok {
				t.Errorf("%s(n %d, features %d, k %d, noise %g) in %s: unexpected error %v", name, n, features, k, noise, dtype[T](), err)
			}
			return
		}
		if !ok {
			t.Fatalf("%s(n %d, features %d, k %d, noise %g) in %s accepted", name, n, features, k, noise, dtype[T]())
		}
		if d.Len() != rows || d.Features() != cols || len(d.X) != rows*cols || d.NumClasses != classes {
			t.Fatalf("%s: %d rows × %d features (%d values), %d classes; want %d × %d, %d classes",
				name, d.Len(), d.Features(), len(d.X), d.NumClasses, rows, cols, classes)
		}
		for _, s := range [][]T{d.X, d.Y} {
			for i, v := range s {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("%s in %s at noise %g: value %d is %v", name, dtype[T](), noise, i, v)
				}
			}
			if i, off := offGrid(s); off && math.Abs(float64(s[i])) < 1<<14 {
				t.Fatalf("%s: value %d = %v is not a multiple of 2⁻¹⁰", name, i, s[i])
			}
		}
		for i, l := range d.Labels {
			if l < 0 || l >= classes {
				t.Fatalf("%s: label %d of row %d out of range [0, %d)", name, l, i, classes)
			}
		}
	}
	d, _, err := Regression[T](n, features, noise, seed)
	check("Regression", d, err, valid && features >= 1, n, features, 0)
	d, err = TwoClass[T](n, noise, seed)
	check("TwoClass", d, err, valid, n, 2, 2)
	d, err = MultiClass[T](n, k, noise, seed)
	check("MultiClass", d, err, valid && k >= 2 && n >= k, n, 2, k)
}
