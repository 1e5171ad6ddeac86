package plotting

import (
	"fmt"
	"image"
	"image/color"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ClassMapPlot paints the class a classifier predicts at each point of a
// box, such as the decision regions of a network trained on points in the
// plane, with groups of points on top. Class k is painted in a light tint
// of the style's k-th colour and point group k is drawn in that colour at
// full strength, so the points of a data set grouped by class (see
// PointsByClass) stand out in the colours of their regions. The boundaries
// between classes are drawn as dark lines, placed by bisection between
// samples of different classes so that they follow the classifier closely
// rather than the sampling grid.
//
// A ClassMapPlot holds only options. Figure does not modify it or its arguments,
// so it may be used from several goroutines at once, as long as none of them
// modifies the data passed while a Figure call reads it.
type ClassMapPlot struct {
	// Title is drawn above the plot; "" for none.
	Title string

	// XLabel and YLabel name the axes.
	// If they are "", they will be defaulted to "x" and "y".
	XLabel, YLabel string

	// Box is the region painted. If Box is the zero Box, it will be
	// defaulted to the bounding box of the points, widened by 10% on each
	// side.
	Box Box

	// Resolution is the number of samples of the classifier along each side.
	// If Resolution is 0, it will be defaulted to 200. At most 1000.
	Resolution int

	// EqualAspect draws one unit of x as long as one unit of y.
	EqualAspect bool

	// RingMisclassified rings each point of group k where the classifier
	// predicts another class than k.
	RingMisclassified bool

	// RingLabel names the ringed points in the legend, where it is followed
	// by their count. If RingLabel is "", it will be defaulted to
	// "misclassified" when RingMisclassified is set, and to "ringed"
	// otherwise.
	RingLabel string

	// Style sets colours, line widths and fonts; the zero Style is the
	// package default. Its palette colours the classes, wrapping around
	// after its last colour.
	Style Style
}

// Region tints, boundary lines, and the precision of the boundaries.
var (
	// regionTint is the share of a class's colour in its region's tint,
	// the rest being white.
	regionTint = 0.3

	boundaryStyle = draw.LineStyle{Color: color.Gray{Y: 0x30}, Width: vg.Points(1)}
)

// boundaryBisections is the number of bisection steps that place a boundary
// between two samples: to 1/64 of their distance.
const boundaryBisections = 6

// Figure paints the classes classify predicts over the box and draws the
// point groups on top. classify must return classes ≥ 0. It may be nil to
// draw the points alone, coloured by class, as a data set looks before any
// model has been trained.
func (cp ClassMapPlot) Figure(classify func(x, y float64) int, points ...Points) (*Figure, error) {
	if err := cp.Style.check(); err != nil {
		return nil, err
	}
	res := cp.Resolution
	if res == 0 {
		res = defaultResolution
	}
	if res < 2 || res > maxResolution {
		return nil, fmt.Errorf("plotting: ClassMapPlot resolution %d, want 2 to %d", res, maxResolution)
	}
	if err := checkPoints(points); err != nil {
		return nil, err
	}
	if classify == nil {
		if cp.RingMisclassified {
			return nil, fmt.Errorf("plotting: ClassMapPlot: RingMisclassified needs a classifier, got nil")
		}
		if len(points) == 0 {
			return nil, fmt.Errorf("plotting: ClassMapPlot needs a classifier or points: %w", ErrNoData)
		}
	}
	box := cp.Box
	if box == (Box{}) {
		var err error
		if box, err = fitBox(pointSets(points)); err != nil {
			return nil, fmt.Errorf("plotting: ClassMapPlot has no Box and no point to fit one to: %w", err)
		}
	}
	if !box.valid() {
		return nil, fmt.Errorf("plotting: ClassMapPlot box %+v, want finite bounds with XMin < XMax and YMin < YMax, sides of at least %g and %g of the bounds' magnitude, and no side longer than the largest float64", box, minSide, relSide)
	}

	pn := newPanel(cp.Style, cp.Title, orDefault(cp.XLabel, "x"), orDefault(cp.YLabel, "y"))
	p, st := pn.plot, pn.style
	p.X.Padding, p.Y.Padding = 0, 0
	spec := scatterSpec{ringLabel: orDefault(cp.RingLabel, "ringed")}
	if classify != nil {
		g, err := sampleClasses(classify, box, res)
		if err != nil {
			return nil, err
		}
		tint := func(k int) color.Color { return tinted(st.Color(k), regionTint) }
		p.Add(drawOnly{plotter.NewImage(g.image(tint), box.XMin, box.YMin, box.XMax, box.YMax)})
		lines, err := g.boundaries()
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			p.Add(drawOnly{&plotter.Line{XYs: l, LineStyle: boundaryStyle}})
		}
		spec.swatch = tint
		if cp.RingMisclassified {
			if points, err = ringMisclassified(classify, points); err != nil {
				return nil, err
			}
			spec.ringLabel = orDefault(cp.RingLabel, "misclassified")
		}
	}
	addPoints(pn, points, box, spec)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = box.XMin, box.XMax, box.YMin, box.YMax
	pn.equalAspect = cp.EqualAspect
	return newFigure(pn), nil
}

