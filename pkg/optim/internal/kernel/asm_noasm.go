//go:build !amd64 || purego

package kernel

// Without assembly kernels every update runs its portable loop; the
// functions below report that they did nothing.

func adamAsm[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) bool { return false }

func sgdAsm[T Float](p, g, buf []T, c *SGDCoeffs[T]) bool { return false }

func rmspropAsm[T Float](p, g, sq, ga, buf []T, c *RMSpropCoeffs[T]) bool { return false }

func adagradAsm[T Float](p, g, sum []T, c *AdagradCoeffs[T]) bool { return false }

func nonFiniteAsm[T Float](x []T) int { return notRun }

func adadeltaAsm[T Float](p, g, sq, acc []T, c *AdadeltaCoeffs[T]) bool { return false }

func adamaxAsm[T Float](p, g, m, u []T, c *AdamaxCoeffs[T]) bool { return false }

func nadamAsm[T Float](p, g, m, v []T, c *NAdamCoeffs[T]) bool { return false }

func radamAsm[T Float](p, g, m, v []T, c *RAdamCoeffs[T]) bool { return false }
