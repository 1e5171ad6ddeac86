package plotting

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// panel is one gonum/plot plot plus what gonum/plot does not place by
// itself: a legend put in the corner where it covers the least data, text
// labels anchored at data points, and an optional equal aspect ratio.
type panel struct {
	plot  *plot.Plot
	style Style // with defaults filled in

	entries []legendEntry
	labels  []label

	// notes are lines of small text under the plot, for what the data area
	// cannot show (values left out of a log scale) and keys to markers.
	notes []string

	// obstacles are the data the legend should not cover, as polylines in
	// data coordinates (a single point is a marker).
	obstacles []plotter.XYs

	// highlights are points the legend must cover even less, such as ringed
	// points: one counts as much as twenty markers.
	highlights plotter.XYs

	// equalAspect makes one unit on x as long as one unit on y.
	equalAspect bool
}

// legendEntry is one line of the legend.
type legendEntry struct {
	text   string
	thumbs []plot.Thumbnailer
}

// label is a text drawn next to the data point (x, y), or at the centre of
// the data area if centred.
type label struct {
	x, y    float64
	centred bool
	text    string
	color   color.Color
}

// newPanel returns a panel over a new plot styled by s.
func newPanel(s Style, title, xLabel, yLabel string) *panel {
	s = s.withDefaults()
	return &panel{plot: s.newPlot(title, xLabel, yLabel), style: s}
}

// addEntry adds a legend line.
func (pn *panel) addEntry(text string, thumbs ...plot.Thumbnailer) {
	pn.entries = append(pn.entries, legendEntry{text: text, thumbs: thumbs})
}

// draw draws the panel on c.
func (pn *panel) draw(c draw.Canvas) {
	pn.drawAbove(c, pn.notesHeight())
}

// drawAbove draws the panel on c above a strip of height notesH (at least
// pn.notesHeight()) holding the notes; a grid gives the panels of a row the
// same strip so that their axes line up.
func (pn *panel) drawAbove(c draw.Canvas, notesH vg.Length) {
	c = draw.Crop(c, framePad, -framePad-vg.Points(6), framePad, -framePad)
	pn.drawNotes(c)
	c = draw.Crop(c, 0, 0, notesH, 0)
	if pn.equalAspect {
		c = pn.cropToAspect(c)
	}
	pn.plot.Draw(c)
	dc := pn.plot.DataCanvas(c)
	taken := make([]vg.Rectangle, 0, len(pn.labels))
	for _, l := range pn.labels {
		taken = append(taken, pn.drawLabel(dc, l))
	}
	pn.drawLegend(dc, taken)
}

// cropToAspect narrows or flattens c so that the data area shows x and y
// at the same scale, keeping the result centred.
func (pn *panel) cropToAspect(c draw.Canvas) draw.Canvas {
	dc := pn.plot.DataCanvas(c)
	w, h := dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y
	xr, yr := pn.plot.X.Max-pn.plot.X.Min, pn.plot.Y.Max-pn.plot.Y.Min
	if w <= 0 || h <= 0 || !(xr > 0) || !(yr > 0) {
		return c
	}
	if wantW := h * vg.Length(xr/yr); wantW < w {
		d := (w - wantW) / 2
		return draw.Crop(c, d, -d, 0, 0)
	}
	d := (h - w*vg.Length(yr/xr)) / 2
	return draw.Crop(c, 0, 0, d, -d)
}

// Sizes of the frame, legend and labels.
var (
	framePad = vg.Points(4) // around the whole panel, and 6 more on the right

	legendMargin = vg.Points(4) // from the data area's edge
	legendPad    = vg.Points(3) // inside the legend's background
	labelGap     = vg.Points(6) // between a point and its label
)

// noteStyle returns the text style of the notes.
func (pn *panel) noteStyle() text.Style {
	s := pn.style
	return s.textStyle(pn.plot.TextHandler, s.FontSize-1.5, noteColor, draw.XLeft, draw.YBottom)
}

// noteLine returns the height of a line of notes.
func (pn *panel) noteLine() vg.Length {
	return pn.noteStyle().Height("Mg") * 1.15
}

// notesHeight returns the height of the strip the notes need, 0 if there
// are none.
func (pn *panel) notesHeight() vg.Length {
	if len(pn.notes) == 0 {
		return 0
	}
	return vg.Length(len(pn.notes))*pn.noteLine() + vg.Points(2)
}

// drawNotes writes the notes at the bottom left of c.
func (pn *panel) drawNotes(c draw.Canvas) {
	sty, lineH := pn.noteStyle(), pn.noteLine()
	y := c.Min.Y
	for i := len(pn.notes) - 1; i >= 0; i-- {
		c.FillText(sty, vg.Point{X: c.Min.X, Y: y}, pn.notes[i])
		y += lineH
	}
}

