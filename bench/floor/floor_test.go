package floor

import (
	"fmt"
	"testing"
)

func TestStream(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 33, 1000, 100003} {
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range n {
			p[i], g[i], m[i], v[i] = float32(i), float32(i%5)+0.5, float32(2*i), float32(3*i)
		}
		Stream(p, g, m, v)
		for i := range n {
			d := float32(i%5) + 0.5
			if p[i] != float32(i)+d || m[i] != float32(2*i)+d || v[i] != float32(3*i)+d || g[i] != d {
				t.Fatalf("n=%d: element %d: p, m, v, g = %v, %v, %v, %v", n, i, p[i], m[i], v[i], g[i])
			}
		}
	}
}

// BenchmarkFloor times Stream on the bytes of an Adam step over n parameters
// of each element type; a float64 parameter is two float32 words.
func BenchmarkFloor(b *testing.B) {
	for _, dtype := range []struct {
		name  string
		words int
	}{{"float32", 1}, {"float64", 2}} {
		for _, n := range []int{1000, 1000000, 10000000} {
			b.Run(fmt.Sprintf("%s/n=%d", dtype.name, n), func(b *testing.B) {
				w := n * dtype.words
				p, g, m, v := make([]float32, w), make([]float32, w), make([]float32, w), make([]float32, w)
				for i := range w {
					// g = 0 keeps the values fixed. Storing it, rather than
					// leaving make's zeros, backs g with real pages instead
					// of the kernel's shared zero page, which would stay in
					// the L1 cache.
					p[i], g[i], m[i], v[i] = 1, 0, 1, 1
				}
				b.SetBytes(int64(7 * 4 * w))
				for b.Loop() {
					Stream(p, g, m, v)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
			})
		}
	}
}
