//go:build !(goexperiment.simd && amd64 && !purego)

package kernel

// Without GOEXPERIMENT=simd there are no simd/archsimd kernels (adam_simd.go).

// useSIMD is false: there is nothing to select.
var useSIMD = false

func adamSIMD[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) bool { return false }
