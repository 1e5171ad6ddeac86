//go:build !purego

package kernel

import "unsafe"

// The AVX2 kernels of the updates (*_amd64.s), float32 and float64, each as
// its reference loop (adamRef, ...) with the argument list of ARGS in
// kernel_amd64.h: the operands in the order of the reference loop, nil for
// the state an update has not, the number of elements to update (whole
// vectors), the coefficients and the flags. avx2 (vector.go) calls them
// through call32 and call64.

//go:noescape
func adamF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func adamF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func sgdF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func sgdF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func rmspropF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func rmspropF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func adagradF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func adagradF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func adadeltaF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func adadeltaF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func adamaxF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func adamaxF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func nadamF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func nadamF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func radamF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)

//go:noescape
func radamF64AVX2(p, g, s2, s3, s4 []float64, n int, c unsafe.Pointer, flags uint64)

// call32 runs kernel k on the first n elements of the float32 operands o.
func call32(k asmKernel, o *operands[float32], n int, c unsafe.Pointer, flags uint64) {
	p, g, s2, s3, s4 := o[0][:n], o[1][:n], part(o[2], 0, n), part(o[3], 0, n), part(o[4], 0, n)
	switch k {
	case adamAVX2:
		adamF32AVX2(p, g, s2, s3, s4, n, c, flags)
	case sgdAVX2:
		sgdF32AVX2(p, g, s2, s3, s4, n, c, flags)
	case rmspropAVX2:
		rmspropF32AVX2(p, g, s2, s3, s4, n, c, flags)
	case adagradAVX2:
		adagradF32AVX2(p, g, s2, s3, s4, n, c, flags)
	case adadeltaAVX2:
		adadeltaF32AVX2(p, g, s2, s3, s4, n, c, flags)
	case adamaxAVX2:
		adamaxF32AVX2(p, g, s2, s3, s4, n, c, flags)
	case nadamAVX2:
		nadamF32AVX2(p, g, s2, s3, s4, n, c, flags)
	case radamAVX2:
		radamF32AVX2(p, g, s2, s3, s4, n, c, flags)
	}
}

// call64 is call32 for float64.
func call64(k asmKernel, o *operands[float64], n int, c unsafe.Pointer, flags uint64) {
	p, g, s2, s3, s4 := o[0][:n], o[1][:n], part(o[2], 0, n), part(o[3], 0, n), part(o[4], 0, n)
	switch k {
	case adamAVX2:
		adamF64AVX2(p, g, s2, s3, s4, n, c, flags)
	case sgdAVX2:
		sgdF64AVX2(p, g, s2, s3, s4, n, c, flags)
	case rmspropAVX2:
		rmspropF64AVX2(p, g, s2, s3, s4, n, c, flags)
	case adagradAVX2:
		adagradF64AVX2(p, g, s2, s3, s4, n, c, flags)
	case adadeltaAVX2:
		adadeltaF64AVX2(p, g, s2, s3, s4, n, c, flags)
	case adamaxAVX2:
		adamaxF64AVX2(p, g, s2, s3, s4, n, c, flags)
	case nadamAVX2:
		nadamF64AVX2(p, g, s2, s3, s4, n, c, flags)
	case radamAVX2:
		radamF64AVX2(p, g, s2, s3, s4, n, c, flags)
	}
}
