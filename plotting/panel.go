package plotting

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// panel is one gonum/plot plot plus what gonum/plot does not place by
// itself: a legend put where it covers no data (see drawAbove), text
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
	// data coordinates (a single point is a marker); pathObstacles are
	// paths in the plane, thinned as paths are.
	obstacles, pathObstacles []plotter.XYs

	// highlights are points the legend must cover even less, such as ringed
	// points: one counts as much as twenty markers.
	highlights plotter.XYs

	// equalAspect makes one unit on x as long as one unit on y.
	equalAspect bool

	// colorBar, if not nil, is drawn right of the axes.
	colorBar *colorBar

	// placed is where the last drawing put the legend, for tests.
	placed placedLegend
}

// placedLegend is where a legend was drawn: its side, its rectangle with
// the background, and the data canvas of the plot beside it.
type placedLegend struct {
	side int
	rect vg.Rectangle
	data draw.Canvas
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
//
// The legend goes inside the data area where it covers no data (see
// placeLegend); when no such place exists it goes outside the axes, on the
// right or below, whichever leaves the data area's shorter side the longer,
// where it takes at most maxLegendShare of the panel's width or height. A
// legend too large for either stays inside, where it covers the least.
func (pn *panel) drawAbove(c draw.Canvas, notesH vg.Length) {
	c = draw.Crop(c, framePad, -framePad-vg.Points(6), framePad, -framePad)
	pn.drawNotes(c)
	c = draw.Crop(c, 0, 0, notesH, 0)
	if pn.colorBar != nil {
		c = draw.Crop(c, 0, -pn.colorBar.width(pn), 0, 0)
	}
	lg := pn.legend(len(pn.entries))
	side := legendInside
	var obs deviceObstacles // of the data canvas before the legend moves out
	var lw, lh vg.Length
	if lg != nil {
		dc := pn.plot.DataCanvas(c)
		if pn.equalAspect {
			dc = pn.plot.DataCanvas(pn.cropToAspect(c))
		}
		lw, lh = legendSize(lg, dc)
		if room := c.Max.Y - c.Min.Y; lh > room {
			// Too many entries to show: as many as fit, then a line
			// counting the others.
			line := (lh - 2*legendPad) / vg.Length(len(pn.entries))
			lg = pn.legend(max(0, int((room-2*legendPad)/line)-1))
			lw, lh = legendSize(lg, dc)
		}
		// Outside, the legend may take at most maxLegendShare of the panel
		// and must leave a data area.
		cw, ch := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
		fitsRight := lw+legendGap <= maxLegendShare*cw && pn.dataSide(draw.Crop(c, 0, -(lw+legendGap), 0, 0)) > 0
		fitsBelow := lh+legendGap <= maxLegendShare*ch && pn.dataSide(draw.Crop(c, 0, 0, lh+legendGap, 0)) > 0
		obs = pn.deviceObstacles(dc)
		if _, free := pn.placeLegend(dc, obs, lw, lh, pn.labelRects(dc)); !free && (fitsRight || fitsBelow) {
			// The title stays centred over the whole panel.
			if t := pn.plot.Title; t.Text != "" {
				descent := t.TextStyle.FontExtents().Descent
				c.FillText(t.TextStyle, vg.Point{X: c.Center().X, Y: c.Max.Y + descent}, t.Text)
				c.Max.Y -= t.TextStyle.Rectangle(t.Text).Size().Y + t.Padding
				pn.plot.Title.Text = ""
				defer func() { pn.plot.Title.Text = t.Text }()
			}
			// The side that leaves the data area the longer short side.
			right := draw.Crop(c, 0, -(lw + legendGap), 0, 0)
			below := draw.Crop(c, 0, 0, lh+legendGap, 0)
			if fitsRight && (!fitsBelow || pn.dataSide(right) >= pn.dataSide(below)) {
				side, c = legendRight, right
			} else {
				side, c = legendBelow, below
			}
		}
	}
	if pn.equalAspect {
		c = pn.cropToAspect(c)
	}
	pn.plot.Draw(c)
	dc := pn.plot.DataCanvas(c)
	taken := pn.labelRects(dc)
	for i, l := range pn.labels {
		pn.drawLabel(dc, l, taken[i])
	}
	if lg == nil {
		if pn.colorBar != nil {
			pn.colorBar.draw(pn, dc, dc.Max.X+colorBarGap)
		}
		return
	}
	var r vg.Rectangle
	switch side {
	case legendInside:
		r, _ = pn.placeLegend(dc, obs, lw, lh, taken) // dc is the one obs was made for
	case legendRight:
		r.Min = vg.Point{X: dc.Max.X + legendGap, Y: dc.Max.Y - lh}
	case legendBelow:
		r.Min = vg.Point{X: dc.Min.X, Y: c.Min.Y - legendGap - lh}
	}
	r.Max = vg.Point{X: r.Min.X + lw, Y: r.Min.Y + lh}
	pn.placed = placedLegend{side: side, rect: r, data: dc}
	dc.SetColor(paperColor)
	dc.Fill(r.Path())
	lg.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: inflate(r, -legendPad)})
	if pn.colorBar != nil {
		x := dc.Max.X
		if side == legendRight {
			x = r.Max.X
		}
		pn.colorBar.draw(pn, dc, x+colorBarGap)
	}
}

