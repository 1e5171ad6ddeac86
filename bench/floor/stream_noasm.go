//go:build !amd64 || purego

package floor

// stream does Stream's work on the calling goroutine.
func stream(p, g, m, v []float32) { streamGo(p, g, m, v) }

// read does Read's work on the calling goroutine.
func read(x []float32) uint32 { return readGo(x) }
