package data

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// TwoClass returns n points of two Gaussian blobs in the plane, labelled 0
// and 1: class 0 around (−1, −1), class 1 around (1, 1), each coordinate with
// standard deviation noise. Row i has label i mod 2, so the classes are
// balanced (their sizes differ by at most one) and interleaved.
//
// The best possible boundary is the line x₁ + x₂ = 0, with error rate
// Φ(−√2/noise): about 0.2% for noise = 0.5 and 8% for noise = 1. Values are
// rounded to multiples of 2⁻¹⁰ and depend only on the arguments (see the
// package documentation). It returns an error if n < 1 or noise is negative,
// not finite or above 2⁻²⁰ of the largest T (about 3.2e32 in float32 and
// 1.7e302 in float64), which keeps every generated value finite in T.
func TwoClass[T tensor.Float](n int, noise float64, seed uint64) (*Dataset[T], error) {
	if err := checkSynthetic[T](n, 2, noise); err != nil {
		return nil, err
	}
	r := newRand(seed, streamTwoClass)
	x := make([]T, 2*n)
	labels := make([]int, n)
	for i := range n {
		c := i % 2
		centre := float64(2*c - 1)
		labels[i] = c
		x[2*i] = T(onGrid(centre + float64(noise*r.NormFloat64())))
		x[2*i+1] = T(onGrid(centre + float64(noise*r.NormFloat64())))
	}
	return newLabeled(x, 2, labels, 2), nil
}

// MultiClass returns n points of a k-armed spiral in the plane, one arm per
// class: a classic dataset that no linear model separates.
//
// Row i belongs to class c = i mod k, so the classes are balanced (their
// sizes differ by at most one) and interleaved. The j-th point of class c,
// which has m points, sits at radius r = (j + ½)/m and angle
// θ = 2πc/k + 4r + noise·ε with ε ~ N(0, 1): noise is an angular jitter in
// radians (0.2 gives arms that still separate cleanly). The point is
// (r·cos θ, r·sin θ), rounded to multiples of 2⁻¹⁰; the result depends only
// on the arguments (see the package documentation). It returns an error if
// k < 2, n < k or noise is negative, not finite or above 2⁻²⁰ of the
// largest T (the bound of [TwoClass]; a larger angle could overflow).
func MultiClass[T tensor.Float](n, k int, noise float64, seed uint64) (*Dataset[T], error) {
	if k < 2 {
		return nil, fmt.Errorf("data: %d classes, want at least 2", k)
	}
	if n < k {
		return nil, fmt.Errorf("data: %d rows for %d classes, want at least one row per class", n, k)
	}
	if err := checkSynthetic[T](n, 2, noise); err != nil {
		return nil, err
	}
	r := newRand(seed, streamMultiClass)
	x := make([]T, 2*n)
	labels := make([]int, n)
	for i := range n {
		c, j := i%k, i/k
		m := (n - c + k - 1) / k // rows of class c: i = c, c+k, c+2k, … < n
		radius := (float64(j) + 0.5) / float64(m)
		theta := 2*math.Pi*float64(c)/float64(k) + 4*radius + float64(noise*r.NormFloat64())
		labels[i] = c
		x[2*i] = T(onGrid(radius * math.Cos(theta)))
		x[2*i+1] = T(onGrid(radius * math.Sin(theta)))
	}
	return newLabeled(x, 2, labels, k), nil
}
