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
