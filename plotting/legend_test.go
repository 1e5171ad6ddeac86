package plotting

import (
	"math"
	"testing"
)

// crowdedFigure draws three runs whose curves leave no corner of the axes
// free: a noisy one spans the whole height at every step.
func crowdedFigure() (*Figure, error) {
	n := 200
	noisy, slow, fast := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		t := float64(i)
		noisy[i] = 1 + 0.9*math.Sin(2.1*t)
		slow[i] = 1.8 - 0.8*t/float64(n)
		fast[i] = 0.2 + 1.6*math.Exp(-t/20)
	}
	return LossPlot{Title: "No corner is free"}.Figure(
		Series{Name: "SGD, batch 1", Y: noisy}, Series{Name: "GD, η = 0.01", Y: slow}, Series{Name: "GD, η = 0.1", Y: fast})
}

// TestLegendCoversNoData renders figures with legends and checks where the
// legend went: inside the data area only over no data line, marker or
// label (within half a line width), and otherwise outside the data area.
// The crowded figure has no free place, so its legend must go outside.
func TestLegendCoversNoData(t *testing.T) {
	figures := map[string]func() (*Figure, error){
		"crowded": crowdedFigure,
		"jagged":  jaggedFigure,
	}
	for _, gf := range galleryFigures {
		figures[gf.name] = gf.build
	}
	for name, build := range figures {
		f, err := build()
		if err != nil {
			t.Fatal(err)
		}
		pn, ok := f.drawer.(*panel)
		if !ok || len(pn.entries) == 0 {
			continue
		}
		if _, err := f.png(goldenWidth, goldenHeight, ScreenDPI); err != nil {
			t.Fatal(err)
		}
		pl := pn.placed
		switch pl.side {
		case legendInside:
			if n := pn.deviceObstacles(pl.data).crowding(inflate(pl.rect, pn.style.LineWidth/2), pn.labelRects(pl.data)); n != 0 {
				t.Errorf("%s: the legend inside the axes covers %d data segments or marks", name, n)
			}
		default:
			if overlaps(pl.rect, pl.data.Rectangle) {
				t.Errorf("%s: the legend outside the axes, %v, overlaps the data area %v", name, pl.rect, pl.data.Rectangle)
			}
		}
		if name == "crowded" && pl.side != legendRight {
			t.Errorf("crowded: legend on side %d, want it right of the axes (%d)", pl.side, legendRight)
		}
	}
}
