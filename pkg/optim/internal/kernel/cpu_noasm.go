//go:build !amd64 || purego

package kernel

// useAsm selects vectorized kernels, of which this build has none.
var useAsm = false
