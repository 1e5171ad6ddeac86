package xmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// piDigits is π to 200 decimal places, for the math/big reference.
const piDigits = "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196"

// bigCos returns cos(x) rounded to the nearest float64, computed in 400-bit
// arithmetic: x is reduced modulo 2π with a 660-bit π, then the Taylor
// series is summed.
func bigCos(x float64) float64 {
	pi, _, err := big.ParseFloat(piDigits, 10, 660, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	twoPi := new(big.Float).SetPrec(660).Mul(pi, big.NewFloat(2))
	bx := new(big.Float).SetPrec(660).SetFloat64(math.Abs(x))
	q := new(big.Float).SetPrec(660).Quo(bx, twoPi)
	qi, _ := q.Int(nil)
	r := new(big.Float).SetPrec(660).Sub(bx, new(big.Float).SetPrec(660).Mul(twoPi, new(big.Float).SetInt(qi)))
	r.SetPrec(refPrec)
	r2 := new(big.Float).SetPrec(refPrec).Mul(r, r)
	sum := new(big.Float).SetPrec(refPrec).SetInt64(1)
	term := new(big.Float).SetPrec(refPrec).SetInt64(1)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -refPrec-10)
	for n := int64(1); ; n += 2 {
		term.Mul(term, r2)
		term.Quo(term, new(big.Float).SetPrec(refPrec).SetInt64(n*(n+1)))
		term.Neg(term)
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	f, _ := sum.Float64()
	return f
}

// TestPio2 checks the four-part π/2 against the decimal digits.
func TestPio2(t *testing.T) {
	pi, _, _ := big.ParseFloat(piDigits, 10, 660, big.ToNearestEven)
	half := new(big.Float).SetPrec(660).Quo(pi, big.NewFloat(2))
	sum := new(big.Float).SetPrec(660)
	for _, p := range pio2 {
		sum.Add(sum, new(big.Float).SetFloat64(p))
	}
	diff := new(big.Float).SetPrec(660).Sub(half, sum)
	if d, _ := diff.Float64(); math.Abs(d) > 0x1p-215 {
		t.Errorf("π/2 - sum(pio2) = %g, want below 2^-215", d)
	}
}

// TestCosMatchesBigReference compares Cos with the correctly rounded cosine
// on the arguments schedules use, math.Pi*k/T (CosineAnnealingLR) and
// math.Pi*pct (OneCycleLR), on the float64 values nearest to multiples of
// π/2 (where cos is tiny and the reduction is hardest), and on random
// arguments up to 2^30.
func TestCosMatchesBigReference(t *testing.T) {
	var args []float64
	for _, T := range []int{1, 2, 3, 5, 7, 10, 15, 20, 50, 55, 95, 100, 1000} {
		for k := 0; k <= 2*T+1; k++ {
			args = append(args, math.Pi*float64(k)/float64(T))
		}
	}
	for k := 1; k <= 200; k++ {
		near := float64(k) * math.Pi / 2
		args = append(args, near, math.Nextafter(near, 0), math.Nextafter(near, math.Inf(1)))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		args = append(args, rng.Float64()*10, math.Ldexp(rng.Float64(), rng.IntN(31)), -rng.Float64()*100)
	}
	args = append(args, 0, -0.0, 1e-300, 0x1p-1074, maxCosArg)
	mathOff := 0
	for _, x := range args {
		want := bigCos(x)
		if got := Cos(x); got != want {
			t.Fatalf("Cos(%v) = %v (%x), want %v (%x)", x, got, math.Float64bits(got), want, math.Float64bits(want))
		}
		if math.Cos(x) != want {
			mathOff++
		}
	}
	t.Logf("%d arguments: Cos correctly rounded on all; math.Cos off by an ulp or more on %d", len(args), mathOff)
}

func TestCosSpecialCases(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := Cos(x); !math.IsNaN(got) {
			t.Errorf("Cos(%v) = %v, want NaN", x, got)
		}
	}
	if got, want := Cos(1e20), math.Cos(1e20); got != want {
		t.Errorf("Cos(1e20) = %v, want math.Cos's %v", got, want)
	}
}
