package plotting

import (
	"math"
	"strings"
	"testing"
)

// TestColorBarTicks checks the bar's labels against the heights they name:
// on a linear scale the values of f at their colours; on a log scale round
// heights above the minimum, each at the colour of log₁₀(d + floor).
func TestColorBarTicks(t *testing.T) {
	lin := colorBar{scale: colorScale{min: 0, max: 12}}
	ticks, at := lin.ticks()
	for i, tk := range ticks {
		if math.Abs(at[i]-tk.Value/12) > 1e-12 {
			t.Errorf("linear: tick %g at %g, want %g", tk.Value, at[i], tk.Value/12)
		}
	}
	if got := labels(ticks); strings.Join(got, " ") != "0 5 10" {
		t.Errorf("linear labels %q", got)
	}
	// Heights from 0 to 999 above a minimum of 5, floor 1: the colours run
	// from log₁₀(1) = 0 to log₁₀(1000) = 3.
	lg := colorBar{scale: colorScale{min: 0, max: 3, log: true, lo: 5, floor: 1}}
	ticks, at = lg.ticks()
	if got := labels(ticks); strings.Join(got, " ") != "1 10 100" {
		t.Errorf("log labels %q, want heights 1 10 100", got)
	}
	for i, tk := range ticks {
		if want := math.Log10(tk.Value+1) / 3; math.Abs(at[i]-want) > 1e-12 {
			t.Errorf("log: tick %g at %g, want %g", tk.Value, at[i], want)
		}
	}
	if got := lg.title(); got != "f − 5" {
		t.Errorf("log title %q, want %q", got, "f − 5")
	}
	lg.scale.lo, lg.label = -2, "loss"
	if got := lg.title(); got != "loss + 2" {
		t.Errorf("log title %q, want %q", got, "loss + 2")
	}
}

// TestColorBarNeedsHeatMap checks the error for a colour bar without a heat
// map.
func TestColorBarNeedsHeatMap(t *testing.T) {
	_, err := LandscapePlot{Box: Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}, ColorBar: true}.Figure(valley2)
	if err == nil || !strings.Contains(err.Error(), "ColorBar needs HeatMap") {
		t.Errorf("error %v, want one saying ColorBar needs HeatMap", err)
	}
}

// TestGoldenColorBar draws a linear heat map with its colour bar, a path
// and a legend.
func TestGoldenColorBar(t *testing.T) {
	f, err := landscapeColorBar()
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "landscape_colorbar", f, goldenWidth, goldenHeight)
}
