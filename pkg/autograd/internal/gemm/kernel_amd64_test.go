//go:build !purego

package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelAsmMatchesGo holds each assembly tile kernel (AVX2, 4 rows;
// AVX-512, 8 rows) to kernelGo bit for bit, storing and accumulating, for
// several depths k and strides, with every special value in the panels and
// in c. A NaN matches any NaN: Go does not specify NaN payloads (the
// compiler may swap the operands of a commutative operation, and x86 keeps
// the first operand's payload).
func TestKernelAsmMatchesGo(t *testing.T) {
	type asmKernel func(k int, a *float32, rs, cs int, b *float32, ldb int, c *float32, ldc int, acc bool)
	for _, kc := range []struct {
		name string
		have bool
		mr   int
		f    asmKernel
	}{
		{"avx2", useAVX2, 4, kernelAVX2},
		{"avx512", useAVX2 && useAVX512, 8, kernelAVX512},
	} {
		t.Run(kc.name, func(t *testing.T) {
			if !kc.have {
				t.Skip("not supported on this CPU")
			}
			mr := kc.mr
			r := rand.New(rand.NewPCG(7, 8))
			const ldc = nr + 3 // rows of c apart by more than a tile
			for _, k := range []int{1, 2, 7, 64, 785} {
				for _, acc := range []bool{false, true} {
					// a packed (rows 1 apart, steps mr apart), and read in
					// place from a row-major [mr,k+5] and a transposed
					// [k,mr+2] matrix; b packed and read in place with a
					// longer row.
					for _, st := range [][3]int{{1, mr, nr}, {k + 5, 1, nr + 1}, {1, mr + 2, 2*nr + 7}} {
						rs, cs, ldb := st[0], st[1], st[2]
						a, b := fill(r, (mr-1)*rs+(k-1)*cs+1, k/4+2), fill(r, (k-1)*ldb+nr, k/4+2)
						c0 := fill(r, mr*ldc, 8)
						got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
						kc.f(k, &a[0], rs, cs, &b[0], ldb, &got[0], ldc, acc)
						kernelGo(k, mr, a, rs, cs, b, ldb, want, ldc, acc)
						for i := range want {
							if !sameBits(got[i], want[i]) {
								t.Fatalf("k=%d acc=%v rs,cs,ldb=%d,%d,%d: c[%d] = %v (%#x), kernelGo %v (%#x)",
									k, acc, rs, cs, ldb, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
							}
						}
					}
				}
			}
		})
	}
}

// TestTransposeAVX2MatchesGo checks the assembly transposition of a panel
// against transposeGo, element for element, for depths around multiples of
// 8 (the rest after the last multiple is left to transposeGo).
func TestTransposeAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 on this CPU")
	}
	r := rand.New(rand.NewPCG(9, 10))
	for _, k := range []int{1, 7, 8, 9, 16, 63, 784} {
		rows := fill(r, nr*k, 4)
		got, want := make([]float32, nr*k), make([]float32, nr*k)
		transposePanel(k, rows, got)
		transposeGo(k, 0, rows, want)
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("k=%d: panel[%d] = %v, want %v", k, i, got[i], want[i])
			}
		}
		for p := range k { // and against the definition
			for v := range nr {
				if math.Float32bits(got[p*nr+v]) != math.Float32bits(rows[v*k+p]) {
					t.Fatalf("k=%d: panel[%d·16+%d] = %v, want rows[%d·k+%d] = %v", k, p, v, got[p*nr+v], v, p, rows[v*k+p])
				}
			}
		}
	}
}