// dataSide returns the shorter side of the data canvas of the panel drawn
// on c: the measure of how readable the data area is.
func (pn *panel) dataSide(c draw.Canvas) vg.Length {
	if pn.equalAspect {
		c = pn.cropToAspect(c)
	}
	dc := pn.plot.DataCanvas(c)
	return max(0, min(dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y))
}

// Where a legend goes.
const (
	legendInside = iota // in the data area, over no data
	legendRight         // right of the axes
	legendBelow         // below the axes
)

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
	legendGap    = vg.Points(6) // between the axes and a legend outside
	legendPad    = vg.Points(3) // inside the legend's background
	labelGap     = vg.Points(6) // between a point and its label
)

// maxLegendShare is the largest share of a panel's width a legend outside
// the axes may take on their right, and of its height below them, unless
// it cannot go right.
const maxLegendShare = 0.5

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

// labelRects returns the areas the labels cover on dc, in order.
func (pn *panel) labelRects(dc draw.Canvas) []vg.Rectangle {
	rs := make([]vg.Rectangle, len(pn.labels))
	for i, l := range pn.labels {
		_, _, rs[i] = pn.placeLabel(dc, l)
	}
	return rs
}

// placeLabel returns where l goes inside dc, beside its point and flipped
// or shifted to stay inside: the text's anchor and style, and the area of
// its light background.
func (pn *panel) placeLabel(dc draw.Canvas, l label) (vg.Point, text.Style, vg.Rectangle) {
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
	return pt, sty, inflate(r, vg.Points(1.5))
}

// drawLabel draws l on its light background bg, as placeLabel placed it.
func (pn *panel) drawLabel(dc draw.Canvas, l label, bg vg.Rectangle) {
	pt, sty, _ := pn.placeLabel(dc, l)
	dc.SetColor(paperColor)
	dc.Fill(bg.Path())
	dc.FillText(sty, pt, l.text)
}

// legend returns the legend of the first n entries, followed by a line
// counting the others if there are more, or nil if there are no entries.
func (pn *panel) legend(n int) *plot.Legend {
	if len(pn.entries) == 0 {
		return nil
	}
	s := pn.style
	l := plot.NewLegend()
	l.TextStyle = s.textStyle(pn.plot.TextHandler, s.FontSize-1, inkColor, draw.XLeft, draw.YBottom)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(18)
	l.Padding = vg.Points(1)
	for _, e := range pn.entries[:min(n, len(pn.entries))] {
		l.Add(e.text, e.thumbs...)
	}
	if more := len(pn.entries) - n; more > 0 {
		l.Add(fmt.Sprintf("… and %d more", more))
	}
	return &l
}

// legendSize returns the size of the legend with its background.
func legendSize(l *plot.Legend, c draw.Canvas) (w, h vg.Length) {
	size := l.Rectangle(c).Size()
	return size.X + 2*legendPad, size.Y + 2*legendPad
}

