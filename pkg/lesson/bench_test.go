package lesson

import (
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
)

// The benchmarks time what a slider move costs the kernel in the lessons'
// panels: rerunning the optimizer, drawing the figure and rendering the SVG
// that Panel sends (updateFigure). The browser's part of the round trip is
// logged by internal/e2e's slider test.

// BenchmarkSliderRedrawPath is lesson 04's first panel: 60 steps of
// momentum, the path over the contours beside the loss.
func BenchmarkSliderRedrawPath(b *testing.B) {
	f := testfunc.IllConditioned{}
	for b.Loop() {
		tr, err := Descent{Steps: 60, Options: []optim.Option{optim.LR(0.45), optim.Momentum(0.5)}}.Run(f)
		if err != nil {
			b.Fatal(err)
		}
		g, err := PathAndLoss("", f, tr)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := g.SVG(0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSliderRedrawRateMap is lesson 04's rate map after its first
// draw: the rates are cached, a move redraws the map with the new point.
func BenchmarkSliderRedrawRateMap(b *testing.B) {
	m := &RateMap{F: testfunc.IllConditioned{}, LambdaMax: 4, LambdaMin: 0.2, EtaMax: 1.1, MuMax: 0.99}
	if _, err := m.Figure("", 0.45, 0.5); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		fig, err := m.Figure("", 0.3, 0.7)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := fig.SVG(0, 0); err != nil {
			b.Fatal(err)
		}
	}
}
