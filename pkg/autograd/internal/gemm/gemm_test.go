package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// sameBits reports whether x and y are the same float32, bit for bit (any
// two NaNs count as the same: their payloads are not specified).
func sameBits(x, y float32) bool {
	return math.Float32bits(x) == math.Float32bits(y) || x != x && y != y
}

// fill returns n values uniform in [-1, 1), with a third of them zero and
// about special of them ±∞, NaN or -0.
func fill(r *rand.Rand, n, special int) []float32 {
	s := make([]float32, n)
	for i := range s {
		if r.IntN(3) > 0 {
			s[i] = float32(2*r.Float64() - 1)
		}
	}
	for range special {
		if n > 0 {
			s[r.IntN(n)] = []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1))}[r.IntN(4)]
		}
	}
	return s
}

// kernels runs f once with each tile kernel this machine has: the Go one,
// and the assembly ones the CPU supports.
func kernels(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	saved2, saved512 := useAVX2, useAVX512
	defer func() { useAVX2, useAVX512 = saved2, saved512 }()
	for _, k := range [][2]bool{{false, false}, {true, false}, {true, true}} {
		if k[0] && !saved2 || k[1] && !saved512 {
			continue // not in this build or on this CPU
		}
		useAVX2, useAVX512 = k[0], k[1]
		t.Run(Kernel(), f)
	}
}

// checkF32 compares F32 with Loop, bit for bit, on one product.
func checkF32(t *testing.T, tA, tB, acc bool, m, n, k int, a, b, c0 []float32) {
	t.Helper()
	got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
	F32(tA, tB, m, n, k, a, b, acc, got)
	Loop(tA, tB, m, n, k, a, b, acc, want)
	for i := range want {
		if !sameBits(got[i], want[i]) {
			t.Fatalf("m,n,k=%d,%d,%d tA=%v tB=%v acc=%v: c[%d] = %v (%#x), loop %v (%#x)",
				m, n, k, tA, tB, acc, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

// TestF32MatchesLoop checks every transpose and accumulate combination at
// sizes on both sides of the tiles (4×16 and 8×16) and of the packing
// block (256 columns), with zeros, -0, ±∞ and NaN among the values.
func TestF32MatchesLoop(t *testing.T) {
	kernels(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for _, s := range [][3]int{{1, 1, 1}, {3, 5, 2}, {4, 16, 7}, {5, 17, 9}, {8, 32, 1}, {9, 15, 4}, {64, 128, 784}, {10, 128, 64}, {70, 300, 33}, {2, 513, 3}} {
			m, n, k := s[0], s[1], s[2]
			for _, special := range []int{0, 5} {
				for _, tA := range []bool{false, true} {
					for _, tB := range []bool{false, true} {
						for _, acc := range []bool{false, true} {
							checkF32(t, tA, tB, acc, m, n, k, fill(r, m*k, special), fill(r, k*n, special), fill(r, m*n, special))
						}
					}
				}
			}
		}
	})
}

// TestF32EmptySum checks k = 0: c is zeroed, or has +0 added, as in Loop
// (which turns -0 into +0).
func TestF32EmptySum(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	c := []float32{1, 2, 3, 4, 5, negZero}
	F32(false, false, 2, 3, 0, nil, nil, true, c)
	if fmt.Sprint(c) != "[1 2 3 4 5 0]" || math.Signbit(float64(c[5])) {
		t.Errorf("c += empty product gave %v, want [1 2 3 4 5 +0]", c)
	}
	F32(false, false, 2, 3, 0, nil, nil, false, c)
	if fmt.Sprint(c) != "[0 0 0 0 0 0]" {
		t.Errorf("c = empty product gave %v, want zeros", c)
	}
}

// TestLoop checks the reference itself on a product worked by hand.
func TestLoop(t *testing.T) {
	a := []float32{1, 2, 3, 4, 5, 6} // [2,3]
	b := []float32{1, 0, 0, 1, 1, 1} // [3,2]
	c := []float32{10, 20, 30, 40}
	Loop(false, false, 2, 2, 3, a, b, true, c)
	if want := fmt.Sprint([]float32{10 + 4, 20 + 5, 30 + 10, 40 + 11}); fmt.Sprint(c) != want {
		t.Errorf("c += a·b = %v, want %v", c, want)
	}
	Loop(true, true, 2, 2, 3, a, b, false, c) // aᵀ·bᵀ with a stored [3,2], b stored [2,3]
	if want := fmt.Sprint([]float32{1, 1 + 3 + 5, 2, 2 + 4 + 6}); fmt.Sprint(c) != want {
		t.Errorf("c = aᵀ·bᵀ = %v, want %v", c, want)
	}
	// The order is the loop's: (1e8 + 1) - 1e8 is 0 in float32, while
	// 1e8 - 1e8 + 1 would be 1.
	Loop(false, false, 1, 1, 3, []float32{1e8, 1, -1e8}, []float32{1, 1, 1}, false, c)
	if c[0] != 0 {
		t.Errorf("(1e8 + 1) - 1e8 summed in order = %v, want 0", c[0])
	}
	F32(false, false, 1, 1, 3, []float32{1e8, 1, -1e8}, []float32{1, 1, 1}, false, c)
	if c[0] != 0 {
		t.Errorf("F32: (1e8 + 1) - 1e8 = %v, want 0 (the loop's order)", c[0])
	}
}

// TestF32Allocs checks that a warm F32 allocates nothing.
func TestF32Allocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	r := rand.New(rand.NewPCG(3, 4))
	m, n, k := 64, 128, 784
	a, b, c := fill(r, m*k, 0), fill(r, n*k, 0), make([]float32, m*n)
	F32(false, true, m, n, k, a, b, false, c)
	if allocs := testing.AllocsPerRun(20, func() { F32(false, true, m, n, k, a, b, false, c) }); allocs != 0 {
		t.Errorf("F32 allocates %v times per call, want 0", allocs)
	}
}

// FuzzF32 compares F32 with Loop, bit for bit, on products of arbitrary
// small shapes, transposes and values drawn from the seed.
func FuzzF32(f *testing.F) {
	f.Add(uint8(5), uint8(17), uint8(9), uint8(0b111), uint64(1))
	f.Add(uint8(1), uint8(1), uint8(0), uint8(0), uint64(2))
	f.Add(uint8(4), uint8(16), uint8(1), uint8(0b010), uint64(3))
	f.Add(uint8(33), uint8(7), uint8(40), uint8(0b101), uint64(4))
	f.Fuzz(func(t *testing.T, m8, n8, k8, flags uint8, seed uint64) {
		m, n, k := int(m8%48), int(n8%48), int(k8%48)
		tA, tB, acc := flags&1 != 0, flags&2 != 0, flags&4 != 0
		r := rand.New(rand.NewPCG(seed, 0))
		a, b, c := fill(r, m*k, int(flags>>3)), fill(r, k*n, int(flags>>3)), fill(r, m*n, 1)
		kernels(t, func(t *testing.T) { checkF32(t, tA, tB, acc, m, n, k, a, b, c) })
	})
}
