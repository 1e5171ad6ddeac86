package floor

import (
	"fmt"
	"math"
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

func TestRead(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 63, 64, 65, 1000, 100003} {
		for _, at := range []int{0, n / 3, n / 2, n - 1} {
			if n == 0 {
				continue
			}
			x := make([]float32, n)
			for i := range x {
				x[i] = 1 // bits 0x3f800000
			}
			x[at] = math.Float32frombits(0x3f800000 | 1<<(at%23))
			want := uint32(0x3f800000 | 1<<(at%23))
			if got := Read(x); got != want {
				t.Fatalf("n=%d, odd bit at %d: Read = %#x, want %#x", n, at, got, want)
			}
			if got := readGo(x); got != want {
				t.Fatalf("n=%d, odd bit at %d: readGo = %#x, want %#x", n, at, got, want)
			}
		}
	}
	if got := Read(nil); got != 0 {
		t.Fatalf("Read(nil) = %#x, want 0", got)
	}
}

func TestChecked(t *testing.T) {
	p, g, m, v := []float32{1, 2}, []float32{0.5, 0.25}, []float32{3, 4}, []float32{5, 6}
	if got, want := Checked(p, g, m, v), math.Float32bits(0.5)|math.Float32bits(0.25); got != want {
		t.Errorf("Checked returned %#x, want %#x", got, want)
	}
	if p[0] != 1.5 || p[1] != 2.25 || m[1] != 4.25 || v[0] != 5.5 {
		t.Errorf("Checked left p, m, v = %v, %v, %v", p, m, v)
	}
}

// BenchmarkFloor times Stream on the bytes of an Adam step over n parameters
// of each element type; a float64 parameter is two float32 words.
func BenchmarkFloor(b *testing.B) {
	benchFloor(b, 7, Stream)
}

// BenchmarkFloorChecked times Checked: the bytes of an Adam step that first
// checks its gradient, as descent's Step does by default.
func BenchmarkFloorChecked(b *testing.B) {
	benchFloor(b, 8, func(p, g, m, v []float32) { Checked(p, g, m, v) })
}

// benchFloor times f on arrays of the size of an Adam step's over n
// parameters, f moving words 4-byte words per float32 parameter.
func benchFloor(b *testing.B, words int, f func(p, g, m, v []float32)) {
	for _, dtype := range []struct {
		name string
		size int // float32 words per parameter
	}{{"float32", 1}, {"float64", 2}} {
		for _, n := range []int{1000, 1000000, 10000000} {
			b.Run(fmt.Sprintf("%s/n=%d", dtype.name, n), func(b *testing.B) {
				w := n * dtype.size
				p, g, m, v := make([]float32, w), make([]float32, w), make([]float32, w), make([]float32, w)
				for i := range w {
					// g = 0 keeps the values fixed. Storing it, rather than
					// leaving make's zeros, backs g with real pages instead
					// of the kernel's shared zero page, which would stay in
					// the L1 cache.
					p[i], g[i], m[i], v[i] = 1, 0, 1, 1
				}
				b.SetBytes(int64(words * 4 * w))
				for b.Loop() {
					f(p, g, m, v)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
			})
		}
	}
}
