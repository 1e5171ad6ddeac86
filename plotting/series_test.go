package plotting

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
)

var (
	nan = math.NaN()
	inf = math.Inf(1)
)

func TestPrepareCurve(t *testing.T) {
	tests := []struct {
		name     string
		s        Series
		logY     bool
		pieces   []plotter.XYs
		diverged bool
		at       int
		atX      float64
		kind     string
		masked   int
	}{
		{
			name:   "finite, implicit x",
			s:      Series{Y: []float64{3, 2, 1}},
			pieces: []plotter.XYs{{{X: 0, Y: 3}, {X: 1, Y: 2}, {X: 2, Y: 1}}},
		},
		{
			name:     "NaN stops the curve",
			s:        Series{X: []float64{10, 20, 30, 40}, Y: []float64{3, 2, nan, 1}},
			pieces:   []plotter.XYs{{{X: 10, Y: 3}, {X: 20, Y: 2}}},
			diverged: true, at: 2, atX: 30, kind: "NaN",
		},
		{
			name:     "+Inf",
			s:        Series{Y: []float64{1, 5, inf, nan}},
			pieces:   []plotter.XYs{{{X: 0, Y: 1}, {X: 1, Y: 5}}},
			diverged: true, at: 2, atX: 2, kind: "+Inf",
		},
		{
			name:     "−Inf first",
			s:        Series{Y: []float64{-inf, 1}},
			diverged: true, at: 0, atX: 0, kind: "−Inf",
		},
		{
			name:   "log scale leaves out values ≤ 0 and breaks the line",
			s:      Series{Y: []float64{4, 0, 2, 1, -1, 0.5}},
			logY:   true,
			pieces: []plotter.XYs{{{X: 0, Y: 4}}, {{X: 2, Y: 2}, {X: 3, Y: 1}}, {{X: 5, Y: 0.5}}},
			masked: 2,
		},
		{
			name:   "linear scale keeps values ≤ 0",
			s:      Series{Y: []float64{1, 0, -1}},
			pieces: []plotter.XYs{{{X: 0, Y: 1}, {X: 1, Y: 0}, {X: 2, Y: -1}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := prepareCurve(tt.s, tt.logY)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.pieces) != len(tt.pieces) {
				t.Fatalf("pieces = %v, want %v", c.pieces, tt.pieces)
			}
			for i := range c.pieces {
				if len(c.pieces[i]) != len(tt.pieces[i]) {
					t.Fatalf("piece %d = %v, want %v", i, c.pieces[i], tt.pieces[i])
				}
				for j := range c.pieces[i] {
					if c.pieces[i][j] != tt.pieces[i][j] {
						t.Errorf("piece %d point %d = %v, want %v", i, j, c.pieces[i][j], tt.pieces[i][j])
					}
				}
			}
			if c.diverged != tt.diverged || c.at != tt.at || c.atX != tt.atX || c.kind != tt.kind {
				t.Errorf("divergence = (%v, %d, %v, %q), want (%v, %d, %v, %q)", c.diverged, c.at, c.atX, c.kind, tt.diverged, tt.at, tt.atX, tt.kind)
			}
			if c.masked != tt.masked {
				t.Errorf("masked = %d, want %d", c.masked, tt.masked)
			}
		})
	}
}

func TestPrepareCurveErrors(t *testing.T) {
	tests := []struct {
		name string
		s    Series
		want string
	}{
		{"empty", Series{Name: "SGD"}, `series "SGD" has no points`},
		{"lengths", Series{Name: "a", X: []float64{1}, Y: []float64{1, 2}}, "1 x values and 2 y values"},
		{"x NaN", Series{Name: "a", X: []float64{0, nan}, Y: []float64{1, 2}}, "x[1] = NaN"},
		{"x Inf", Series{Name: "a", X: []float64{inf, 1}, Y: []float64{1, 2}}, "x[0] = +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := prepareCurve(tt.s, false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestEmptyIsAnError documents the choice for empty input: an error wrapping
// ErrNoData, never an empty plot.
func TestEmptyIsAnError(t *testing.T) {
	tr := NewTrace("idle")
	cases := map[string]func() (*Figure, error){
		"LossPlot, no series":      func() (*Figure, error) { return LossPlot{}.Figure() },
		"LossPlot, empty series":   func() (*Figure, error) { return Loss(Series{Name: "SGD"}) },
		"ComparePlot, no trace":    func() (*Figure, error) { return ComparePlot{}.Figure() },
		"ComparePlot, empty trace": func() (*Figure, error) { return ComparePlot{}.Figure(tr) },
		"SchedulePlot, no series":  func() (*Figure, error) { return SchedulePlot{}.Figure() },
		"EMAWeightsPlot, no β":     func() (*Figure, error) { return EMAWeightsPlot{}.Figure() },
		"GridPlot, no figure":      func() (*Figure, error) { return GridPlot{}.Figure() },
		"LandscapePlot, empty path": func() (*Figure, error) {
			return LandscapePlot{Box: Box{0, 1, 0, 1}}.Figure(valley2, Path{Name: "p"})
		},
		"LandscapePlot, no box and no path": func() (*Figure, error) { return LandscapePlot{}.Figure(valley2) },
	}
	for name, build := range cases {
		f, err := build()
		if !errors.Is(err, ErrNoData) {
			t.Errorf("%s: error = %v, want ErrNoData", name, err)
		}
		if f != nil {
			t.Errorf("%s: got a figure with the error", name)
		}
	}
}
