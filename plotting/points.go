package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Points is a named group of points drawn as a scatter over a LandscapePlot
// or a ClassMapPlot, such as the points of one class of a data set. Each
// group has its own colour and shape (circle, square, triangle, diamond, in
// turn) and a legend entry. Ringed points, such as those a model
// misclassifies, get a dark ring around them.
//
// A Points is a plain value over slices it does not own; this package only reads it, so it may be
// shared between goroutines that do not modify it.
type Points struct {
	// Name labels the group in the legend; "" for none.
	Name string

	// X and Y are the coordinates: equally many, and finite.
	X, Y []float64

	// Ringed lists the indices of the points to ring, in any order.
	Ringed []int
}

// MaxClass is the largest class label PointsByClass accepts. It makes a
// group for every class up to the largest label, so a label of 10⁹ would
// ask for a billion groups; no figure can show more than a few dozen.
const MaxClass = 1023

// PointsByClass groups the points (x[i], y[i]) by their labels, for a
// ClassMapPlot: group k holds the points labelled k and is named "class k".
// There are max(labels)+1 groups, so that group k gets the colour of class
// k even when a class has no point. Labels must be in [0, MaxClass].
func PointsByClass(x, y []float64, labels []int) ([]Points, error) {
	if len(x) != len(y) || len(x) != len(labels) {
		return nil, fmt.Errorf("plotting: PointsByClass: %d x, %d y and %d labels; they must be equally many", len(x), len(y), len(labels))
	}
	if len(labels) == 0 {
		return nil, fmt.Errorf("plotting: PointsByClass: no points: %w", ErrNoData)
	}
	n := 0
	for i, l := range labels {
		if l < 0 || l > MaxClass {
			return nil, fmt.Errorf("plotting: PointsByClass: label %d is %d, want a class from 0 to %d", i, l, MaxClass)
		}
		n = max(n, l+1)
	}
	groups := make([]Points, n)
	for k := range groups {
		groups[k].Name = fmt.Sprintf("class %d", k)
	}
	for i, l := range labels {
		groups[l].X = append(groups[l].X, x[i])
		groups[l].Y = append(groups[l].Y, y[i])
	}
	return groups, nil
}

// checkPoints reports a group whose coordinates do not pair up or are not
// finite, or whose rings point past its points.
func checkPoints(groups []Points) error {
	for g, pts := range groups {
		if len(pts.X) != len(pts.Y) {
			return fmt.Errorf("plotting: points %q have %d x and %d y coordinates; they must be equally many", pts.Name, len(pts.X), len(pts.Y))
		}
		for i := range pts.X {
			if nonFinite(pts.X[i], pts.Y[i]) != 0 {
				return fmt.Errorf("plotting: points %q: point %d is (%v, %v), want finite coordinates", pts.Name, i, pts.X[i], pts.Y[i])
			}
		}
		for _, i := range pts.Ringed {
			if i < 0 || i >= len(pts.X) {
				return fmt.Errorf("plotting: points %q (group %d): ringed index %d, want 0 to %d", pts.Name, g, i, len(pts.X)-1)
			}
		}
	}
	return nil
}

// pointSets returns the points of the groups as plotter.XYs, for fitting a
// box.
func pointSets(groups []Points) []plotter.XYs {
	sets := make([]plotter.XYs, len(groups))
	for g, pts := range groups {
		sets[g] = make(plotter.XYs, len(pts.X))
		for i := range pts.X {
			sets[g][i] = plotter.XY{X: pts.X[i], Y: pts.Y[i]}
		}
	}
	return sets
}

// Sizes of the scatter marks.
var (
	pointRadius = vg.Points(2)   // a point: the radius of a disc of its area
	ringRadius  = vg.Points(4)   // the ring around a highlighted point
	ringWidth   = vg.Points(0.9) // its line
)

// scatterSpec says how to draw point groups.
type scatterSpec struct {
	// firstColor is the index in the palette of the first group's colour.
	firstColor int
	// swatch, if not nil, gives the background of group g's legend
	// thumbnail: the tint of its class's region.
	swatch func(g int) color.Color
	// ringLabel names the ringed points in the legend.
	ringLabel string
}

// addPoints draws the point groups that fall in box, with their legend
// entries, then a ring around each ringed point and a legend entry counting
// them, and notes the points outside the box.
func addPoints(pn *panel, groups []Points, box Box, spec scatterSpec) {
	p, st := pn.plot, pn.style
	var rings plotter.XYs
	ringed, outside := 0, 0
	for g, pts := range groups {
		sty := draw.GlyphStyle{Color: st.Color(spec.firstColor + g), Radius: pointRadius, Shape: pointGlyph{shape: g}}
		in := make(plotter.XYs, 0, len(pts.X))
		for i := range pts.X {
			if q := (plotter.XY{X: pts.X[i], Y: pts.Y[i]}); box.contains(q.X, q.Y) {
				in = append(in, q)
				pn.obstacles = append(pn.obstacles, plotter.XYs{q})
			} else {
				outside++
			}
		}
		s := &plotter.Scatter{XYs: in, GlyphStyle: sty}
		p.Add(drawOnly{s})
		if pts.Name != "" {
			var thumb plot.Thumbnailer = s
			if spec.swatch != nil {
				thumb = swatchThumb{fill: spec.swatch(g), glyph: sty}
			}
			pn.addEntry(pts.Name, thumb)
		}
		seen := make(map[int]bool, len(pts.Ringed))
		for _, i := range pts.Ringed {
			if seen[i] {
				continue
			}
			seen[i] = true
			ringed++
			if box.contains(pts.X[i], pts.Y[i]) {
				rings = append(rings, plotter.XY{X: pts.X[i], Y: pts.Y[i]})
			}
		}
	}
	if ringed > 0 {
		s := &plotter.Scatter{XYs: rings, GlyphStyle: draw.GlyphStyle{Color: inkColor, Radius: ringRadius, Shape: circleGlyph{width: ringWidth}}}
		p.Add(drawOnly{s})
		pn.highlights = append(pn.highlights, rings...)
		pn.addEntry(fmt.Sprintf("%s (%d)", spec.ringLabel, ringed), s)
	}
	if outside > 0 {
		pn.notes = append(pn.notes, fmt.Sprintf("%d %s outside the box not shown", outside, plural(outside, "point", "points")))
	}
}

// swatchThumb is a legend thumbnail: a patch of a region's colour with the
// glyph of its points in the middle.
type swatchThumb struct {
	fill  color.Color
	glyph draw.GlyphStyle
}

// Thumbnail implements plot.Thumbnailer.
func (s swatchThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	h := r.Max.Y - r.Min.Y
	mid := vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
	w := vg.Length(math.Min(float64(r.Max.X-r.Min.X), float64(1.6*h)))
	patch := vg.Rectangle{Min: vg.Point{X: mid.X - w/2, Y: r.Min.Y}, Max: vg.Point{X: mid.X + w/2, Y: r.Max.Y}}
	c.SetColor(s.fill)
	c.Fill(patch.Path())
	c.DrawGlyphNoClip(s.glyph, mid)
}
