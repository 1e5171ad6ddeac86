//go:build !purego

package kernel

import "golang.org/x/sys/cpu"

// useAsm selects the AVX2 kernels. It is true when the CPU and the operating
// system support AVX2; tests clear it to run the portable loops instead.
var useAsm = cpu.X86.HasAVX2
