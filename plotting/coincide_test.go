package plotting

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// coincidingFigure draws four runs: the second repeats the first exactly,
// the third agrees with both to 0.1%, the fourth leaves them after 30 steps.
func coincidingFigure() (*Figure, error) {
	n := 100
	a, b, c, d := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		t := float64(i)
		a[i] = 2*math.Exp(-t/25) + 0.1
		b[i] = a[i]
		c[i] = a[i] * (1 + 1e-3*math.Sin(t))
		d[i] = a[i]
		if i > 30 {
			d[i] = a[30] * math.Exp(-(t-30)/8)
		}
	}
	return LossPlot{Title: "Coinciding runs stay visible", LogY: true}.Figure(
		Series{Name: "B = 256", Y: a}, Series{Name: "B = 512", Y: b}, Series{Name: "B = 1024", Y: c}, Series{Name: "warm restart", Y: d})
}

// TestCoincidingSeriesAreDashed checks the dashes of the series (their
// legend lines, which share the style of the lines drawn): solid
// for the first run and for the one that only shares its first 30 steps,
// and two different patterns for the two that hide the first.
func TestCoincidingSeriesAreDashed(t *testing.T) {
	f, err := coincidingFigure()
	if err != nil {
		t.Fatal(err)
	}
	var got []int // the pattern of each series' legend line, -1 for solid
	for _, e := range f.drawer.(*panel).entries {
		l, ok := e.thumbs[0].(*plotter.Line)
		if !ok {
			t.Fatalf("legend entry %q has a %T, want a *plotter.Line", e.text, e.thumbs[0])
		}
		k := -1
		for i, d := range dashPatterns {
			if slices.Equal(l.LineStyle.Dashes, d) {
				k = i
			}
		}
		if k < 0 && len(l.LineStyle.Dashes) > 0 {
			t.Fatalf("entry %q has dashes %v, not one of the patterns", e.text, l.LineStyle.Dashes)
		}
		got = append(got, k)
	}
	want := []int{-1, 0, 1, -1}
	if len(got) != len(want) {
		t.Fatalf("%d lines drawn, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("series %d drawn with pattern %d, want %d (-1: solid)", i, got[i], want[i])
		}
	}
}

// TestHides checks the rule on envelopes directly: a curve hides another
// where the other's span lies within its own, give or take the tolerance,
// and only when that holds for at least coincideShare of the other's
// columns.
func TestHides(t *testing.T) {
	line := func(ys ...float64) curve {
		var p plotter.XYs
		for i, y := range ys {
			p = append(p, plotter.XY{X: float64(i), Y: y})
		}
		return curve{pieces: []plotter.XYs{p}}
	}
	flat := line(0.5, 0.5, 0.5, 0.5)
	cases := []struct {
		name  string
		later curve
		want  bool
	}{
		{"same", line(0.5, 0.5, 0.5, 0.5), true},
		{"within tolerance", line(0.505, 0.505, 0.505, 0.505), true},
		{"beyond tolerance", line(0.52, 0.52, 0.52, 0.52), false},
		{"half the way", line(0.5, 0.5, 0.9, 0.9), true},
		{"a quarter of the way", line(0.5, 0.9, 0.9, 0.9), false},
	}
	for _, c := range cases {
		d := coincidingDashes([]curve{flat, c.later}, 0, 3, 0, 1, false)
		if got := d[1] != nil; got != c.want {
			t.Errorf("%s: dashed %v, want %v", c.name, got, c.want)
		}
		if d[0] != nil {
			t.Errorf("%s: the first curve is dashed", c.name)
		}
	}
}

// TestCoincidingPathsAreDashed checks the paths of a landscape: of two runs
// on the same way, the one drawn later (on top) is dashed; a run that
// shares a third of the way stays solid.
func TestCoincidingPathsAreDashed(t *testing.T) {
	way := Path{Name: "SGD"}
	for i := range 60 {
		x := -5 + float64(i)/6
		way.X, way.Y = append(way.X, x), append(way.Y, 0.2*x)
	}
	same := Path{Name: "momentum 0", X: way.X, Y: way.Y}
	part := Path{Name: "Adam", X: slices.Clone(way.X), Y: slices.Clone(way.Y)}
	for i := 20; i < 60; i++ {
		part.Y[i] = way.Y[i] + 1 + float64(i-20)/10
	}
	f, err := LandscapePlot{Box: Box{XMin: -6, XMax: 6, YMin: -3, YMax: 6}, Resolution: 20}.Figure(valley2, way, same, part)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"SGD": false, "momentum 0": true, "Adam": false}
	for _, e := range f.drawer.(*panel).entries {
		l, ok := e.thumbs[0].(*plotter.Line)
		if !ok {
			continue
		}
		if w, ok := want[e.text]; ok && (len(l.LineStyle.Dashes) > 0) != w {
			t.Errorf("path %q: dashed %v, want %v", e.text, len(l.LineStyle.Dashes) > 0, w)
		}
	}
}
