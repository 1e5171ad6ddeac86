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

// streamAVX2 is stream in AVX2 assembly.
//
//go:noescape
func streamAVX2(p, g, m, v []float32)
