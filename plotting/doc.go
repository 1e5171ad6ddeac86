// Package plotting draws the figures of descent's lessons: loss histories,
// optimizers compared, trajectories and groups of points over the contours
// of a function of two variables, the regions of a classifier with its data,
// learning-rate schedules, the weights of exponential moving averages, and
// grids of small multiples of these. It shows them inline in GoNB notebooks,
// live while a run goes, or saves them as PNG and SVG.
//
// Figures take plain numbers — series of floats, points in the plane, a
// func(x, y float64) float64 or a classifier func(x, y float64) int — so the
// package imports nothing else of descent. An optimization loop feeds a Trace, and the trace gives the
// series:
//
//	tr := plotting.NewTrace("SGD")
//	for step := range 100 {
//		// … one optimizer step …
//		tr.Record(step, loss, params, lr)
//	}
//	plotting.Show(plotting.LossPlot{LogY: true}.Figure(tr.Series()))
//
// Each kind of plot is a struct of options whose zero value is the default,
// with a Figure method taking the data. A Figure renders to PNG at twice the
// screen density (PNGDPI), to SVG, to a file by extension, or to the
// notebook with Show. Show does nothing outside a GoNB notebook, so code
// that displays also runs under go test.
//
// Runs that diverge are part of the lessons: a series whose values become
// NaN or ±Inf is drawn up to its last finite value, marked with an × and
// labelled with the step and kind of the divergence. On logarithmic axes,
// values ≤ 0 are left out and counted in a note under the plot. A series
// with no value at all is an error, ErrNoData.
//
// Lines are drawn with no more points than the output's pixels can show:
// of each pixel column a series keeps its first, lowest, highest and last
// point, so every spike stays visible, and a path in the plane drops points
// within half a pixel of the last one kept. A loss curve of a million steps
// renders in a fraction of a second. A legend goes where it covers no data:
// in a free corner or along an edge of the axes, else outside them, on the
// right or below.
//
// Styles are passed explicitly (Style): the Okabe–Ito colour-blind-safe
// palette, 1.5-point lines and Liberation Sans by default. A class map
// paints class k in a light tint of the palette's k-th colour, the colour of
// point group k. The package never
// changes gonum/plot's package-level defaults, and the same figure renders
// to the same bytes on every run.
package plotting
