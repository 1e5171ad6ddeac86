package xmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The bases optimizers raise to integer powers: β1, β2 defaults and common
// choices, NAdam's 0.96, and 0.5, whose powers reach the subnormal range
// (0.5^1075 is an exact tie between 0 and the smallest subnormal).
var intBases = []float64{0.9, 0.999, 0.99, 0.95, 0.5, 0.96, 0.9999, 0.8}

// maxExponent is the largest t checked for each base: 10000 for the five
// bases the reference README names, fewer for the others to keep the test fast.
func maxExponent(b float64) int {
	switch b {
	case 0.9, 0.999, 0.99, 0.95, 0.5:
		return 10000
	}
	return 2000
}

// TestPowIntMatchesExactProduct compares PowInt(b, t) for t = 1, 2, ... with
// the exact product of t copies of b (t up to maxExponent), computed by math/big with enough bits
// to hold it exactly and rounded once to float64.
func TestPowIntMatchesExactProduct(t *testing.T) {
	for _, b := range intBases {
		maxT := maxExponent(b)
		exact := new(big.Float).SetFloat64(1)
		bb := new(big.Float).SetFloat64(b)
		mathPowOff := 0
		for n := 1; n <= maxT; n++ {
			exact.SetPrec(uint(53*(n+1))).Mul(exact, bb)
			if exact.Cmp(big.NewFloat(0x1p-1200)) < 0 {
				// Far below the float64 range: 0 from here on.
				if got := PowInt(b, n); got != 0 {
					t.Fatalf("PowInt(%v, %d) = %g, want 0", b, n, got)
				}
				continue
			}
			want, _ := exact.Float64()
			if got := PowInt(b, n); got != want {
				t.Fatalf("PowInt(%v, %d) = %v (%x), want %v (%x)", b, n, got, math.Float64bits(got), want, math.Float64bits(want))
			}
			if math.Pow(b, float64(n)) != want {
				mathPowOff++
			}
		}
		t.Logf("base %v: PowInt exact for t=1..%d; math.Pow off by an ulp or more in %d cases", b, maxT, mathPowOff)
	}
}

func TestPowIntSpecialCases(t *testing.T) {
	for _, c := range []struct {
		x    float64
		n    int
		want float64
	}{
		{0, 0, 1}, {0, 3, 0}, {5, 0, 1}, {1, 1 << 40, 1}, {2, 10, 1024}, {2, 1023, 0x1p1023},
		{2, 1024, math.Inf(1)}, {0.5, 1074, 0x1p-1074}, {0.5, 1075, 0}, {3, 2, 9},
		{math.Inf(1), 2, math.Inf(1)}, {0.25, 537, 0x1p-1074}, {0.25, 538, 0},
	} {
		if got := PowInt(c.x, c.n); got != c.want {
			t.Errorf("PowInt(%v, %d) = %v, want %v", c.x, c.n, got, c.want)
		}
	}
	if got := PowInt(math.NaN(), 2); !math.IsNaN(got) {
		t.Errorf("PowInt(NaN, 2) = %v, want NaN", got)
	}
}

// TestPowMatchesBigReference compares Pow with an independent 400-bit
// evaluation of exp(y*log(x)) in math/big (series for atanh and exp).
func TestPowMatchesBigReference(t *testing.T) {
	check := func(x, y, want float64) bool {
		t.Helper()
		if got := Pow(x, y); got != want {
			t.Errorf("Pow(%v, %v) = %v (%x), want %v (%x)", x, y, got, math.Float64bits(got), want, math.Float64bits(want))
			return false
		}
		return true
	}
	// NAdam: 0.96^(t*psi) with t*psi rounded to float64, psi = 4e-3.
	mathPowOff := 0
	log096 := bigLog(0.96)
	for n := 1; n <= 4000; n++ {
		y := float64(n) * 0.004
		want := bigExpFloat64(log096, y)
		if !check(0.96, y, want) {
			return
		}
		if math.Pow(0.96, y) != want {
			mathPowOff++
		}
	}
	t.Logf("0.96^(t*0.004), t=1..4000: Pow exact; math.Pow off in %d cases", mathPowOff)
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		x := 0.01 + 2*r.Float64()
		y := 100 * (r.Float64() - 0.5)
		if !check(x, y, bigExpFloat64(bigLog(x), y)) {
			return
		}
	}
	// Results in the subnormal range and at the edges of the float64 range.
	for _, c := range [][2]float64{{0.5, 1073.5}, {0.5, 1074.25}, {0.9, 7000.5}, {2, 1023.5}, {0.96, 0.5}, {1e-300, 1.03}} {
		check(c[0], c[1], bigExpFloat64(bigLog(c[0]), c[1]))
	}
}

const refPrec = 400

// bigExpFloat64 returns exp(y*logX) rounded to float64, computed in 400-bit
// arithmetic; with logX = bigLog(x) that is x^y.
func bigExpFloat64(logX *big.Float, y float64) float64 {
	w := new(big.Float).SetPrec(refPrec).Mul(logX, new(big.Float).SetFloat64(y))
	f, _ := bigExp(w).Float64()
	return f
}

// bigLog returns log(x) = log(m) + e*log(2) for x = m*2^e, m in [0.5, 1).
func bigLog(x float64) *big.Float {
	m, e := math.Frexp(x)
	l := bigLogSeries(m)
	ln2 := bigLogSeries(0.5)
	ln2.Neg(ln2)
	return l.Add(l, ln2.Mul(ln2, new(big.Float).SetPrec(refPrec).SetInt64(int64(e))))
}

// bigLogSeries returns log(x) = 2*atanh(z), z = (x-1)/(x+1), summing the
// series (|z| <= 1/3 for x in [0.5, 1]).
func bigLogSeries(x float64) *big.Float {
	bx := new(big.Float).SetPrec(refPrec).SetFloat64(x)
	one := new(big.Float).SetPrec(refPrec).SetInt64(1)
	z := new(big.Float).SetPrec(refPrec).Sub(bx, one)
	z.Quo(z, new(big.Float).SetPrec(refPrec).Add(bx, one))
	z2 := new(big.Float).SetPrec(refPrec).Mul(z, z)
	sum := new(big.Float).SetPrec(refPrec).Set(z)
	pow := new(big.Float).SetPrec(refPrec).Set(z)
	term := new(big.Float).SetPrec(refPrec)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -refPrec-10)
	for k := int64(3); ; k += 2 {
		pow.Mul(pow, z2)
		term.Quo(pow, new(big.Float).SetPrec(refPrec).SetInt64(k))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	return sum.Mul(sum, big.NewFloat(2))
}

// bigExp returns exp(w): Taylor series at w/2^40, then 40 squarings.
func bigExp(w *big.Float) *big.Float {
	const halvings = 40
	x := new(big.Float).SetPrec(refPrec).SetMantExp(w, -halvings)
	sum := new(big.Float).SetPrec(refPrec).SetInt64(1)
	term := new(big.Float).SetPrec(refPrec).SetInt64(1)
	for k := int64(1); k < 30; k++ {
		term.Mul(term, x)
		term.Quo(term, new(big.Float).SetPrec(refPrec).SetInt64(k))
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	return sum
}
