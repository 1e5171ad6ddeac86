package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GridPlot arranges figures as small multiples, row by row, in one image.
// The data areas of a row share their height and those of a column their
// width, so the plots line up.
//
// A GridPlot holds only options. Figure does not modify it or its arguments,
// so it may be used from several goroutines at once, as long as none of them
// renders the figures passed while a Figure call reads them (see Figure
// for rendering the grid itself).
type GridPlot struct {
	// Title is drawn above the grid; "" for none.
	Title string

	// Cols is the number of columns.
	// If Cols is 0, it will be defaulted to the number of figures, at most 3.
	Cols int

	// ShareX and ShareY give every plot the same x or y range, the union of
	// their ranges, so that the plots compare at a glance. Shared axes must
	// be all linear or all logarithmic.
	ShareX, ShareY bool

	// Style sets the font of the title; the zero Style is the package
	// default.
	Style Style
}

// Size of one cell of a grid, for the grid's default size.
const (
	cellWidth  = 3.2 * vg.Inch
	cellHeight = 2.4 * vg.Inch
)

// Figure arranges the figures. A nil figure leaves its cell empty; a figure
// that is itself a grid cannot be placed. The figures are drawn as they are
// when the grid is rendered; sharing axes does not change them.
func (gp GridPlot) Figure(figs ...*Figure) (*Figure, error) {
	if err := gp.Style.check(); err != nil {
		return nil, err
	}
	if len(figs) == 0 {
		return nil, fmt.Errorf("plotting: GridPlot needs at least one figure: %w", ErrNoData)
	}
	cols := gp.Cols
	if cols == 0 {
		cols = min(len(figs), 3)
	}
	if cols < 1 || cols > len(figs) {
		return nil, fmt.Errorf("plotting: GridPlot with %d columns for %d figures, want 1 to %d", cols, len(figs), len(figs))
	}
	g := &gridDrawer{
		title: gp.Title,
		style: gp.Style.withDefaults(),
		cols:  cols,
		rows:  (len(figs) + cols - 1) / cols,
	}
	for i, f := range figs {
		if f == nil {
			g.panels = append(g.panels, nil)
			continue
		}
		pn, ok := f.drawer.(*panel)
		if !ok {
			return nil, fmt.Errorf("plotting: GridPlot figure %d is not a single plot; grids do not nest", i)
		}
		g.panels = append(g.panels, pn)
	}
	var err error
	if gp.ShareX {
		if g.x, err = sharedRange(g.panels, func(p *plot.Plot) *plot.Axis { return &p.X }); err != nil {
			return nil, err
		}
	}
	if gp.ShareY {
		if g.y, err = sharedRange(g.panels, func(p *plot.Plot) *plot.Axis { return &p.Y }); err != nil {
			return nil, err
		}
	}
	w, h := vg.Length(cols)*cellWidth, vg.Length(g.rows)*cellHeight
	if gp.Title != "" {
		h += vg.Points(24)
	}
	return &Figure{Width: w, Height: h, drawer: g}, nil
}

// axisRange is a shared axis range; set is false when the axis is not
// shared.
type axisRange struct {
	set      bool
	min, max float64
}

// sharedRange returns the union of the ranges of the chosen axis of the
// panels, which must all be linear or all logarithmic.
func sharedRange(panels []*panel, axis func(*plot.Plot) *plot.Axis) (axisRange, error) {
	r := axisRange{set: true, min: math.Inf(1), max: math.Inf(-1)}
	logs := -1 // unknown yet; then 0 or 1
	for i, pn := range panels {
		if pn == nil {
			continue
		}
		a := axis(pn.plot)
		_, isLog := a.Scale.(plot.LogScale)
		l := 0
		if isLog {
			l = 1
		}
		if logs >= 0 && l != logs {
			return r, fmt.Errorf("plotting: GridPlot cannot share an axis between linear and logarithmic scales (figure %d differs)", i)
		}
		logs = l
		r.min, r.max = math.Min(r.min, a.Min), math.Max(r.max, a.Max)
	}
	return r, nil
}

// gridDrawer draws panels as aligned small multiples.
type gridDrawer struct {
	title      string
	style      Style
	cols, rows int
	panels     []*panel // row-major, nil for empty cells
	x, y       axisRange
}

// draw implements drawer.
func (g *gridDrawer) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if g.title != "" {
		s := g.style
		sty := s.textStyle(plot.DefaultTextHandler, s.FontSize+2, inkColor, draw.XCenter, draw.YTop)
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, g.title)
		c = draw.Crop(c, 0, 0, 0, -sty.Height(g.title)-vg.Points(8))
	}
	plots := make([][]*plot.Plot, g.rows)
	for j := range plots {
		plots[j] = make([]*plot.Plot, g.cols)
		for i := range plots[j] {
			if k := j*g.cols + i; k < len(g.panels) && g.panels[k] != nil {
				plots[j][i] = g.panels[k].plot
			}
		}
	}
	restore := g.share()
	defer restore()
	tiles := draw.Tiles{Rows: g.rows, Cols: g.cols, PadX: vg.Points(6), PadY: vg.Points(6)}
	canvases := plot.Align(plots, tiles, c)
	notesH := make([]vg.Length, g.rows) // the tallest notes of each row
	for k, pn := range g.panels {
		if pn != nil {
			notesH[k/g.cols] = max(notesH[k/g.cols], pn.notesHeight())
		}
	}
	for k, pn := range g.panels {
		if pn != nil {
			pn.drawAbove(canvases[k/g.cols][k%g.cols], notesH[k/g.cols])
		}
	}
}

// share sets the shared ranges on the panels and returns a function that
// puts the panels' own ranges back.
func (g *gridDrawer) share() (restore func()) {
	type saved struct{ x, y [2]float64 }
	old := make([]saved, len(g.panels))
	for k, pn := range g.panels {
		if pn == nil {
			continue
		}
		p := pn.plot
		old[k] = saved{x: [2]float64{p.X.Min, p.X.Max}, y: [2]float64{p.Y.Min, p.Y.Max}}
		if g.x.set {
			p.X.Min, p.X.Max = g.x.min, g.x.max
		}
		if g.y.set {
			p.Y.Min, p.Y.Max = g.y.min, g.y.max
		}
	}
	return func() {
		for k, pn := range g.panels {
			if pn != nil {
				pn.plot.X.Min, pn.plot.X.Max = old[k].x[0], old[k].x[1]
				pn.plot.Y.Min, pn.plot.Y.Max = old[k].y[0], old[k].y[1]
			}
		}
	}
}
