//go:build !purego

package floor

import "golang.org/x/sys/cpu"

// stream does Stream's work on the calling goroutine.
func stream(p, g, m, v []float32) {
	if !cpu.X86.HasAVX2 {
		streamGo(p, g, m, v)
		return
	}
	streamAVX2(p, g, m, v)
}

// read does Read's work on the calling goroutine.
func read(x []float32) uint32 {
	if !cpu.X86.HasAVX2 {
		return readGo(x)
	}
	return readAVX2(x)
}

// streamAVX2 is stream in AVX2 assembly.
//
//go:noescape
func streamAVX2(p, g, m, v []float32)

// readAVX2 is read in AVX2 assembly. One stream of reads keeps too few
// cache misses in flight to reach the memory bandwidth, so it reads the four
// quarters of x side by side, a cache line of each per iteration.
//
//go:noescape
func readAVX2(x []float32) uint32
