package plotting

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The markers of the package: gonum/plot's outline glyphs are stroked
// 0.5 points wide, too thin to find a trajectory's start at a glance.

// crossGlyph draws a bold ×, the mark of a divergence.
type crossGlyph struct{ width vg.Length }

// DrawGlyph implements draw.GlyphDrawer.
func (g crossGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.width})
	r := sty.Radius * math.Sqrt2 / 2
	var p vg.Path
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y + r})
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y - r})
	c.Stroke(p)
}

// ringGlyph draws a white disc with a bold outline, the mark of a start.
type ringGlyph struct{ width vg.Length }

// DrawGlyph implements draw.GlyphDrawer.
func (g ringGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.SetColor(color.White)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.width})
	c.Stroke(p)
}

// starGlyph draws a five-pointed star, the mark of a known minimum.
type starGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	for i := range 10 {
		r := sty.Radius
		if i%2 == 1 {
			r *= 0.45
		}
		a := math.Pi/2 + float64(i)*math.Pi/5
		q := vg.Point{X: pt.X + r*vg.Length(math.Cos(a)), Y: pt.Y + r*vg.Length(math.Sin(a))}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	c.Fill(p)
}

// marker returns a scatter of one glyph at (x, y).
func marker(x, y float64, shape draw.GlyphDrawer, c color.Color, radius vg.Length) *plotter.Scatter {
	return &plotter.Scatter{
		XYs:        plotter.XYs{{X: x, Y: y}},
		GlyphStyle: draw.GlyphStyle{Color: c, Radius: radius, Shape: shape},
	}
}

// drawOnly hides all but the Plot method of a plotter. Lines, contours and
// heat maps offer gonum/plot a glyph box per point or grid cell, which the
// plot gathers several times per drawing to pad the axes: the main cost of
// drawing a long curve or a fine grid. The axes' padding leaves the room of
// half a line width anyway, and this package sets axis ranges itself.
type drawOnly struct{ p plot.Plotter }

// Plot implements plot.Plotter.
func (d drawOnly) Plot(c draw.Canvas, p *plot.Plot) { d.p.Plot(c, p) }

// The shapes of point groups, in the order groups use them.
const (
	circleShape = iota
	squareShape
	triangleShape
	diamondShape
	numShapes
)

// pointGlyph draws a filled circle, square, triangle or diamond with a thin
// white edge, which keeps overlapping points apart. The shapes have the
// area of a disc of the style's radius, so no group looks heavier.
type pointGlyph struct{ shape int }

// Edge of the points of a scatter.
var pointEdge = vg.Points(0.4)

// DrawGlyph implements draw.GlyphDrawer.
func (g pointGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var p vg.Path
	polygon := func(n int, radius vg.Length, phase float64) {
		for i := range n {
			a := phase + 2*math.Pi*float64(i)/float64(n)
			q := vg.Point{X: pt.X + radius*vg.Length(math.Cos(a)), Y: pt.Y + radius*vg.Length(math.Sin(a))}
			if i == 0 {
				p.Move(q)
			} else {
				p.Line(q)
			}
		}
	}
	switch g.shape % numShapes {
	case circleShape:
		p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		p.Arc(pt, r, 0, 2*math.Pi)
	case squareShape: // side √π·r
		polygon(4, r*vg.Length(math.Sqrt(math.Pi/2)), math.Pi/4)
	case triangleShape: // circumradius √(4π/(3√3))·r, pointing up
		polygon(3, r*vg.Length(math.Sqrt(4*math.Pi/(3*math.Sqrt(3)))), math.Pi/2)
	case diamondShape: // half-diagonal √(π/2)·r
		polygon(4, r*vg.Length(math.Sqrt(math.Pi/2)), 0)
	}
	p.Close()
	c.SetColor(sty.Color)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: color.White, Width: pointEdge})
	c.Stroke(p)
}

// circleGlyph draws the outline of a circle, the ring around a highlighted
// point.
type circleGlyph struct{ width vg.Length }

// DrawGlyph implements draw.GlyphDrawer.
func (g circleGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.width})
	c.Stroke(p)
}
