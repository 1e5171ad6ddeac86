package plotting

// LossPlot draws loss histories: one series, or several with a legend,
// against the step, on a linear or logarithmic y axis.
//
// A series that reaches NaN or ±Inf is drawn up to its last finite value,
// where an × and a label say at which step it diverged and to what. On a
// logarithmic axis, values ≤ 0 (a loss that reached exactly 0) cannot be
// drawn: they are left out, breaking the line, and a legend note counts
// them. A series without any point is an error (ErrNoData).
//
// A LossPlot holds only options. Figure does not modify it or its arguments,
// so it may be used from several goroutines at once, as long as none of them
// modifies the data passed while a Figure call reads it.
type LossPlot struct {
	// Title is drawn above the plot; "" for none.
	Title string

	// XLabel names the x axis and the unit of divergence labels.
	// If XLabel is "", it will be defaulted to "step".
	XLabel string

	// YLabel names the y axis.
	// If YLabel is "", it will be defaulted to "loss".
	YLabel string

	// LogY draws the y axis on a logarithmic scale.
	LogY bool

	// Style sets colours, line widths and fonts; the zero Style is the
	// package default.
	Style Style
}

// Figure draws the series.
func (lp LossPlot) Figure(series ...Series) (*Figure, error) {
	spec := linesSpec{
		kind:   "LossPlot",
		title:  lp.Title,
		xLabel: orDefault(lp.XLabel, "step"),
		yLabel: orDefault(lp.YLabel, "loss"),
		logY:   lp.LogY,
		style:  lp.Style,
	}
	pn, err := linesPanel(spec, series)
	if err != nil {
		return nil, err
	}
	return newFigure(pn), nil
}

// Loss draws loss histories with the default LossPlot: linear y, x labelled
// "step".
func Loss(series ...Series) (*Figure, error) {
	return LossPlot{}.Figure(series...)
}

// orDefault returns s, or def if s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
