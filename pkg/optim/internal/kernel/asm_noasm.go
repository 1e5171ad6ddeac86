//go:build !amd64 || purego

package kernel

// Without assembly kernels every update runs its portable loop (the asmPair
// variables stay zero) and the gradient check its portable search.

func nonFiniteAsm[T Float](x []T) int { return notRun }
