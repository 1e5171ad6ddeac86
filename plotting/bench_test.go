package plotting

import (
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
