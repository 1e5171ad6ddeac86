package plotting

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// The fuzz targets feed plots with arbitrary numbers: NaN, ±Inf, the
// largest and the smallest floats, repeated into long series. A plot may
// refuse its input with an error; it must not panic (a panic inside
// gonum/plot is returned by render as "rendering failed", which the
// targets count as a failure too) and must not hang. Seeds are in
// testdata/fuzz; run one with, for example,
//
//	go test ./plotting -run '^$' -fuzz FuzzLossPlot -fuzztime 60s

// floatsOf reads b as little-endian float64s, ignoring a partial tail.
func floatsOf(b []byte) []float64 {
	v := make([]float64, len(b)/8)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}

// fuzzRender renders f small at 1×, as PNG and SVG, and fails the test on a
// recovered panic.
func fuzzRender(t *testing.T, f *Figure) {
	t.Helper()
	if _, err := f.png(2*vg.Inch, 1.5*vg.Inch, ScreenDPI); err != nil && strings.Contains(err.Error(), "rendering failed") {
		t.Fatalf("PNG: %v", err)
	}
	if _, err := f.SVG(2*vg.Inch, 1.5*vg.Inch); err != nil && strings.Contains(err.Error(), "rendering failed") {
		t.Fatalf("SVG: %v", err)
	}
}

// FuzzLossPlot draws one or two series, repeated to up to 64 times their
// length, against the step or against x values of their own, on a linear
// or logarithmic axis, with LossPlot and SchedulePlot.
func FuzzLossPlot(f *testing.F) {
	f.Add([]byte{}, []byte{}, uint8(0), false, false)
	f.Fuzz(func(t *testing.T, ys, xs []byte, repeat uint8, logY, schedule bool) {
		y := floatsOf(ys)
		if len(y) > 4096 {
			y = y[:4096]
		}
		n := len(y) * (1 + int(repeat%64))
		s := Series{Name: "a", Y: make([]float64, n)}
		for i := range s.Y {
			s.Y[i] = y[i%len(y)]
		}
		if x := floatsOf(xs); len(x) > 0 {
			s.X = make([]float64, n)
			for i := range s.X {
				s.X[i] = x[i%len(x)]
			}
		}
		series := []Series{s}
		if repeat%2 == 1 { // a second series, the first reversed
			r := Series{Name: "b", X: s.X, Y: make([]float64, n)}
			for i := range r.Y {
				r.Y[i] = s.Y[n-1-i]
			}
			series = append(series, r)
		}
		var (
			fig *Figure
			err error
		)
		if schedule {
			fig, err = SchedulePlot{LogY: logY}.Figure(series...)
		} else {
			fig, err = LossPlot{LogY: logY}.Figure(series...)
		}
		if err != nil {
			return
		}
		fuzzRender(t, fig)
	})
}

// FuzzLandscapePlot draws a scaled and shifted quadratic with fuzzed
// levels, a fuzzed path and fuzzed points, on a fuzzed box or one fitted to
// them.
func FuzzLandscapePlot(f *testing.F) {
	f.Add([]byte{}, []byte{}, 1.0, 0.0, -1.0, 1.0, uint8(0))
	f.Fuzz(func(t *testing.T, levels, path []byte, scale, shift, lo, hi float64, flags uint8) {
		lv := floatsOf(levels)
		if len(lv) > 200 {
			lv = lv[:200]
		}
		if flags&1 == 0 && len(lv) == 0 {
			lv = nil
		}
		xy := floatsOf(path)
		if len(xy) > 4000 {
			xy = xy[:4000]
		}
		p := Path{Name: "p", X: make([]float64, len(xy)/2), Y: make([]float64, len(xy)/2)}
		for i := range p.X {
			p.X[i], p.Y[i] = xy[2*i], xy[2*i+1]
		}
		lp := LandscapePlot{
			Levels:      lv,
			Resolution:  8,
			HeatMap:     flags&2 != 0,
			EqualAspect: flags&4 != 0,
			LevelScale:  LevelScale(flags >> 3 % 3),
		}
		if flags&64 != 0 {
			lp.Box = Box{XMin: lo, XMax: hi, YMin: lo, YMax: hi}
		}
		if flags&128 != 0 {
			lp.Points = []Points{{Name: "q", X: p.X, Y: p.Y}}
		}
		fn := func(x, y float64) float64 { return scale*(x*x+3*y*y) + shift }
		var paths []Path
		if len(p.X) > 0 {
			paths = append(paths, p)
		}
		fig, err := lp.Figure(fn, paths...)
		if err != nil {
			return
		}
		fuzzRender(t, fig)
	})
}

// FuzzPointsByClass groups fuzzed points by fuzzed labels and draws them
// with ClassMapPlot, without and with a classifier.
func FuzzPointsByClass(f *testing.F) {
	f.Add([]byte{}, []byte{}, false)
	f.Fuzz(func(t *testing.T, coords, labelBytes []byte, classify bool) {
		xy := floatsOf(coords)
		labels := make([]int, len(labelBytes)/4)
		for i := range labels {
			labels[i] = int(int32(binary.LittleEndian.Uint32(labelBytes[4*i:])))
		}
		n := min(len(xy)/2, len(labels))
		x, y := make([]float64, n), make([]float64, n)
		for i := range n {
			x[i], y[i] = xy[2*i], xy[2*i+1]
		}
		groups, err := PointsByClass(x, y, labels[:n])
		if err != nil {
			return
		}
		if len(groups) > MaxClass+1 {
			t.Fatalf("%d groups, want at most %d", len(groups), MaxClass+1)
		}
		var fn func(x, y float64) int
		if classify {
			fn = func(x, y float64) int { return int(math.Abs(x)) % 5 }
		}
		fig, err := ClassMapPlot{Resolution: 8}.Figure(fn, groups...)
		if err != nil {
			return
		}
		fuzzRender(t, fig)
	})
}
