package autograd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// TestGemmMatchesLoop checks gemm against the plain loop for every
// transpose combination, with and without accumulation, at sizes on both
// sides of the kernels' tiles and gonum's 64-wide blocks: float32 (the
// packed kernel) bit for bit, float64 (gonum's blas64) to rounding.
func TestGemmMatchesLoop(t *testing.T) {
	t.Run("float32", func(t *testing.T) { checkGemm[float32](t, 0) })
	t.Run("float64", func(t *testing.T) { checkGemm[float64](t, 1e-13) })
}

// checkGemm compares gemm with gemmLoop: bit for bit when tol is 0, else
// within tol·(k+1) (each element sums k products of magnitude < 1).
func checkGemm[T tensor.Float](t *testing.T, tol float64) {
	r := rand.New(rand.NewPCG(5, 6))
	fill := func(n int) []T {
		s := make([]T, n)
		for i := range s {
			s[i] = T(2*r.Float64() - 1)
		}
		return s
	}
	for _, size := range [][3]int{{1, 1, 1}, {3, 5, 2}, {70, 65, 130}, {2, 0, 3}, {64, 128, 784}} {
		m, n, k := size[0], size[1], size[2]
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for _, acc := range []bool{false, true} {
					a, b, c0 := fill(m*k), fill(k*n), fill(m*n)
					got, want := append([]T(nil), c0...), append([]T(nil), c0...)
					gemm(tA, tB, m, n, k, a, b, acc, got)
					gemmLoop(tA, tB, m, n, k, a, b, acc, want)
					for i := range want {
						d := math.Abs(float64(got[i] - want[i]))
						if tol == 0 && got[i] != want[i] || d > tol*float64(k+1) {
							t.Fatalf("m,n,k=%d,%d,%d tA=%v tB=%v acc=%v: c[%d] = %v, loop %v", m, n, k, tA, tB, acc, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

type named float64

func TestMatMulNamedFloatType(t *testing.T) {
	a := FromValues([]int{2, 2}, []named{1, 2, 3, 4})
	w := must(tensor.New("w", []int{2, 1}, []named{5, 6}))
	y := MatMul(a, Param(w))
	if err := Sum(y).Backward(); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(y.Value(), w.Grad); got != "[17 39] [4 6]" {
		t.Errorf("value and weight gradient %s, want [17 39] [4 6]", got)
	}
}
