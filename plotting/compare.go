package plotting

import "fmt"

// ComparePlot draws the losses of several optimization runs on one axis,
// with a legend, against the step, the epoch, the wall time or any other
// extra the traces recorded; or, instead of the losses, another quantity
// the traces recorded as an extra, such as a test accuracy. Divergences and
// log scales are handled as in LossPlot.
//
// A ComparePlot holds only options. Figure does not modify it or its arguments,
// so it may be used from several goroutines at once, as long as none of them
// records into a trace while a Figure call reads it.
type ComparePlot struct {
	// Title is drawn above the plot; "" for none.
	Title string

	// X selects the abscissa: "" or "step" for the step, or the name of an
	// extra that every record of every trace has, such as ExtraEpoch or
	// ExtraSeconds.
	X string

	// Y selects the ordinate: "" or "loss" for the loss, or the name of an
	// extra the traces recorded, such as "accuracy". Records without that
	// extra are left out (see Trace.ExtraAgainst).
	Y string

	// YLabel names the y axis.
	// If YLabel is "", it will be defaulted to "loss", or to Y when Y names
	// an extra.
	YLabel string

	// LogY draws the y axis on a logarithmic scale.
	LogY bool

	// Style sets colours, line widths and fonts; the zero Style is the
	// package default.
	Style Style
}

// Figure draws the losses, or the extra Y, of the traces.
func (cp ComparePlot) Figure(traces ...*Trace) (*Figure, error) {
	if len(traces) == 0 {
		return nil, fmt.Errorf("plotting: ComparePlot needs at least one trace: %w", ErrNoData)
	}
	series := make([]Series, len(traces))
	for i, t := range traces {
		if t == nil {
			return nil, fmt.Errorf("plotting: ComparePlot: trace %d is nil", i)
		}
		var (
			s   Series
			err error
		)
		if cp.Y == "" || cp.Y == "loss" {
			s, err = t.LossAgainst(cp.X)
		} else {
			s, err = t.ExtraAgainst(cp.Y, cp.X)
		}
		if err != nil {
			return nil, err
		}
		series[i] = s
	}
	spec := linesSpec{
		kind:   "ComparePlot",
		title:  cp.Title,
		yLabel: orDefault(cp.YLabel, orDefault(cp.Y, "loss")),
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
