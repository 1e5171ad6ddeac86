//go:build !amd64 || purego

package gemm

// useAVX2 is false: this build has no assembly kernel.
var useAVX2 = false

// kernel computes one tile with kernelGo.
func kernel(k int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	kernelGo(k, a, rs, cs, b, ldb, c, ldc, acc)
}

// Kernel names the tile kernel F32 uses: "go" in this build.
func Kernel() string { return "go" }