// ringMisclassified returns copies of the groups in which every point of
// group k that classify does not put in class k is ringed.
func ringMisclassified(classify func(x, y float64) int, groups []Points) ([]Points, error) {
	out := make([]Points, len(groups))
	for g, pts := range groups {
		pts.Ringed = slices.Clone(pts.Ringed)
		for i := range pts.X {
			k, err := classOf(classify, pts.X[i], pts.Y[i])
			if err != nil {
				return nil, err
			}
			if k != g {
				pts.Ringed = append(pts.Ringed, i)
			}
		}
		out[g] = pts
	}
	return out, nil
}

// classOf returns classify(x, y), or an error if it is negative.
func classOf(classify func(x, y float64) int, x, y float64) (int, error) {
	k := classify(x, y)
	if k < 0 {
		return k, fmt.Errorf("plotting: ClassMapPlot: classify(%.4g, %.4g) = %d, want a class ≥ 0", x, y, k)
	}
	return k, nil
}

// tinted returns c mixed with white, with the share f of c.
func tinted(c color.Color, f float64) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	mix := func(v uint8) uint8 { return uint8(255 - f*float64(255-v) + 0.5) }
	return color.NRGBA{R: mix(n.R), G: mix(n.G), B: mix(n.B), A: 0xff}
}

// classGrid holds the classes of a classifier sampled at the centres of an
// n × n grid of cells that tile a box.
type classGrid struct {
	classify func(x, y float64) int
	n        int
	xs, ys   []float64 // the cell centres
	class    []int     // class[r*n+c] is the class at (xs[c], ys[r])
}

// sampleClasses evaluates classify at the centres of n × n cells tiling b.
func sampleClasses(classify func(x, y float64) int, b Box, n int) (*classGrid, error) {
	centres := func(lo, hi float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = lo + (hi-lo)*(float64(i)+0.5)/float64(n)
		}
		return v
	}
	g := &classGrid{classify: classify, n: n, xs: centres(b.XMin, b.XMax), ys: centres(b.YMin, b.YMax), class: make([]int, n*n)}
	for r, y := range g.ys {
		for c, x := range g.xs {
			k, err := classOf(classify, x, y)
			if err != nil {
				return nil, err
			}
			g.class[r*n+c] = k
		}
	}
	return g, nil
}

// image returns the grid as an image, one pixel per cell, coloured by tint.
func (g *classGrid) image(tint func(k int) color.Color) *image.NRGBA {
	n := g.n
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	cache := map[int]color.Color{}
	for r := range n {
		for c := range n {
			k := g.class[r*n+c]
			col, ok := cache[k]
			if !ok {
				col = tint(k)
				cache[k] = col
			}
			img.Set(c, n-1-r, col) // image rows run top to bottom
		}
	}
	return img
}

