//go:build !amd64 || purego

package gemm

// useAVX2 and useAVX512 are false: this build has no assembly kernel.
var useAVX2, useAVX512 = false, false

// tileRows returns the number of rows of a tile: 4.
func tileRows() int { return 4 }

// kernel computes one tile with kernelGo.
func kernel(k, mr int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	kernelGo(k, mr, a, rs, cs, b, ldb, c, ldc, acc)
}

// Kernel names the tile kernel F32 uses: "go" in this build.
func Kernel() string { return "go" }

// transposePanel sets panel[p·nr + v] = rows[v·k + p] for p < k, v < nr.
func transposePanel(k int, rows, panel []float32) { transposeGo(k, 0, rows, panel) }
