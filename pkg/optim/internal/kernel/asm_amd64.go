//go:build !purego

package kernel

// The AVX2 kernels of the updates (*_amd64.s), float32 and float64, each as
// its reference loop (adamRef, ...) with the argument list of ARGS in
// kernel_amd64.h: the operands in the order of the reference loop, nil for
// the state an update has not, the number of elements to update (whole
// vectors), the coefficients and the flags. avx2 (vector.go) calls them.

//go:noescape
func adamF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func adamF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

//go:noescape
func sgdF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func sgdF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

//go:noescape
func rmspropF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func rmspropF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

//go:noescape
func adagradF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func adagradF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

//go:noescape
func adadeltaF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func adadeltaF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

//go:noescape
func adamaxF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func adamaxF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

//go:noescape
func nadamF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func nadamF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

//go:noescape
func radamF32AVX2(p, g, s2, s3, s4 []float32, n int, c coeffBlock, flags uint64)

//go:noescape
func radamF64AVX2(p, g, s2, s3, s4 []float64, n int, c coeffBlock, flags uint64)

func init() {
	adamAVX2 = asmPair{adamF32AVX2, adamF64AVX2}
	sgdAVX2 = asmPair{sgdF32AVX2, sgdF64AVX2}
	rmspropAVX2 = asmPair{rmspropF32AVX2, rmspropF64AVX2}
	adagradAVX2 = asmPair{adagradF32AVX2, adagradF64AVX2}
	adadeltaAVX2 = asmPair{adadeltaF32AVX2, adadeltaF64AVX2}
	adamaxAVX2 = asmPair{adamaxF32AVX2, adamaxF64AVX2}
	nadamAVX2 = asmPair{nadamF32AVX2, nadamF64AVX2}
	radamAVX2 = asmPair{radamF32AVX2, radamF64AVX2}
}
