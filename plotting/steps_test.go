package plotting

import (
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// countDots draws the step marks of pts on a 4 × 4 in plot of [0, 1]² and
// counts the dots filled.
func countDots(pts plotter.XYs) int {
	p := plot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	rec := &recorder.Canvas{}
	c := draw.NewCanvas(rec, 4*vg.Inch, 4*vg.Inch)
	stepMarks{pts: pts, style: draw.GlyphStyle{Radius: stepRadius, Shape: draw.CircleGlyph{}}}.Plot(c, p)
	n := 0
	for _, a := range rec.Actions {
		if _, ok := a.(*recorder.Fill); ok {
			n++
		}
	}
	return n
}

// TestStepMarkers checks that a path's every step gets a dot, and that dots
// piling up on one spot (a path that has converged) are drawn once.
func TestStepMarkers(t *testing.T) {
	zigzag := plotter.XYs{}
	for i := range 30 {
		zigzag = append(zigzag, plotter.XY{X: float64(i) / 30, Y: float64(i % 2)})
	}
	if n := countDots(zigzag); n != len(zigzag) {
		t.Errorf("zig-zag of %d steps: %d dots", len(zigzag), n)
	}
	converged := plotter.XYs{{X: 0.1, Y: 0.1}}
	for range 1000 {
		converged = append(converged, plotter.XY{X: 0.5, Y: 0.5})
	}
	if n := countDots(converged); n != 2 {
		t.Errorf("a start and 1000 steps on one spot: %d dots, want 2", n)
	}
}

// TestGoldenLandscapeSteps draws short paths with a dot at each step: gradient
// descent crossing the valley at every step, momentum curving in.
func TestGoldenLandscapeSteps(t *testing.T) {
	f, err := landscapeSteps()
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "landscape_steps", f, goldenWidth, goldenHeight)
}
