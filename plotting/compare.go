package plotting

import "fmt"

// ComparePlot draws the losses of several optimization runs on one axis,
// with a legend, against the step, the epoch, the wall time or any other
// extra the traces recorded. Divergences and log scales are handled as in
// LossPlot.
type ComparePlot struct {
	// Title is drawn above the plot; "" for none.
	Title string

	// X selects the abscissa: "" or "step" for the step, or the name of an
	// extra that every record of every trace has, such as ExtraEpoch or
	// ExtraSeconds.
	X string

	// YLabel names the y axis.
	// If YLabel is "", it will be defaulted to "loss".
	YLabel string

	// LogY draws the y axis on a logarithmic scale.
	LogY bool

	// Style sets colours, line widths and fonts; the zero Style is the
	// package default.
	Style Style
}

// Figure draws the losses of the traces.
func (cp ComparePlot) Figure(traces ...*Trace) (*Figure, error) {
	if len(traces) == 0 {
		return nil, fmt.Errorf("plotting: ComparePlot needs at least one trace: %w", ErrNoData)
	}
	series := make([]Series, len(traces))
	for i, t := range traces {
		if t == nil {
			return nil, fmt.Errorf("plotting: ComparePlot: trace %d is nil", i)
		}
		s, err := t.LossAgainst(cp.X)
		if err != nil {
			return nil, err
		}
		series[i] = s
	}
	spec := linesSpec{
		kind:   "ComparePlot",
		title:  cp.Title,
		yLabel: orDefault(cp.YLabel, "loss"),
		logY:   cp.LogY,
		style:  cp.Style,
		legend: true,
	}
	switch cp.X {
	case "", "step":
		spec.xLabel = "step"
	case ExtraEpoch:
		spec.xLabel = "epoch"
	case ExtraSeconds:
		spec.xLabel = "wall time (s)"
		spec.at = func(x float64) string { return "after " + formatNumber(x) + " s" }
	default:
		spec.xLabel = cp.X
	}
	pn, err := linesPanel(spec, series)
	if err != nil {
		return nil, err
	}
	return newFigure(pn), nil
}
