package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// EMAWeightsPlot draws the weights an exponential moving average
// v_t = β·v_{t−1} + (1−β)·g_t gives to past values, for several β on one
// plot: the value k steps back weighs βᵏ relative to the newest one, or
// (1−β)·βᵏ in the average itself when Normalized. A dot on each curve marks
// the age 1/(1−β), the average's effective window, where for β near 1 the
// relative weight has fallen to about 1/e.
//
// A EMAWeightsPlot holds only options. Figure does not modify it or its arguments,
// so it may be used from several goroutines at once, as long as none of them
// modifies its Style's palette.
type EMAWeightsPlot struct {
	// Title is drawn above the plot; "" for none.
	Title string

	// Steps is the number of ages shown, k = 0 … Steps−1.
	// If Steps is 0, it will be defaulted to three windows of the largest β,
	// ⌈3/(1−β)⌉, and at least 10.
	Steps int

	// Normalized draws (1−β)·βᵏ, the weights of the average, which sum to 1,
	// instead of βᵏ.
	Normalized bool

	// LogY draws the y axis on a logarithmic scale, where each curve is a
	// straight line of slope log β.
	LogY bool

	// Style sets colours, line widths and fonts; the zero Style is the
	// package default.
	Style Style
}

// Figure draws the weights for each β, which must be in [0, 1).
func (ep EMAWeightsPlot) Figure(betas ...float64) (*Figure, error) {
	if len(betas) == 0 {
		return nil, fmt.Errorf("plotting: EMAWeightsPlot needs at least one β: %w", ErrNoData)
	}
	top := 0.0
	for i, b := range betas {
		if !(b >= 0 && b < 1) {
			return nil, fmt.Errorf("plotting: EMAWeightsPlot β[%d] = %v, want 0 ≤ β < 1", i, b)
		}
		top = math.Max(top, b)
	}
	steps := ep.Steps
	if steps == 0 {
		steps = max(10, int(math.Ceil(3/(1-top))))
	}
	if steps < 2 || steps > maxSamples {
		return nil, fmt.Errorf("plotting: EMAWeightsPlot Steps %d, want 2 to %d", steps, maxSamples)
	}
	weight := func(b, k float64) float64 {
		w := math.Pow(b, k)
		if ep.Normalized {
			w *= 1 - b
		}
		return w
	}
	series := make([]Series, len(betas))
	for i, b := range betas {
		s := Series{Name: fmt.Sprintf("β = %s (window %s)", formatNumber(b), formatNumber(1/(1-b))), Y: make([]float64, steps)}
		for k := range s.Y {
			s.Y[k] = weight(b, float64(k))
		}
		series[i] = s
	}
	yLabel := "weight βᵏ"
	if ep.Normalized {
		yLabel = "weight (1−β)βᵏ"
	}
	spec := linesSpec{
		kind:      "EMAWeightsPlot",
		title:     ep.Title,
		xLabel:    "age k (steps back)",
		yLabel:    yLabel,
		logY:      ep.LogY,
		style:     ep.Style,
		legend:    true,
		yFromZero: true,
	}
	pn, err := linesPanel(spec, series)
	if err != nil {
		return nil, err
	}
	st := pn.style
	for i, b := range betas {
		k := 1 / (1 - b)
		w := weight(b, k)
		if k > float64(steps-1) || ep.LogY && w <= 0 {
			continue
		}
		pn.plot.Add(marker(k, w, ringGlyph{width: st.LineWidth}, st.Color(i), vg.Points(3)))
		pn.obstacles = append(pn.obstacles, plotter.XYs{{X: k, Y: w}})
	}
	pn.notes = append(pn.notes, "○ age 1/(1−β): the effective window")
	return newFigure(pn), nil
}
