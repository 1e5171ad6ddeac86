package xmath

import "math"

// dd is an unevaluated sum hi + lo of two float64 values with |lo| <= ulp(hi)/2:
// a double-double number carrying about 106 bits of significand.
//
// Every product below is written with an explicit float64 conversion so that
// the compiler cannot fuse it into a multiply-add; the error-free products use
// math.FMA on purpose. The results are therefore the same on every platform.
type dd struct{ hi, lo float64 }

// twoSum returns s = fl(a+b) and the exact rounding error e, a+b = s+e.
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// quickTwoSum is twoSum for |a| >= |b| (or a == 0).
func quickTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

// twoProd returns p = fl(a*b) and the exact rounding error e, a*b = p+e,
// barring underflow.
func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	e = math.FMA(a, b, -p)
	return p, e
}

// ddAdd returns a + b.
func ddAdd(a, b dd) dd {
	s, e := twoSum(a.hi, b.hi)
	t, f := twoSum(a.lo, b.lo)
	e += t
	s, e = quickTwoSum(s, e)
	e += f
	s, e = quickTwoSum(s, e)
	return dd{s, e}
}

// ddMul returns a * b.
func ddMul(a, b dd) dd {
	p, e := twoProd(a.hi, b.hi)
	e += float64(a.hi*b.lo) + float64(a.lo*b.hi)
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

// ddMulF returns a * b for a float64 b.
func ddMulF(a dd, b float64) dd {
	p, e := twoProd(a.hi, b)
	e += float64(a.lo * b)
	p, e = quickTwoSum(p, e)
	return dd{p, e}
}

// ddScale returns a * 2^k, exactly as long as no part underflows.
func ddScale(a dd, k int) dd { return dd{math.Ldexp(a.hi, k), math.Ldexp(a.lo, k)} }

// normalize splits a (finite, nonzero) into a * 2^k with a.hi in [0.5, 1).
func normalize(a dd) (dd, int) {
	_, k := math.Frexp(a.hi)
	return ddScale(a, -k), k
}

// roundScaled returns the float64 nearest to (a.hi + a.lo) * 2^k, ties to
// even, for a normalized a (a.hi in [0.5, 1), a.lo below half an ulp of a.hi).
// It handles overflow (to +Inf) and subnormal and zero results.
func roundScaled(a dd, k int) float64 {
	switch {
	case k > 1024:
		return math.Inf(1)
	case k >= -1021:
		// a.hi*2^k is a normal number: a.hi is already hi+lo rounded to 53 bits
		// and scaling by a power of two is exact (or overflows to +Inf).
		return math.Ldexp(a.hi, k)
	case k < -1076:
		return 0 // below a quarter of the smallest subnormal
	}
	// Subnormal: round (hi+lo)*2^(k+1074) to an integer n; the result is n*2^-1074.
	// With k+1074 in [-2, 52] both scalings are exact, and so is hi-n.
	s := k + 1074
	hi, lo := math.Ldexp(a.hi, s), math.Ldexp(a.lo, s)
	n := math.Floor(hi)
	// |lo| <= ulp(hi)/2 decides only an exact tie in hi.
	switch d := hi - n; {
	case d > 0.5, d == 0.5 && lo > 0:
		n++
	case d == 0.5 && lo == 0 && math.Mod(n, 2) == 1:
		n++ // ties to even
	}
	return math.Ldexp(n, -1074)
}
