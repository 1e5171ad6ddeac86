package xmath

import "math"

// pio2 is π/2 as an unevaluated sum of four float64 values (about 210 bits).
var pio2 = [4]float64{0x1.921fb54442d18p+00, 0x1.1a62633145c07p-54, -0x1.f1976b7ed8fbcp-110, 0x1.4cf98e804177dp-164}

// maxCosArg bounds the arguments Cos rounds correctly: below it the
// reduction by π/2 loses nothing that matters (see Cos).
const maxCosArg = 1 << 30

// Cos returns cos(x) rounded to the nearest float64, for |x| <= 2^30; for
// larger, infinite or NaN x it returns math.Cos(x).
//
// Learning-rate schedules take cos(π*k/T) in float64, and Python's math.cos
// (the C library's cos) rounds correctly on every such argument checked,
// while Go's math.Cos is off by an ulp in about a quarter of them. Here x is
// reduced to r = x - q*π/2, |r| <= π/4, with exact products and double-double
// sums against a 210-bit π/2, so r keeps about 100 significant bits even when
// x lies next to a multiple of π/2 (no float64 below 2^30 comes closer than
// about 2^-60 relative); then the Taylor series of sin r or cos r is summed in
// double-double and rounded once. The result is the correctly rounded cosine
// unless the exact value lies within about 2^-95 (relative) of a midpoint
// between two float64 values; the tests compare with a math/big reference.
func Cos(x float64) float64 {
	x = math.Abs(x)
	if !(x <= maxCosArg) { // NaN, Inf, or too large
		return math.Cos(x)
	}
	q := math.Round(x * (2 / math.Pi))
	r := dd{x, 0}
	for _, p := range pio2 {
		hi, lo := twoProd(q, p) // exact: q < 2^31
		r = ddAdd(r, dd{-hi, -lo})
	}
	var c dd
	switch int64(q) % 4 {
	case 0:
		c = ddCosReduced(r)
	case 1:
		c = ddSinReduced(r)
		c = dd{-c.hi, -c.lo}
	case 2:
		c = ddCosReduced(r)
		c = dd{-c.hi, -c.lo}
	case 3:
		c = ddSinReduced(r)
	}
	s, _ := quickTwoSum(c.hi, c.lo)
	return s
}

// ddSinReduced returns sin(r) for |r| <= π/4 + 2^-40 from its Taylor series.
func ddSinReduced(r dd) dd {
	r2 := ddMul(r, r)
	term, sum := r, r
	for n := 2; n < 60; n += 2 {
		term = ddDivSmallInt(ddMul(term, r2), n*(n+1))
		term = dd{-term.hi, -term.lo}
		sum = ddAdd(sum, term)
		if math.Abs(term.hi) < 0x1p-112*math.Abs(sum.hi) {
			break
		}
	}
	return sum
}

// ddCosReduced returns cos(r) for |r| <= π/4 + 2^-40 from its Taylor series.
func ddCosReduced(r dd) dd {
	r2 := ddMul(r, r)
	term, sum := dd{1, 0}, dd{1, 0}
	for n := 1; n < 60; n += 2 {
		term = ddDivSmallInt(ddMul(term, r2), n*(n+1))
		term = dd{-term.hi, -term.lo}
		sum = ddAdd(sum, term)
		if math.Abs(term.hi) < 0x1p-112 {
			break
		}
	}
	return sum
}