// placeLegend returns where a legend of w × h with its background goes in
// dc, whose obstacles are obs: in a corner, or else part way down the right or left edge, where it
// covers the fewest data segments, markers and labels; ties go to the top
// right, then the top left, bottom right and bottom left. free reports
// whether that place covers nothing (data lines count to within half a line
// width of the legend's edge).
func (pn *panel) placeLegend(dc draw.Canvas, obs deviceObstacles, w, h vg.Length, taken []vg.Rectangle) (best vg.Rectangle, free bool) {
	left, right := dc.Min.X+legendMargin, dc.Max.X-legendMargin-w
	bottom, top := dc.Min.Y+legendMargin, dc.Max.Y-legendMargin-h
	candidates := []vg.Point{{X: right, Y: top}, {X: left, Y: top}, {X: right, Y: bottom}, {X: left, Y: bottom}}
	for _, f := range []float64{0.25, 0.5, 0.75} {
		y := top + vg.Length(f)*(bottom-top)
		candidates = append(candidates, vg.Point{X: right, Y: y}, vg.Point{X: left, Y: y})
	}
	if w+2*legendMargin > dc.Max.X-dc.Min.X || h+2*legendMargin > dc.Max.Y-dc.Min.Y {
		return vg.Rectangle{Min: candidates[0], Max: candidates[0].Add(vg.Point{X: w, Y: h})}, false // it does not fit
	}
	bestScore := -1
	for _, c := range candidates {
		r := vg.Rectangle{Min: c, Max: vg.Point{X: c.X + w, Y: c.Y + h}}
		score := obs.crowding(inflate(r, pn.style.LineWidth/2), taken)
		if bestScore < 0 || score < bestScore {
			best, bestScore = r, score
		}
	}
	return best, bestScore == 0
}

// deviceObstacles are a panel's obstacles in the coordinates of its data
// canvas, with no more points than the pixels show.
type deviceObstacles struct {
	lines      [][]vg.Point
	markers    []vg.Point
	highlights []vg.Point
}

// deviceObstacles returns the obstacles of the panel drawn on dc, thinned
// as their lines are drawn, so that a legend is placed as fast for a
// million points as for a thousand.
func (pn *panel) deviceObstacles(dc draw.Canvas) deviceObstacles {
	trX, trY := pn.plot.Transforms(&dc)
	px := pixelSize(dc.Canvas)
	var d deviceObstacles
	add := func(ob plotter.XYs, path bool) {
		at := func(i int) vg.Point { return vg.Point{X: trX(ob[i].X), Y: trY(ob[i].Y)} }
		switch {
		case len(ob) == 0:
		case len(ob) == 1:
			d.markers = append(d.markers, at(0))
		default:
			var keep []int
			if path {
				keep = pathPoints(len(ob), at, pathTolerance*px)
			} else {
				keep = columnPoints(len(ob), at, px)
			}
			line := make([]vg.Point, len(keep))
			for k, i := range keep {
				line[k] = at(i)
			}
			d.lines = append(d.lines, line)
		}
	}
	for _, ob := range pn.obstacles {
		add(ob, false)
	}
	for _, ob := range pn.pathObstacles {
		add(ob, true)
	}
	for _, q := range pn.highlights {
		d.highlights = append(d.highlights, vg.Point{X: trX(q.X), Y: trY(q.Y)})
	}
	return d
}

// crowding counts the obstacle segments and points inside r; a label
// inside r counts as much as a whole curve.
func (d deviceObstacles) crowding(r vg.Rectangle, taken []vg.Rectangle) int {
	n := 0
	for _, t := range taken {
		if overlaps(r, t) {
			n += 1 << 20
		}
	}
	near := inflate(r, vg.Points(4))
	for _, m := range d.markers {
		if contains(near, m) {
			n += 50 // a marker: hiding it hides a start or an end
		}
	}
	for _, line := range d.lines {
		for i := 1; i < len(line); i++ {
			if segmentHits(line[i-1], line[i], r) {
				n++
			}
		}
	}
	for _, q := range d.highlights {
		if contains(near, q) {
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
