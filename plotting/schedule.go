package plotting

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
)

// SchedulePlot draws learning-rate schedules: the learning rate against the
// step, one series or several with a legend. Each rate is held until the next
// step, so warm-ups and step decays show as the staircases they are. By
// default a linear y axis includes 0, so that rates compare by their size;
// FitY fits it to the values instead, for a quantity that moves in a narrow
// band, such as the momentum factor of a one-cycle schedule.
//
// A SchedulePlot holds only options. Figure does not modify it or its arguments,
// so it may be used from several goroutines at once, as long as none of them
// modifies the data passed while a Figure call reads it.
type SchedulePlot struct {
	// Title is drawn above the plot; "" for none.
	Title string

	// XLabel names the x axis.
	// If XLabel is "", it will be defaulted to "step".
	XLabel string

	// YLabel names the y axis.
	// If YLabel is "", it will be defaulted to "learning rate".
	YLabel string

	// LogY draws the y axis on a logarithmic scale.
	LogY bool

	// FitY fits a linear y axis to the values. If FitY is false, the axis
	// is extended to include 0.
	FitY bool

	// Style sets colours, line widths and fonts; the zero Style is the
	// package default.
	Style Style
}

// Figure draws the schedules.
func (sp SchedulePlot) Figure(series ...Series) (*Figure, error) {
	spec := linesSpec{
		kind:      "SchedulePlot",
		title:     sp.Title,
		xLabel:    orDefault(sp.XLabel, "step"),
		yLabel:    orDefault(sp.YLabel, "learning rate"),
		logY:      sp.LogY,
		style:     sp.Style,
		stepStyle: plotter.PostStep,
		yFromZero: !sp.FitY,
	}
	pn, err := linesPanel(spec, series)
	if err != nil {
		return nil, err
	}
	return newFigure(pn), nil
}

// maxSamples bounds the steps SampleSchedule and EMAWeightsPlot evaluate.
const maxSamples = 1_000_000

// SampleSchedule evaluates a schedule at steps 0, 1, …, steps−1 and returns
// the rates as a series named name.
func SampleSchedule(name string, steps int, lr func(step int) float64) (Series, error) {
	if lr == nil {
		return Series{}, fmt.Errorf("plotting: SampleSchedule %q: nil schedule function", name)
	}
	if steps < 1 || steps > maxSamples {
		return Series{}, fmt.Errorf("plotting: SampleSchedule %q: %d steps, want 1 to %d", name, steps, maxSamples)
	}
	s := Series{Name: name, Y: make([]float64, steps)}
	for i := range s.Y {
		s.Y[i] = lr(i)
	}
	return s, nil
}
