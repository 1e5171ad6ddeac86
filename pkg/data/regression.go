package data

import "github.com/descentlab/descent/pkg/tensor"

// Linear is a linear model y = Weight·x + Bias: the true parameters behind
// a [Regression] dataset. It is plain data, safe to read from several
// goroutines at once while nobody writes to it.
type Linear[T tensor.Float] struct {
	Weight []T // one per feature
	Bias   T
}

// Regression returns n rows of linear-regression data with the given number
// of features, and the true model that generated it:
//
//	xᵢⱼ ~ N(0, 1),   yᵢ = Σⱼ wⱼ·xᵢⱼ + b + noise·εᵢ,   εᵢ ~ N(0, 1).
//
// Each true weight wⱼ is a non-zero multiple of 1/4 in [−2, 2] and the bias
// b a multiple of 1/4 in [−1, 1], so that a lesson can print and compare
// them. Inputs and targets are rounded to multiples of 2⁻¹⁰ (see the package
// documentation); the least-squares fit of the data therefore recovers the
// true model up to the noise and a rounding error of at most 2⁻¹¹ per target.
// The result depends only on the arguments: see the package documentation on
// determinism. It returns an error if n < 1, features < 1 or noise is
// negative, not finite or above 2⁻²⁰ of the largest T (the bound of
// [TwoClass], which keeps every target finite in T).
func Regression[T tensor.Float](n, features int, noise float64, seed uint64) (*Dataset[T], Linear[T], error) {
	if err := checkSynthetic[T](n, features, noise); err != nil {
		return nil, Linear[T]{}, err
	}
	r := newRand(seed, streamRegression)
	w := make([]float64, features)
	for j := range w {
		w[j] = float64(1+r.IntN(8)) / 4
		if r.IntN(2) == 0 {
			w[j] = -w[j]
		}
	}
	b := float64(r.IntN(9)-4) / 4

	x := make([]T, n*features)
	y := make([]T, n)
	row := make([]float64, features)
	for i := range n {
		for j := range row {
			row[j] = onGrid(r.NormFloat64())
			x[i*features+j] = T(row[j])
		}
		// wⱼ·xᵢⱼ and their sum are exact: quarters times multiples of 2⁻¹⁰.
		s := b
		for j, v := range row {
			s += w[j] * v
		}
		y[i] = T(onGrid(s + float64(noise*r.NormFloat64())))
	}

	truth := Linear[T]{Weight: make([]T, features), Bias: T(b)}
	for j, v := range w {
		truth.Weight[j] = T(v)
	}
	return &Dataset[T]{X: x, Y: y, features: features}, truth, nil
}