// drawLabel draws l inside dc, beside its point and flipped or shifted to
// stay inside, on a light background; it returns the area it covers.
func (pn *panel) drawLabel(dc draw.Canvas, l label) vg.Rectangle {
	s := pn.style
	sty := s.textStyle(pn.plot.TextHandler, s.FontSize-1, l.color, draw.XLeft, draw.YCenter)
	pt := dc.Center()
	if l.centred {
		sty.XAlign = draw.XCenter
	} else {
		trX, trY := pn.plot.Transforms(&dc)
		pt = vg.Point{X: trX(l.x), Y: trY(l.y)}
		if pt.X+labelGap+sty.Width(l.text) <= dc.Max.X {
			pt.X += labelGap
		} else {
			sty.XAlign = draw.XRight
			pt.X -= labelGap
		}
	}
	r := sty.Rectangle(l.text).Add(pt)
	shift := vg.Point{}
	switch {
	case r.Max.Y > dc.Max.Y:
		shift.Y = dc.Max.Y - r.Max.Y
	case r.Min.Y < dc.Min.Y:
		shift.Y = dc.Min.Y - r.Min.Y
	}
	switch {
	case r.Min.X < dc.Min.X:
		shift.X = dc.Min.X - r.Min.X
	case r.Max.X > dc.Max.X:
		shift.X = dc.Max.X - r.Max.X
	}
	pt, r = pt.Add(shift), r.Add(shift)
	bg := inflate(r, vg.Points(1.5))
	dc.SetColor(paperColor)
	dc.Fill(bg.Path())
	dc.FillText(sty, pt, l.text)
	return bg
}

// drawLegend draws the legend entries where they cover the fewest data
// segments, markers and labels: in a corner of dc, or else part way down its
// right or left edge. Ties go to the top right, then the top left, bottom
// right and bottom left.
func (pn *panel) drawLegend(dc draw.Canvas, taken []vg.Rectangle) {
	if len(pn.entries) == 0 {
		return
	}
	s := pn.style
	l := plot.NewLegend()
	l.TextStyle = s.textStyle(pn.plot.TextHandler, s.FontSize-1, inkColor, draw.XLeft, draw.YBottom)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(18)
	l.Padding = vg.Points(1)
	for _, e := range pn.entries {
		l.Add(e.text, e.thumbs...)
	}
	size := l.Rectangle(dc).Size()
	w, h := size.X+2*legendPad, size.Y+2*legendPad
	left, right := dc.Min.X+legendMargin, dc.Max.X-legendMargin-w
	bottom, top := dc.Min.Y+legendMargin, dc.Max.Y-legendMargin-h
	candidates := []vg.Point{{X: right, Y: top}, {X: left, Y: top}, {X: right, Y: bottom}, {X: left, Y: bottom}}
	for _, f := range []float64{0.25, 0.5, 0.75} {
		y := top + vg.Length(f)*(bottom-top)
		candidates = append(candidates, vg.Point{X: right, Y: y}, vg.Point{X: left, Y: y})
	}

	trX, trY := pn.plot.Transforms(&dc)
	var best vg.Rectangle
	bestScore := -1
	for _, c := range candidates {
		r := vg.Rectangle{Min: c, Max: vg.Point{X: c.X + w, Y: c.Y + h}}
		score := pn.crowding(r, trX, trY, taken)
		if bestScore < 0 || score < bestScore {
			best, bestScore = r, score
		}
	}
	dc.SetColor(paperColor)
	dc.Fill(best.Path())
	inner := draw.Canvas{Canvas: dc.Canvas, Rectangle: inflate(best, -legendPad)}
	l.Draw(inner)
}

// crowding counts the obstacle segments and points inside r; a label
// inside r counts as much as a whole curve.
func (pn *panel) crowding(r vg.Rectangle, trX, trY func(float64) vg.Length, taken []vg.Rectangle) int {
	n := 0
	for _, t := range taken {
		if overlaps(r, t) {
			n += 1 << 20
		}
	}
	for _, ob := range pn.obstacles {
		if len(ob) == 0 {
			continue
		}
		prev := vg.Point{X: trX(ob[0].X), Y: trY(ob[0].Y)}
		if len(ob) == 1 && contains(inflate(r, vg.Points(4)), prev) {
			n += 50 // a marker: hiding it hides a start or an end
		}
		for _, q := range ob[1:] {
			cur := vg.Point{X: trX(q.X), Y: trY(q.Y)}
			if segmentHits(prev, cur, r) {
				n++
			}
			prev = cur
		}
	}
	for _, q := range pn.highlights {
		if contains(inflate(r, vg.Points(4)), vg.Point{X: trX(q.X), Y: trY(q.Y)}) {
			n += 1000
		}
	}
	return n
}

// inflate grows r by d on every side (shrinks it if d < 0).
func inflate(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{
		Min: vg.Point{X: r.Min.X - d, Y: r.Min.Y - d},
		Max: vg.Point{X: r.Max.X + d, Y: r.Max.Y + d},
	}
}

// contains reports whether p is in r.
func contains(r vg.Rectangle, p vg.Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// overlaps reports whether a and b intersect.
func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// segmentHits reports whether the segment from p to q meets r
// (Liang–Barsky clipping).
func segmentHits(p, q vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(q.X-p.X), float64(q.Y-p.Y)
	clip := func(den, num float64) bool { // den·t ≤ num
		switch {
		case den == 0:
			return num >= 0
		case den > 0:
			if t := num / den; t < t1 {
				t1 = t
			}
		default:
			if t := num / den; t > t0 {
				t0 = t
			}
		}
		return t0 <= t1
	}
	return clip(-dx, float64(p.X-r.Min.X)) && clip(dx, float64(r.Max.X-p.X)) &&
		clip(-dy, float64(p.Y-r.Min.Y)) && clip(dy, float64(r.Max.Y-p.Y))
}
