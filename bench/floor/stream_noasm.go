//go:build !amd64 || purego

package floor

// stream does Stream's work on the calling goroutine.
func stream(p, g, m, v []float32) { streamGo(p, g, m, v) }
