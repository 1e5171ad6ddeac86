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
	for _, k := range []int{1, 2, 7, 64, 785} {
		for _, acc := range []bool{false, true} {
			// a packed (rows 1 apart, steps mr apart), and read in place
			// from a row-major [mr,k+5] and a transposed [k,mr+2] matrix;
			// b packed and read in place with a longer row.
			for _, st := range [][3]int{{1, mr, nr}, {k + 5, 1, nr + 1}, {1, mr + 2, 2*nr + 7}} {
				rs, cs, ldb := st[0], st[1], st[2]
				a, b := fill(r, (mr-1)*rs+(k-1)*cs+1, k/4+2), fill(r, (k-1)*ldb+nr, k/4+2)
				c0 := fill(r, mr*ldc, 8)
				got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
				kernelAVX2(k, &a[0], rs, cs, &b[0], ldb, &got[0], ldc, acc)
				kernelGo(k, a, rs, cs, b, ldb, want, ldc, acc)
				for i := range want {
					if !sameBits(got[i], want[i]) {
						t.Fatalf("k=%d acc=%v rs,cs,ldb=%d,%d,%d: c[%d] = %v (%#x), kernelGo %v (%#x)", k, acc, rs, cs, ldb, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
					}
				}
			}
		}
	}
}
