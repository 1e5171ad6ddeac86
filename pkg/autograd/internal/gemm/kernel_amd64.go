//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly tile kernel. It is true when the CPU and the
// operating system support AVX2; tests clear it to run kernelGo instead.
var useAVX2 = cpu.X86.HasAVX2

// kernelAVX2 is kernelGo in AVX2 assembly: the tile's 4×16 sums live in
// eight registers of 8 lanes, each lane adding the products of one element
// of c in kernelGo's order, with separate multiply and add instructions.
// Row r of the a panel is at a + r·rs, step p at + p·cs; row p of the b
// panel at b + p·ldb; row r of c at c + r·ldc (all in elements).
//
//go:noescape
func kernelAVX2(k int, a *float32, rs, cs int, b *float32, ldb int, c *float32, ldc int, acc bool)

// kernel computes one tile with the assembly kernel when it can, else with
// kernelGo; see kernelGo.
func kernel(k int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	if !useAVX2 || k == 0 {
		kernelGo(k, a, rs, cs, b, ldb, c, ldc, acc)
		return
	}
	_, _, _ = a[(mr-1)*rs+(k-1)*cs], b[(k-1)*ldb+nr-1], c[(mr-1)*ldc+nr-1]
	kernelAVX2(k, &a[0], rs, cs, &b[0], ldb, &c[0], ldc, acc)
}

// Kernel names the tile kernel F32 uses: "avx2" or "go".
func Kernel() string {
	if useAVX2 {
		return "avx2"
	}
	return "go"
}
