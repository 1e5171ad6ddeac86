package lesson

import (
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
)

// LandscapeOf returns a landscape plot of f, a function of two variables,
// set up as the lessons draw it: axes x₁ and x₂, the box of f's Bounds
// when it has one, its known minima starred, and the title. Change its
// fields before calling Figure, with Func2(f) and the paths:
//
//	lp := lesson.LandscapeOf("η = 0.45", f)
//	lp.EqualAspect = true
//	fig, err := lp.Figure(lesson.Func2(f), paths...)
func LandscapeOf(title string, f testfunc.Function) plotting.LandscapePlot {
	lp := plotting.LandscapePlot{Title: title, XLabel: "x₁", YLabel: "x₂"}
	if b, ok := f.(testfunc.Bounder); ok {
		xmin, xmax, ymin, ymax := b.Bounds()
		lp.Box = plotting.Box{XMin: xmin, XMax: xmax, YMin: ymin, YMax: ymax}
	}
	for _, m := range f.Minima() {
		if len(m.X) == 2 {
			lp.Minima = append(lp.Minima, [2]float64{m.X[0], m.X[1]})
		}
	}
	return lp
}

// Func2 returns f as the func(x, y) that plotting's landscapes sample.
// f must take two variables.
func Func2(f testfunc.Function) func(x, y float64) float64 {
	var p [2]float64
	return func(x, y float64) float64 {
		p[0], p[1] = x, y
		return f.Func(p[:])
	}
}

// Paths returns the paths of the traces in the plane of their first two
// coordinates, for plotting.LandscapePlot.
func Paths(traces ...*plotting.Trace) ([]plotting.Path, error) {
	paths := make([]plotting.Path, 0, len(traces))
	for _, tr := range traces {
		p, err := tr.Path()
		if err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Landscape draws the traces' paths over the contours of f, a function of
// two variables, in f's box with its minima starred: LandscapeOf with
// equal axes, then Figure. Paths of at most 100 steps get a dot at every
// step, so that a zig-zag can be counted.
func Landscape(title string, f testfunc.Function, traces ...*plotting.Trace) (*plotting.Figure, error) {
	paths, err := Paths(traces...)
	if err != nil {
		return nil, err
	}
	lp := LandscapeOf(title, f)
	lp.EqualAspect, lp.StepMarkers = true, short(traces)
	return lp.Figure(Func2(f), paths...)
}

// shortPath is the most steps a path may have for Landscape and
// PathAndLoss to mark each of its steps: on longer paths the dots would
// merge into a line.
const shortPath = 100

// short reports whether every trace has at most shortPath steps.
func short(traces []*plotting.Trace) bool {
	for _, tr := range traces {
		if tr.Len()-1 > shortPath {
			return false
		}
	}
	return true
}

// PathAndLoss draws a run as the lessons' slider panels show it: its path
// over the contours of f (as Landscape does, sampled at 120 points a side
// so that a slider's redraw stays quick) beside its loss on a log axis, in
// one figure.
func PathAndLoss(title string, f testfunc.Function, traces ...*plotting.Trace) (*plotting.Figure, error) {
	paths, err := Paths(traces...)
	if err != nil {
		return nil, err
	}
	lp := LandscapeOf(title, f)
	lp.EqualAspect, lp.Resolution, lp.StepMarkers = true, 120, short(traces)
	land, err := lp.Figure(Func2(f), paths...)
	if err != nil {
		return nil, err
	}
	series := make([]plotting.Series, 0, len(traces))
	for _, tr := range traces {
		series = append(series, tr.Series())
	}
	loss, err := plotting.LossPlot{Title: "loss", LogY: true}.Figure(series...)
	if err != nil {
		return nil, err
	}
	return plotting.GridPlot{Cols: 2}.Figure(land, loss)
}
