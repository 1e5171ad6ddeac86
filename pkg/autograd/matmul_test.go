package autograd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// TestGemmBLASMatchesLoop checks gemm against the plain loop for every
// transpose combination, with and without accumulation, at sizes on both
// sides of gonum's 64-wide blocks (float64 calls gonum).
func TestGemmBLASMatchesLoop(t *testing.T) {
	t.Run("float32", func(t *testing.T) { checkGemm[float32](t, 1e-5) })
	t.Run("float64", func(t *testing.T) { checkGemm[float64](t, 1e-13) })
}

func checkGemm[T tensor.Float](t *testing.T, tol float64) {
	r := rand.New(rand.NewPCG(5, 6))
	fill := func(n int) []T {
		s := make([]T, n)
		for i := range s {
			s[i] = T(2*r.Float64() - 1)
		}
		return s
	}
	for _, size := range [][3]int{{1, 1, 1}, {3, 5, 2}, {70, 65, 130}, {2, 0, 3}} {
		m, n, k := size[0], size[1], size[2]
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for _, acc := range []bool{false, true} {
					a, b, c0 := fill(m*k), fill(k*n), fill(m*n)
					got, want := append([]T(nil), c0...), append([]T(nil), c0...)
					gemm(tA, tB, m, n, k, a, b, acc, got)
					gemmLoop(tA, tB, m, n, k, a, b, acc, want)
					for i := range want {
						// Each element sums k products of magnitude < 1.
						if d := math.Abs(float64(got[i] - want[i])); d > tol*float64(k+1) {
							t.Errorf("m,n,k=%d,%d,%d tA=%v tB=%v acc=%v: c[%d] = %v, loop %v", m, n, k, tA, tB, acc, i, got[i], want[i])
							break
						}
					}
				}
			}
		}
	}
}

// TestGemmFloat32IsTheLoop checks that float32 products are the plain
// loop's bit for bit, for every transpose combination, with and without
// accumulation, at sizes on both sides of the kernel's 4×16 tiles.
func TestGemmFloat32IsTheLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	fill := func(n int) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = float32(2*r.Float64() - 1)
		}
		return s
	}
	for _, size := range [][3]int{{1, 1, 1}, {3, 5, 2}, {70, 65, 130}, {64, 128, 784}} {
		m, n, k := size[0], size[1], size[2]
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for _, acc := range []bool{false, true} {
					a, b, c0 := fill(m*k), fill(k*n), fill(m*n)
					got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
					gemm(tA, tB, m, n, k, a, b, acc, got)
					gemmLoop(tA, tB, m, n, k, a, b, acc, want)
					for i := range want {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("m,n,k=%d,%d,%d tA=%v tB=%v acc=%v: c[%d] = %v, loop %v", m, n, k, tA, tB, acc, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

func TestGemmLoop(t *testing.T) {
	a := []float64{1, 2, 3, 4, 5, 6} // [2,3]
	b := []float64{1, 0, 0, 1, 1, 1} // [3,2]
	c := []float64{10, 20, 30, 40}
	gemmLoop(false, false, 2, 2, 3, a, b, true, c)
	if want := fmt.Sprint([]float64{10 + 4, 20 + 5, 30 + 10, 40 + 11}); fmt.Sprint(c) != want {
		t.Errorf("c += a·b = %v, want %v", c, want)
	}
	gemmLoop(true, true, 2, 2, 3, a, b, false, c) // aᵀ·bᵀ with a stored [3,2], b stored [2,3]
	// aᵀ = [[1 3 5] [2 4 6]]; b stored [2,3] is [[1 0 0] [1 1 1]], so bᵀ = [[1 1] [0 1] [0 1]].
	if want := fmt.Sprint([]float64{1, 1 + 3 + 5, 2, 2 + 4 + 6}); fmt.Sprint(c) != want {
		t.Errorf("c = aᵀ·bᵀ = %v, want %v", c, want)
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
