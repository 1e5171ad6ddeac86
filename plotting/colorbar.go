package plotting

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A colour bar beside a heat map. gonum/plot's plotter.ColorBar is a
// plotter for a plot of its own, whose data area cannot be lined up with
// the heat map's, and it labels the coloured variable itself; a log-scaled
// heat map colours log₁₀(f − min f + floor), which no learner should have to
// read off. So the panel draws the bar in a strip right of its axes, as
// tall as the data area with its title, with gonum/plot's canvas and text and this
// package's tickers, labelled with heights of the function.

// colorScale says how a heat map maps heights to colours: the values from
// min to max run along the palette; they are the heights, or when log is
// set log₁₀(z − lo + floor).
type colorScale struct {
	min, max  float64
	log       bool
	lo, floor float64
}

// colorBar is the colour bar of a panel.
type colorBar struct {
	scale   colorScale
	palette []color.Color
	label   string // the name of the values, above the bar
}

// Sizes of a colour bar.
var (
	colorBarGap   = vg.Points(8)  // between the axes (or a legend) and the bar
	colorBarWidth = vg.Points(10) // of the coloured bar
	colorBarTick  = vg.Points(3)  // length of a major tick; minor ones are half
	colorBarPad   = vg.Points(2)  // between ticks and labels, and above the bar
)

// ticks returns the bar's ticks, with their positions along it in [0, 1].
func (cb *colorBar) ticks() ([]plot.Tick, []float64) {
	sc := cb.scale
	var ticks []plot.Tick
	pos := func(v float64) float64 { return (v - sc.min) / (sc.max - sc.min) }
	if sc.log {
		// Ticks at round heights above the minimum, d = z − lo, at the
		// colour of log₁₀(d + floor).
		dmin, dmax := math.Pow(10, sc.min)-sc.floor, math.Pow(10, sc.max)-sc.floor
		ticks = logTicks{}.Ticks(math.Max(dmin, sc.floor), dmax)
		pos = func(d float64) float64 { return (math.Log10(d+sc.floor) - sc.min) / (sc.max - sc.min) }
	} else {
		ticks = linearTicks{}.Ticks(sc.min, sc.max)
	}
	var kept []plot.Tick
	var at []float64
	for _, t := range ticks {
		if u := pos(t.Value); u >= -1e-9 && u <= 1+1e-9 {
			kept, at = append(kept, t), append(at, math.Max(0, math.Min(1, u)))
		}
	}
	return kept, at
}

// title returns the text above the bar.
func (cb *colorBar) title() string {
	name := orDefault(cb.label, "f")
	if !cb.scale.log || cb.scale.lo == 0 {
		return name
	}
	if cb.scale.lo < 0 {
		return name + " + " + formatNumber(-cb.scale.lo)
	}
	return name + " − " + formatNumber(cb.scale.lo)
}

// width returns the width of the strip the bar needs in pn.
func (cb *colorBar) width(pn *panel) vg.Length {
	sty := pn.plot.Y.Tick.Label
	labels := vg.Length(0)
	ticks, _ := cb.ticks()
	for _, t := range ticks {
		if t.Label != "" {
			labels = max(labels, sty.Width(t.Label))
		}
	}
	title := pn.plot.Y.Label.TextStyle.Width(cb.title())
	return colorBarGap + max(colorBarWidth+colorBarTick+colorBarPad+labels, title) + colorBarPad
}

// draw draws the bar at x, beside the data canvas dc: its title at the top
// of dc, the bar below down to dc's bottom.
func (cb *colorBar) draw(pn *panel, dc draw.Canvas, x vg.Length) {
	title := pn.plot.Y.Label.TextStyle
	title.XAlign, title.YAlign, title.Rotation = draw.XLeft, draw.YTop, 0
	tick := pn.plot.Y.Tick.Label
	// The title at the top of the data area; the bar under it, clear of
	// its top label.
	top := dc.Max.Y - title.Height(cb.title()) - colorBarPad - tick.Height("0")/2
	bar := vg.Rectangle{Min: vg.Point{X: x, Y: dc.Min.Y}, Max: vg.Point{X: x + colorBarWidth, Y: top}}
	n := len(cb.palette)
	img := image.NewNRGBA(image.Rect(0, 0, 1, n))
	for i, c := range cb.palette {
		img.Set(0, n-1-i, c) // the top row is the highest value
	}
	dc.DrawImage(bar, img)
	ink := draw.LineStyle{Color: inkColor, Width: vg.Points(0.6)}
	dc.StrokeLines(ink, []vg.Point{bar.Min, {X: bar.Max.X, Y: bar.Min.Y}, bar.Max, {X: bar.Min.X, Y: bar.Max.Y}, bar.Min})
	sty := tick
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	ticks, at := cb.ticks()
	h := bar.Max.Y - bar.Min.Y
	for i, t := range ticks {
		y := bar.Min.Y + vg.Length(at[i])*h
		l := colorBarTick / 2
		if t.Label != "" {
			l = colorBarTick
		}
		dc.StrokeLine2(ink, bar.Max.X, y, bar.Max.X+l, y)
		if t.Label != "" {
			dc.FillText(sty, vg.Point{X: bar.Max.X + colorBarTick + colorBarPad, Y: y}, t.Label)
		}
	}
	dc.FillText(title, vg.Point{X: x, Y: dc.Max.Y}, cb.title())
}
