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

// TestNonFinitePositions places one or two non-finite values at every
// position of short slices: the fast path reads the four quarters of a
// slice side by side, a cache line of each at a time, then the rest by
// 32-byte blocks and elements, so every position must be seen whichever
// part of that reading it falls in, and with two of them the first must be
// reported.
func TestNonFinitePositions(t *testing.T) {
	paths(t, func(t *testing.T) {
		nonFinitePositions[float32](t)
		nonFinitePositions[float64](t)
	})
}

func nonFinitePositions[T Float](t *testing.T) {
	for n := 1; n <= 300; n++ {
		x := make([]T, n)
		for i := range n {
			x[i] = T(math.Inf(-1))
			if got := NonFinite(x); got != i {
				t.Fatalf("NonFinite[%T] of %d elements, -Inf at %d: got %d", T(0), n, i, got)
			}
			for j := i + 1; j < n && n >= 128; j++ {
				x[j] = T(math.NaN())
				if got := NonFinite(x); got != i {
					t.Fatalf("NonFinite[%T] of %d elements, -Inf at %d and NaN at %d: got %d", T(0), n, i, j, got)
				}
				x[j] = 0
			}
			x[i] = 0
		}
	}
}
