package data

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// checkSynthetic validates the arguments shared by the generators, for data
// in the element type T.
func checkSynthetic[T tensor.Float](n, features int, noise float64) error {
	if n < 1 {
		return fmt.Errorf("data: %d rows, want at least 1", n)
	}
	if features < 1 {
		return fmt.Errorf("data: %d features, want at least 1", features)
	}
	if _, err := tensor.NumElements([]int{n, features}); err != nil {
		return fmt.Errorf("data: %d rows × %d features: %w", n, features, err)
	}
	if !(noise >= 0) || math.IsInf(noise, 0) { // also rejects NaN
		return fmt.Errorf("data: noise %v, want a finite value ≥ 0", noise)
	}
	if hi := maxNoise[T](); noise > hi {
		return fmt.Errorf("data: noise %v is too large for %s, want a value in [0, %.4g] (2⁻²⁰ of the largest %s, so that every generated value is finite)",
			noise, dtype[T](), hi, dtype[T]())
	}
	return nil
}

// maxNoise is the largest noise the generators accept for T: 2⁻²⁰ of the
// largest finite T. A generated value is at most 1 + 14.2·noise in
// magnitude (math/rand/v2's NormFloat64 never exceeds 14.2 but with
// probability 2⁻¹⁰⁶), so it stays below 2⁻¹⁶ of the largest T, and its
// rounding to the grid (a product with 2¹⁰ in float64) stays finite too.
func maxNoise[T tensor.Float]() float64 {
	if is32[T]() {
		return math.MaxFloat32 / (1 << 20)
	}
	return math.MaxFloat64 / (1 << 20)
}

// is32 reports whether T has float32's precision.
func is32[T tensor.Float]() bool {
	one := T(1)
	return one+T(0x1p-30) == one
}

// dtype names T's precision for error messages.
func dtype[T tensor.Float]() string {
	if is32[T]() {
		return "float32"
	}
	return "float64"
}
