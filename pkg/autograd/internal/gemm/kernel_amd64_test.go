//go:build !purego

package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelAVX2MatchesGo holds the assembly tile kernel to kernelGo bit
// for bit, storing and accumulating, for several depths k, with every
// special value in the panels and in c. A NaN matches any NaN: Go does not
// specify NaN payloads (the compiler may swap the operands of a commutative
// operation, and x86 keeps the first operand's payload).
func TestKernelAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 on this CPU")
	}
	r := rand.New(rand.NewPCG(7, 8))
	const ldc = nr + 3 // rows of c apart by more than a tile
	for _, k := range []int{0, 1, 2, 7, 64, 785} {
		for _, acc := range []bool{false, true} {
			a, b := fill(r, k*mr, k/4+2), fill(r, k*nr, k/4+2)
			c0 := fill(r, mr*ldc, 8)
			got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
			kernelAVX2(k, ptr(a), ptr(b), &got[0], ldc, acc)
			kernelGo(k, a, b, want, ldc, acc)
			for i := range want {
				if !sameBits(got[i], want[i]) {
					t.Fatalf("k=%d acc=%v: c[%d] = %v (%#x), kernelGo %v (%#x)", k, acc, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
				}
			}
		}
	}
}

func ptr(s []float32) *float32 {
	if len(s) == 0 {
		var zero float32
		return &zero
	}
	return &s[0]
}
