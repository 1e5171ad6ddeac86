// Package xmath computes the powers that optimizers need (β^t for bias
// corrections, 0.96^(tψ) for NAdam) correctly rounded, as the C library's pow
// that PyTorch calls from Python does in practice, and without allocating.
//
// Go's math.Pow is accurate to about one ulp but not correctly rounded, which
// is enough for training but not for bit-for-bit agreement with torch. Here
// the power is evaluated in double-double arithmetic (about 106 significant
// bits) and rounded once to float64, so the result is the correctly rounded
// value unless the exact power lies within roughly 2^-95 (relative) of a
// midpoint between two float64 values; the tests compare against exact math/big
// references.
package xmath

import "math"

// ln2 is log(2) as a double-double.
var ln2 = dd{0.6931471805599453, 2.3190468138462996e-17}

// PowInt returns x**n rounded to the nearest float64 (ties to even), for
// finite x >= 0 and n >= 0. PowInt(x, 0) is 1, including for x = 0.
// For other arguments it returns math.Pow(x, float64(n)).
func PowInt(x float64, n int) float64 {
	if r, ok := powIntSpecial(x, n); ok {
		return r
	}
	res, re := powDD(x, n)
	return roundScaled(res, re)
}

// powIntSpecial returns PowInt(x, n) and true when it needs no
// double-double arithmetic: special arguments, and results far outside the
// float64 range (0 or +Inf).
func powIntSpecial(x float64, n int) (float64, bool) {
	switch {
	case n < 0 || x < 0 || math.IsInf(x, 0) || math.IsNaN(x):
		return math.Pow(x, float64(n)), true
	case n == 0:
		return 1, true
	case x == 0:
		return 0, true
	case n == 1:
		return x, true
	}
	// Otherwise the exponents in powDD stay within a few thousand.
	switch est := float64(n) * math.Log2(x); {
	case est < -1100:
		return 0, true
	case est > 1100:
		return math.Inf(1), true
	}
	return 0, false
}

// powDD returns x**n as a normalized double-double times 2^k, for finite
// x > 0 and n >= 1, by binary powering on normalized double-doubles, with the
// binary exponents kept aside in ints so that nothing underflows or
// overflows on the way. Each squaring doubles the relative error already
// present and each product adds about 2^-104, so the error stays below
// n*2^-103: correct rounding is certain in practice for the step counts of
// any training run (n up to about 2^30).
func powDD(x float64, n int) (dd, int) {
	base, be := normalize(dd{x, 0})
	res, re := dd{1, 0}, 0
	for {
		var k int
		if n&1 == 1 {
			res, k = normalize(ddMul(res, base))
			re += be + k
		}
		n >>= 1
		if n == 0 {
			return res, re
		}
		base, k = normalize(ddMul(base, base))
		be = 2*be + k
	}
}

// Pow returns x**y rounded to the nearest float64, for finite x > 0 and
// finite y (see the package comment for the guarantee). Integer y is handled
// by PowInt. For other arguments it returns math.Pow(x, y).
func Pow(x, y float64) float64 {
	if y == math.Trunc(y) && y >= 0 && y <= 1<<53 {
		return PowInt(x, int(y))
	}
	if !(x > 0) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return math.Pow(x, y)
	}
	return expRounded(ddMulF(ddLog(x), y))
}

// expRounded returns exp(y) rounded to the nearest float64.
func expRounded(y dd) float64 {
	switch {
	case y.hi > 710:
		return math.Inf(1)
	case y.hi < -746:
		return 0
	}
	// exp(y) = 2^k * exp(r) with r = y - k*log(2), |r| <= log(2)/2.
	k := math.Round(y.hi / ln2.hi)
	r := ddAdd(y, ddMulF(ln2, -k))
	e, s := normalize(ddExpReduced(r))
	return roundScaled(e, s+int(k))
}

// ddExpReduced returns exp(r) for |r| <= 0.36.
func ddExpReduced(r dd) dd {
	// Scale r down by 2^-10, sum the Taylor series of expm1 there, then undo
	// the scaling with expm1(2x) = expm1(x) * (expm1(x) + 2), which keeps the
	// small value in expm1 form and loses nothing to cancellation.
	const halvings = 10
	x := ddScale(r, -halvings)
	// expm1(x) = x + x^2/2! + ... ; |x| < 3.6e-4, so 10 terms leave < 2^-120.
	term, sum := x, x
	for i := 2; i <= 10; i++ {
		term = ddMul(term, x)
		term = ddDivSmallInt(term, i)
		sum = ddAdd(sum, term)
	}
	for range halvings {
		sum = ddMul(sum, ddAdd(sum, dd{2, 0}))
	}
	return ddAdd(sum, dd{1, 0})
}

// ddDivSmallInt returns a / n for a small positive integer n.
func ddDivSmallInt(a dd, n int) dd {
	d := float64(n)
	q1 := a.hi / d
	// remainder a - q1*d, exactly via twoProd
	p, e := twoProd(q1, d)
	rem := ddAdd(a, dd{-p, -e})
	q2 := rem.hi / d
	s, t := quickTwoSum(q1, q2)
	return dd{s, t}
}

// ddLog returns log(x) for finite x > 0 as a double-double, by one Newton
// step from math.Log: log(x) = l + log(x*exp(-l)) with x*exp(-l) = 1+u, |u|
// about 2^-52, and log(1+u) = u - u^2/2 + O(2^-156).
func ddLog(x float64) dd {
	m, k := math.Frexp(x) // x = m*2^k; log(x) = log(m) + k*log(2), no cancellation trouble for m in [0.5,1)
	if m < math.Sqrt2/2 {
		m, k = 2*m, k-1 // m in [sqrt(1/2), sqrt(2)) keeps log(m) small
	}
	l := math.Log(m)
	w := ddMulF(ddExpReduced(dd{-l, 0}), m) // m*exp(-l) = 1+u
	u := ddAdd(w, dd{-1, 0})
	u2 := ddScale(ddMul(u, u), -1)
	lm := ddAdd(ddAdd(dd{l, 0}, u), dd{-u2.hi, -u2.lo})
	return ddAdd(lm, ddMulF(ln2, float64(k)))
}
