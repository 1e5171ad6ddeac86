package plotting

import (
	"fmt"
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
)

// benchLoss returns a loss plot of 10,000 points.
func benchLoss(b *testing.B) *Figure {
	b.Helper()
	y := make([]float64, 10_000)
	for i := range y {
		t := float64(i)
		y[i] = 2*math.Exp(-t/1500) + 0.05 + 0.02*math.Sin(t/7)*math.Exp(-t/4000)
	}
	f, err := Loss(Series{Name: "SGD", Y: y})
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkLossPNG renders a 4 × 3 in loss plot of 10,000 points as PNG at
// the package's 2× resolution (PNGDPI) and at 1×.
func BenchmarkLossPNG(b *testing.B) {
	f := benchLoss(b)
	for _, r := range []struct {
		name string
		dpi  int
	}{{"2x", PNGDPI}, {"1x", ScreenDPI}} {
		b.Run(r.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				png, err := f.png(4*vg.Inch, 3*vg.Inch, r.dpi)
				if err != nil {
					b.Fatal(err)
				}
				n = len(png)
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
}

// BenchmarkLossSVG renders the same plot as SVG.
func BenchmarkLossSVG(b *testing.B) {
	f := benchLoss(b)
	var n int
	for b.Loop() {
		svg, err := f.SVG(4*vg.Inch, 3*vg.Inch)
		if err != nil {
			b.Fatal(err)
		}
		n = len(svg)
	}
	b.ReportMetric(float64(n), "bytes")
}

// BenchmarkLandscapePNG builds and renders Rosenbrock's contours at the
// default resolution with one 3000-point path, at the default size and 2×.
func BenchmarkLandscapePNG(b *testing.B) {
	path, err := descend("GD", rosen, []float64{-1.5, 2}, 5e-4, 0, 3000).Path()
	if err != nil {
		b.Fatal(err)
	}
	lp := LandscapePlot{Box: Box{XMin: -2, XMax: 2, YMin: -1, YMax: 3}}
	for b.Loop() {
		f, err := lp.Figure(rosenbrock, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.PNG(0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassMapPNG builds and renders the gallery's class map of the
// spiral, 200 × 200 samples and 120 points, at the default size and 2×;
// the classifier calls it makes are reported per build.
func BenchmarkClassMapPNG(b *testing.B) {
	groups, err := PointsByClass(spiralPoints())
	if err != nil {
		b.Fatal(err)
	}
	calls := 0
	classify := func(x, y float64) int {
		calls++
		return spiralClass(x, y)
	}
	cp := ClassMapPlot{Box: Box{XMin: -1.2, XMax: 1.2, YMin: -1.2, YMax: 1.2}, EqualAspect: true, RingMisclassified: true}
	builds := 0
	for b.Loop() {
		f, err := cp.Figure(classify, groups...)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.PNG(0, 0); err != nil {
			b.Fatal(err)
		}
		builds++
	}
	b.ReportMetric(float64(calls)/float64(builds), "calls/op")
}

// BenchmarkTraceRecord appends steps of two parameters and an extra.
func BenchmarkTraceRecord(b *testing.B) {
	tr := NewTrace("SGD")
	p := []float64{1, 2}
	step := 0
	for b.Loop() {
		_ = tr.Record(step, 1, p, 0.1, Extra{Name: ExtraEpoch, Value: 0})
		step++
	}
}

// BenchmarkLiveTick measures a Tick with no redraw due, the cost an
// optimization loop pays per step.
func BenchmarkLiveTick(b *testing.B) {
	tr := NewTrace("SGD")
	_ = tr.Record(0, 1, nil, 0.1)
	live := NewLive(tr)
	live.Out = discard{}
	live.OutEvery = time.Hour
	for b.Loop() {
		_ = live.Tick()
	}
}

// discard is an io.Writer that drops everything.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// jagged returns n values that rise by one each step and fall back every
// hundred steps, y[i] = 1 + i mod 100: the curve of issue 20, whose every
// point is an extreme of its pixel column.
func jagged(n int) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = 1 + float64(i%100)
	}
	return y
}

// BenchmarkJaggedPNG builds and renders a loss plot of a long jagged series
// at the default size as PNG at PNGDPI.
func BenchmarkJaggedPNG(b *testing.B) {
	for _, n := range []int{10_000, 30_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := Series{Y: jagged(n)}
			for b.Loop() {
				f, err := LossPlot{}.Figure(s)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.PNG(0, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJaggedComparePNG builds and renders a comparison of two traces
// of jagged losses, with a legend to place, as PNG at PNGDPI.
func BenchmarkJaggedComparePNG(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			y := jagged(n)
			a, c := NewTrace("a"), NewTrace("b")
			a.Grow(n)
			c.Grow(n)
			for i, v := range y {
				_ = a.Record(i, v, nil, 0.1)
				_ = c.Record(i, 2*v, nil, 0.1)
			}
			for b.Loop() {
				f, err := ComparePlot{}.Figure(a, c)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.PNG(0, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLongPathPNG builds and renders a landscape of the valley
// 0.1x² + 2y² at 100 × 100 samples with one long path that zig-zags across
// the valley in shrinking steps, as PNG at PNGDPI: the worst case of
// thinning, where every step moves many pixels and is drawn.
func BenchmarkLongPathPNG(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			p := Path{X: make([]float64, n), Y: make([]float64, n)}
			for i := range n {
				t := float64(i) / float64(n)
				p.X[i] = -5 + 5*t
				p.Y[i] = 2 * (1 - t) * float64(1-2*(i%2))
			}
			lp := LandscapePlot{Resolution: 100, Box: Box{XMin: -6, XMax: 1, YMin: -3, YMax: 3}}
			for b.Loop() {
				f, err := lp.Figure(valley2, p)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.PNG(0, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
