package xmath

import "math"

// IntPowers returns PowInt(x, n) for the sequence of exponents an optimizer
// asks for (n = t, then t+1, ...), at the cost of one double-double
// multiplication per step instead of a whole binary powering. The zero value
// is ready to use; it is not safe for concurrent use.
//
// It keeps x^n as a normalized double-double and multiplies it by x when n
// grows by one. The value it carries is within n*2^-103 (relative) of the
// exact power, and so is the one PowInt rounds (see powDD); when the carried
// value is further than the sum of both bounds from every midpoint between
// two float64 values, both round to the same float64, which is returned.
// Otherwise, and for any other change of x or n, the answer is PowInt's own.
// The results are therefore PowInt's, bit for bit.
type IntPowers struct {
	x     float64 // the base of the sequence
	n     int     // the last exponent; 0 when there is no sequence to continue
	r     float64 // PowInt(x, n)
	p     dd      // x^n = p * 2^e, p.hi in [0.5, 1)
	e     int
	xm    float64 // x = xm * 2^xe, xm in [0.5, 1)
	xe    int
	valid bool // p and e hold x^n
}

// At returns PowInt(x, n).
func (s *IntPowers) At(x float64, n int) float64 {
	switch {
	case s.valid && x == s.x && n == s.n:
		return s.r
	case s.valid && x == s.x && n == s.n+1:
		s.next()
	default:
		s.start(x, n)
		return s.r
	}
	s.n = n
	if r, ok := s.round(); ok {
		s.r = r
	} else {
		s.r = PowInt(x, n)
	}
	return s.r
}

// start begins a sequence at x^n.
func (s *IntPowers) start(x float64, n int) {
	s.x, s.n = x, n
	if r, ok := powIntSpecial(x, n); ok {
		s.r, s.valid = r, false
		return
	}
	s.p, s.e = powDD(x, n)
	s.r = roundScaled(s.p, s.e)
	s.xm, s.xe = math.Frexp(x)
	s.valid = true
}

// next multiplies the carried power by x and renormalizes it: the product
// of two significands in [0.5, 1) lies in [0.25, 1), and its rounding may
// reach 1. Scaling by two is exact.
func (s *IntPowers) next() {
	p := ddMulF(s.p, s.xm)
	s.e += s.xe
	switch {
	case p.hi < 0.5:
		p, s.e = dd{2 * p.hi, 2 * p.lo}, s.e-1
	case p.hi >= 1:
		p, s.e = dd{p.hi / 2, p.lo / 2}, s.e+1
	}
	s.p = p
}

// round returns the carried power rounded to float64 and true when the
// rounding is certain (see IntPowers), false otherwise.
func (s *IntPowers) round() (float64, bool) {
	switch {
	case s.e < -1080:
		// Below 2^-1081, under a quarter of the smallest subnormal: 0,
		// and PowInt's estimate or its own rounding says so too.
		return 0, true
	case s.e < -1000 || s.e > 1000: // near or outside the float64 range: leave it to PowInt
		return 0, false
	}
	// p.hi is p rounded to 53 bits. Every value within half a spacing of
	// p.hi rounds to it; the spacing is 2^-53 in [0.5, 1) and 2^-54 below.
	half := 0x1p-54
	if s.p.hi == 0.5 && s.p.lo < 0 {
		half = 0x1p-55
	}
	bound := float64(s.n) * 0x1p-96 // both error bounds, n*2^-103 each, with a margin of 2^6
	if math.Abs(s.p.lo)+bound >= half {
		return 0, false
	}
	return s.p.hi * math.Float64frombits(uint64(1023+s.e)<<52), true // exact: a normal result
}

// PowBase computes powers of one base x as Pow does, bit for bit, with
// log(x) computed once.
type PowBase struct {
	x   float64
	log dd // log(x) when x is finite and > 0
}

// NewPowBase returns a PowBase for x.
func NewPowBase(x float64) PowBase {
	b := PowBase{x: x}
	if x > 0 && !math.IsInf(x, 0) {
		b.log = ddLog(x)
	}
	return b
}

// Pow returns Pow(x, y) for the base x of b.
func (b PowBase) Pow(y float64) float64 {
	if y == math.Trunc(y) && y >= 0 && y <= 1<<53 {
		return PowInt(b.x, int(y))
	}
	if !(b.x > 0) || math.IsInf(b.x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return math.Pow(b.x, y)
	}
	return expRounded(ddMulF(b.log, y))
}
