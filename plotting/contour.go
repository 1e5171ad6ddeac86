package plotting

import (
	"cmp"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// orderedContour draws a gonum/plot contour with its paths in a fixed
// order. plotter.Contour collects the paths of a level in a map, so their
// order changes from run to run: harmless in a PNG, where strokes of one
// style commute, but it makes SVG output differ between runs.
type orderedContour struct {
	contour *plotter.Contour
}

// Plot implements plot.Plotter.
func (o orderedContour) Plot(c draw.Canvas, p *plot.Plot) {
	s := &strokeSorter{Canvas: c.Canvas}
	c.Canvas = s
	o.contour.Plot(c, p)
	s.flush()
}

// strokeSorter is a vg.Canvas that holds back strokes and draws them when
// flushed: runs of strokes of one style in their order, the strokes within a
// run sorted by their coordinates.
type strokeSorter struct {
	vg.Canvas // receives everything but strokes and their style

	width   vg.Length
	dashes  []vg.Length
	offset  vg.Length
	color   color.Color
	strokes []heldStroke
}

// heldStroke is a stroke with its style and the index of its style run.
type heldStroke struct {
	run    int
	width  vg.Length
	dashes []vg.Length
	offset vg.Length
	color  color.Color
	path   vg.Path
}

// SetLineWidth implements vg.Canvas.
func (s *strokeSorter) SetLineWidth(w vg.Length) { s.width = w }

// SetLineDash implements vg.Canvas.
func (s *strokeSorter) SetLineDash(d []vg.Length, offset vg.Length) { s.dashes, s.offset = d, offset }

// SetColor implements vg.Canvas.
func (s *strokeSorter) SetColor(c color.Color) { s.color = c }

// Stroke implements vg.Canvas.
func (s *strokeSorter) Stroke(p vg.Path) {
	h := heldStroke{width: s.width, dashes: s.dashes, offset: s.offset, color: s.color, path: slices.Clone(p)}
	if n := len(s.strokes); n > 0 {
		prev := s.strokes[n-1]
		h.run = prev.run
		if !sameStyle(prev, h) {
			h.run++
		}
	}
	s.strokes = append(s.strokes, h)
}

// sameStyle reports whether a and b are drawn alike.
func sameStyle(a, b heldStroke) bool {
	return a.width == b.width && a.offset == b.offset && slices.Equal(a.dashes, b.dashes) && a.color == b.color
}

// flush draws the held strokes.
func (s *strokeSorter) flush() {
	slices.SortStableFunc(s.strokes, func(a, b heldStroke) int {
		if c := cmp.Compare(a.run, b.run); c != 0 {
			return c
		}
		return comparePaths(a.path, b.path)
	})
	for _, h := range s.strokes {
		s.Canvas.SetLineWidth(h.width)
		s.Canvas.SetLineDash(h.dashes, h.offset)
		s.Canvas.SetColor(h.color)
		s.Canvas.Stroke(h.path)
	}
	s.strokes = nil
}

// comparePaths orders paths by their components' coordinates.
func comparePaths(a, b vg.Path) int {
	for i := range min(len(a), len(b)) {
		p, q := a[i], b[i]
		if c := cmp.Compare(p.Type, q.Type); c != 0 {
			return c
		}
		if c := cmp.Compare(p.Pos.X, q.Pos.X); c != 0 {
			return c
		}
		if c := cmp.Compare(p.Pos.Y, q.Pos.Y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}
