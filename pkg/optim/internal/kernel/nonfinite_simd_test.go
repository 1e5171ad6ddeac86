package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestNonFiniteParity checks NonFinite on every path against an oracle built
// on math.IsNaN and math.IsInf: finite extremes (the largest finite values,
// subnormals, zeros) must pass and the first NaN or ±Inf must be found
// wherever it sits, including in the scalar tail and in the last piece of a
// split.
func TestNonFiniteParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		nonFiniteParity[float32](t)
		nonFiniteParity[float64](t)
	})
}

func nonFiniteParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	bad := []T{T(math.NaN()), T(math.Inf(1)), T(math.Inf(-1))}
	for _, n := range append(sizes, 4*minParallel+3) {
		x := make([]T, n)
		for i := range x {
			x[i] = finite[T](r)
		}
		check := func(what string) {
			t.Helper()
			want := -1
			for i, v := range x {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					want = i
					break
				}
			}
			if got := NonFinite(x); got != want {
				t.Fatalf("NonFinite[%T] of %d elements, %s: got %d, want %d", T(0), n, what, got, want)
			}
		}
		check("all finite")
		// Plant up to four non-finite values at random places, checking
		// after each.
		for k := 0; k < 4 && n > 0; k++ {
			i := r.IntN(n)
			x[i] = bad[r.IntN(len(bad))]
			check(fmt.Sprintf("%v at %d", x[i], i))
		}
	}
}

// finite returns a random finite T, often an extreme one.
func finite[T Float](r *rand.Rand) T {
	tiny, huge := math.SmallestNonzeroFloat64, math.MaxFloat64
	if is32[T]() {
		tiny, huge = math.SmallestNonzeroFloat32, math.MaxFloat32
	}
	x := []float64{0, math.Copysign(0, -1), tiny, -tiny, huge, -huge, r.NormFloat64()}[r.IntN(7)]
	return T(x)
}