// boundaries returns the lines between regions of different classes, as
// polylines through the boundary's crossings of the lines joining
// neighbouring samples. Each crossing is placed by bisection on its
// segment. Within a square of four samples, two crossings are joined
// directly; three or four (where three classes meet, or two touch at a
// corner) are joined to their mean.
func (g *classGrid) boundaries() ([]plotter.XYs, error) {
	n := g.n
	// Nodes: crossings on horizontal segments (c,r)–(c+1,r), on vertical
	// segments (c,r)–(c,r+1), and the junctions inside squares.
	nH := n * (n - 1)
	hNode := func(c, r int) int { return r*(n-1) + c }
	vNode := func(c, r int) int { return nH + r*n + c }
	jNode := func(c, r int) int { return 2*nH + r*(n-1) + c }

	pos := map[int]plotter.XY{}
	cross := func(id, c0, r0, c1, r1 int) error {
		k0, k1 := g.class[r0*n+c0], g.class[r1*n+c1]
		if k0 == k1 {
			return nil
		}
		x0, y0, x1, y1 := g.xs[c0], g.ys[r0], g.xs[c1], g.ys[r1]
		lo, hi := 0.0, 1.0
		for range boundaryBisections {
			t := (lo + hi) / 2
			k, err := classOf(g.classify, x0+t*(x1-x0), y0+t*(y1-y0))
			if err != nil {
				return err
			}
			if k == k0 {
				lo = t
			} else {
				hi = t
			}
		}
		t := (lo + hi) / 2
		pos[id] = plotter.XY{X: x0 + t*(x1-x0), Y: y0 + t*(y1-y0)}
		return nil
	}
	for r := range n {
		for c := range n {
			if c+1 < n {
				if err := cross(hNode(c, r), c, r, c+1, r); err != nil {
					return nil, err
				}
			}
			if r+1 < n {
				if err := cross(vNode(c, r), c, r, c, r+1); err != nil {
					return nil, err
				}
			}
		}
	}

	adj := map[int][]int{}
	link := func(a, b int) {
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	for r := range n - 1 {
		for c := range n - 1 {
			var on []int // crossings around the square: bottom, right, top, left
			for _, id := range []int{hNode(c, r), vNode(c+1, r), hNode(c, r+1), vNode(c, r)} {
				if _, ok := pos[id]; ok {
					on = append(on, id)
				}
			}
			switch {
			case len(on) == 2:
				link(on[0], on[1])
			case len(on) > 2:
				j := jNode(c, r)
				var mean plotter.XY
				for _, id := range on {
					mean.X += pos[id].X / float64(len(on))
					mean.Y += pos[id].Y / float64(len(on))
					link(id, j)
				}
				pos[j] = mean
			}
		}
	}
	return chains(adj, pos), nil
}

// chains joins the links of adj into polylines: open chains first, from
// every node not of degree 2, then closed loops; in node order, so the
// result is the same on every run.
func chains(adj map[int][]int, pos map[int]plotter.XY) []plotter.XYs {
	nodes := make([]int, 0, len(adj))
	for id := range adj {
		nodes = append(nodes, id)
	}
	slices.Sort(nodes)
	type link struct{ a, b int }
	used := map[link]bool{}
	mark := func(a, b int) bool { // reports whether a–b was unused
		l := link{min(a, b), max(a, b)}
		if used[l] {
			return false
		}
		used[l] = true
		return true
	}
	var out []plotter.XYs
	walk := func(start, next int) {
		line := plotter.XYs{pos[start]}
		prev, cur := start, next
		for {
			line = append(line, pos[cur])
			if len(adj[cur]) != 2 || cur == start {
				break
			}
			nb := adj[cur][0]
			if nb == prev {
				nb = adj[cur][1]
			}
			if !mark(cur, nb) {
				break
			}
			prev, cur = cur, nb
		}
		out = append(out, line)
	}
	for _, loops := range []bool{false, true} {
		for _, id := range nodes {
			if (len(adj[id]) == 2) != loops {
				continue
			}
			for _, nb := range adj[id] {
				if mark(id, nb) {
					walk(id, nb)
				}
			}
		}
	}
	return out
}
