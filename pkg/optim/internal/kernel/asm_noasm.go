//go:build !amd64 || purego

package kernel

import "unsafe"

// Without assembly kernels every update runs its portable loop and the
// gradient check its portable search.

func nonFiniteAsm[T Float](x []T) int { return notRun }

// call32 and call64 are never called: useAsm is false.
func call32(k asmKernel, o *operands[float32], n int, c unsafe.Pointer, flags uint64) {}

func call64(k asmKernel, o *operands[float64], n int, c unsafe.Pointer, flags uint64) {}
