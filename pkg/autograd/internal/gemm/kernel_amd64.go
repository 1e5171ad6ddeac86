//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly tile kernels. It is true when the CPU and
// the operating system support AVX2; tests clear it to run kernelGo
// instead.
var useAVX2 = cpu.X86.HasAVX2

// useAVX512 selects the AVX-512 kernel over the AVX2 one (when useAVX2 is
// set). It is true when the CPU and the operating system support AVX-512F.
var useAVX512 = cpu.X86.HasAVX512F

// kernelAVX2 is kernelGo in AVX2 assembly: the tile's 4×16 sums live in
// eight registers of 8 lanes, each lane adding the products of one element
// of c in kernelGo's order, with separate multiply and add instructions.
// Row r of the a panel is at a + r·rs, step p at + p·cs; row p of the b
// panel at b + p·ldb; row r of c at c + r·ldc (all in elements).
//
//go:noescape
func kernelAVX2(k int, a *float32, rs, cs int, b *float32, ldb int, c *float32, ldc int, acc bool)

// kernelAVX512 is kernelGo for tiles of 8 rows in AVX-512 assembly: each
// row of the tile in one register of 16 lanes, in kernelAVX2's order.
//
//go:noescape
func kernelAVX512(k int, a *float32, rs, cs int, b *float32, ldb int, c *float32, ldc int, acc bool)

// transposeAVX2 sets dst[p·16 + v] = src[v·ld + p] for v < 16 and p below
// k rounded down to a multiple of 8: the rows of a packed panel from 16
// rows of b, in blocks of 8×8 transposed in registers.
//
//go:noescape
func transposeAVX2(k int, src *float32, ld int, dst *float32)

// transposePanel sets panel[p·nr + v] = rows[v·k + p] for p < k, v < nr:
// nr rows of b, k long, become a packed panel of op(b).
func transposePanel(k int, rows, panel []float32) {
	_, _ = rows[nr*k-1], panel[nr*k-1]
	p := 0
	if useAVX2 && k >= 8 {
		transposeAVX2(k, &rows[0], k, &panel[0])
		p = k / 8 * 8
	}
	transposeGo(k, p, rows, panel)
}

// tileRows returns the number of rows of the tiles of the kernel in use: 8
// for AVX-512, whose 32 registers hold them, and 4 otherwise.
func tileRows() int {
	if useAVX2 && useAVX512 {
		return 8
	}
	return 4
}

// kernel computes one tile of mr = tileRows() rows with the assembly
// kernel when it can, else with kernelGo; see kernelGo.
func kernel(k, mr int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	if !useAVX2 || k == 0 {
		kernelGo(k, mr, a, rs, cs, b, ldb, c, ldc, acc)
		return
	}
	_, _, _ = a[(mr-1)*rs+(k-1)*cs], b[(k-1)*ldb+nr-1], c[(mr-1)*ldc+nr-1]
	if mr == 8 {
		kernelAVX512(k, &a[0], rs, cs, &b[0], ldb, &c[0], ldc, acc)
		return
	}
	kernelAVX2(k, &a[0], rs, cs, &b[0], ldb, &c[0], ldc, acc)
}

// Kernel names the tile kernel F32 uses: "avx512", "avx2" or "go".
func Kernel() string {
	switch {
	case useAVX2 && useAVX512:
		return "avx512"
	case useAVX2:
		return "avx2"
	}
	return "go"
}
