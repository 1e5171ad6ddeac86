package plotting

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Path is a trajectory in the plane, such as the first two parameters of a
// run (see Trace.Path). Points after the first non-finite coordinate are
// not drawn: the run diverged there.
//
// A Path is a plain value over slices it does not own; this package only reads it, so it may be
// shared between goroutines that do not modify it.
type Path struct {
	Name string
	X, Y []float64
}

// Box is the rectangle [XMin, XMax] × [YMin, YMax]. It is a plain value,
// safe to copy and share.
type Box struct {
	XMin, XMax, YMin, YMax float64
}

// valid reports whether b is a finite rectangle whose sides can be cut
// into samples and pixels: each side finite, at least minSide long and at
// least relSide of the largest magnitude of its bounds.
func (b Box) valid() bool {
	side := func(lo, hi float64) bool {
		d := hi - lo
		return !math.IsNaN(d) && !math.IsInf(d, 0) && d >= minSide && d >= relSide*math.Max(math.Abs(lo), math.Abs(hi))
	}
	return side(b.XMin, b.XMax) && side(b.YMin, b.YMax)
}

// Limits of a box's sides: under minSide, the arithmetic of sampling and
// drawing reaches subnormal numbers; under relSide of the coordinates, the
// samples of a side would not be distinct floats.
const (
	minSide = 1e-200
	relSide = 1e-10
)

// contains reports whether (x, y) is in b.
func (b Box) contains(x, y float64) bool {
	return x >= b.XMin && x <= b.XMax && y >= b.YMin && y <= b.YMax
}

// LandscapePlot draws a function of two variables on a box as contour
// lines, optionally over a heat map, with the trajectories of one or more
// optimizers on top: each starts at a ring (○) and ends at a dot (●), or at
// an × where its coordinates stopped being finite. Groups of points may be
// scattered over it too.
//
// A LandscapePlot holds only options. Figure does not modify it or its arguments,
// so it may be used from several goroutines at once, as long as none of them
// modifies the data passed while a Figure call reads them. The function
// is called from the goroutine that calls Figure only.
type LandscapePlot struct {
	// Title is drawn above the plot; "" for none.
	Title string

	// XLabel and YLabel name the axes.
	// If they are "", they will be defaulted to "x" and "y".
	XLabel, YLabel string

	// Box is the region drawn. If Box is the zero Box, it will be defaulted
	// to the bounding box of the paths' finite points and of Points, widened
	// by 10% on each side.
	Box Box

	// Resolution is the number of samples of the function along each side.
	// If Resolution is 0, it will be defaulted to 200. At most 1000.
	Resolution int

	// Levels are the contour heights. If Levels is empty (nil or of length
	// 0), NLevels levels are spaced by LevelScale.
	Levels []float64

	// NLevels is the number of contour levels when Levels is empty.
	// If NLevels is 0, it will be defaulted to 12. At most 100.
	NLevels int

	// LevelScale spaces the levels when Levels is empty; the zero value is
	// AutoLevels.
	LevelScale LevelScale

	// HeatMap fills the box with colours for the function's height (on a
	// log scale when the levels are log-spaced) under the contour lines.
	HeatMap bool

	// ColorBar draws a colour bar right of the heat map, labelled with the
	// function's values: f itself on a linear scale, and on a log scale
	// (log-spaced levels) the height above the minimum, f − min f, whose
	// logarithm the colours follow. It needs HeatMap.
	ColorBar bool

	// ColorBarLabel names the values above the colour bar, such as "rate".
	// If ColorBarLabel is "", it will be defaulted to "f".
	ColorBarLabel string

	// EqualAspect draws one unit of x as long as one unit of y.
	EqualAspect bool

	// StepMarkers draws a small dot at every point of each path, so that
	// its steps can be counted: how often it crosses a valley, where it
	// slows down. Dots closer than half a pixel to the last one drawn are
	// merged.
	StepMarkers bool

	// Minima are points marked with a star, such as known minima.
	Minima [][2]float64

	// Points are groups of points drawn over the landscape, each in its own
	// shape and in the colours that follow the paths'. Points outside the
	// box are left out and counted in a note.
	Points []Points

	// RingLabel names the points that Points ring, in the legend, where it
	// is followed by their count.
	// If RingLabel is "", it will be defaulted to "ringed".
	RingLabel string

	// Style sets colours, line widths and fonts; the zero Style is the
	// package default.
	Style Style
}

// Defaults and limits of LandscapePlot.
const (
	defaultResolution = 200
	maxResolution     = 1000
	defaultNLevels    = 12
	maxNLevels        = 100
)

// Figure samples f on the box and draws it with the paths.
func (lp LandscapePlot) Figure(f func(x, y float64) float64, paths ...Path) (*Figure, error) {
	if f == nil {
		return nil, fmt.Errorf("plotting: LandscapePlot needs a function, got nil")
	}
	if err := lp.Style.check(); err != nil {
		return nil, err
	}
	res, nLevels := lp.Resolution, lp.NLevels
	if res == 0 {
		res = defaultResolution
	}
	if nLevels == 0 {
		nLevels = defaultNLevels
	}
	if res < 2 || res > maxResolution {
		return nil, fmt.Errorf("plotting: LandscapePlot resolution %d, want 2 to %d", res, maxResolution)
	}
	if nLevels < 1 || nLevels > maxNLevels {
		return nil, fmt.Errorf("plotting: LandscapePlot NLevels %d, want 1 to %d", nLevels, maxNLevels)
	}
	if lp.LevelScale < AutoLevels || lp.LevelScale > LogLevels {
		return nil, fmt.Errorf("plotting: LandscapePlot level scale %v, want AutoLevels, LinearLevels or LogLevels", lp.LevelScale)
	}
	if lp.ColorBar && !lp.HeatMap {
		return nil, fmt.Errorf("plotting: LandscapePlot ColorBar needs HeatMap: there is no heat map to explain")
	}
	tracks, err := preparePaths(paths)
	if err != nil {
		return nil, err
	}
	if err := checkPoints(lp.Points); err != nil {
		return nil, err
	}
	box := lp.Box
	if box == (Box{}) {
		sets := pointSets(lp.Points)
		for _, t := range tracks {
			sets = append(sets, t.pts)
		}
		if box, err = fitBox(sets); err != nil {
			return nil, fmt.Errorf("plotting: LandscapePlot has no Box and no finite point to fit one to: %w", err)
		}
	}
	if !box.valid() {
		return nil, fmt.Errorf("plotting: LandscapePlot box %+v, want finite bounds with XMin < XMax and YMin < YMax, sides of at least %g and %g of the bounds' magnitude, and no side longer than the largest float64", box, minSide, relSide)
	}

	g := sample(f, box, res)
	sorted := g.finite()
	if len(sorted) == 0 {
		return nil, fmt.Errorf("plotting: LandscapePlot: the function has no finite value on the box %+v", box)
	}
	logScale := lp.LevelScale == LogLevels || lp.LevelScale == AutoLevels && useLog(sorted)
	lv := slices.Clone(lp.Levels)
	for i, v := range lv {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("plotting: LandscapePlot level %d is %v, want a finite value", i, v)
		}
	}
	if len(lv) == 0 {
		lv = levels(sorted, nLevels, logScale)
	}
	slices.Sort(lv)
	lv = slices.Compact(lv)

	pn := newPanel(lp.Style, lp.Title, orDefault(lp.XLabel, "x"), orDefault(lp.YLabel, "y"))
	p := pn.plot
	p.X.Padding, p.Y.Padding = 0, 0
	if lp.HeatMap {
		h, sc := heatMap(g, sorted, logScale)
		p.Add(drawOnly{h})
		if lp.ColorBar {
			pn.colorBar = &colorBar{scale: sc, palette: h.Palette.Colors(), label: lp.ColorBarLabel}
		}
	}
	p.Add(drawOnly{orderedContour{contours(g, lv, lp.HeatMap)}})
	addTracks(pn, tracks, box, lp.StepMarkers)
	addPoints(pn, lp.Points, box, scatterSpec{firstColor: len(tracks), ringLabel: orDefault(lp.RingLabel, "ringed")})
	var key []string
	if len(tracks) > 0 {
		key = append(key, "○ start", "● end")
		if lp.StepMarkers {
			key = append(key, "• step")
		}
	}
	if len(lp.Minima) > 0 {
		var star plot.Thumbnailer
		for _, m := range lp.Minima {
			s := marker(m[0], m[1], starGlyph{}, inkColor, vg.Points(5))
			p.Add(s)
			pn.obstacles = append(pn.obstacles, plotter.XYs{{X: m[0], Y: m[1]}})
			star = s
		}
		pn.addEntry(plural(len(lp.Minima), "minimum", "minima"), star)
	}
	if key != nil {
		pn.notes = append(pn.notes, strings.Join(key, "   "))
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = box.XMin, box.XMax, box.YMin, box.YMax
	pn.equalAspect = lp.EqualAspect
	return newFigure(pn), nil
}

// track is a path prepared for drawing.
type track struct {
	name     string
	pts      plotter.XYs // the finite prefix
	diverged bool
	at       int    // index of the first non-finite point
	kind     string // "NaN", "+Inf" or "−Inf"
}

// preparePaths checks the paths and cuts each at its first non-finite
// point.
func preparePaths(paths []Path) ([]track, error) {
	tracks := make([]track, len(paths))
	for i, pa := range paths {
		if len(pa.X) != len(pa.Y) {
			return nil, fmt.Errorf("plotting: path %q has %d x and %d y coordinates; they must be equally many", pa.Name, len(pa.X), len(pa.Y))
		}
		if len(pa.X) == 0 {
			return nil, fmt.Errorf("plotting: path %q has no points: %w", pa.Name, ErrNoData)
		}
		t := track{name: pa.Name, pts: make(plotter.XYs, 0, len(pa.X))}
		for j := range pa.X {
			x, y := pa.X[j], pa.Y[j]
			if bad := nonFinite(x, y); bad != 0 {
				t.diverged, t.at, t.kind = true, j, nonFiniteKind(bad)
				break
			}
			t.pts = append(t.pts, plotter.XY{X: x, Y: y})
		}
		tracks[i] = t
	}
	return tracks, nil
}

// nonFinite returns the first of x, y that is NaN or ±Inf, or 0.
func nonFinite(x, y float64) float64 {
	for _, v := range []float64{x, y} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return v
		}
	}
	return 0
}

// fitBox returns the bounding box of the point sets, widened by 10% per
// side, or ErrNoData if they hold no point.
func fitBox(sets []plotter.XYs) (Box, error) {
	b := Box{XMin: math.Inf(1), XMax: math.Inf(-1), YMin: math.Inf(1), YMax: math.Inf(-1)}
	for _, set := range sets {
		for _, q := range set {
			b.XMin, b.XMax = math.Min(b.XMin, q.X), math.Max(b.XMax, q.X)
			b.YMin, b.YMax = math.Min(b.YMin, q.Y), math.Max(b.YMax, q.Y)
		}
	}
	if b.XMin > b.XMax {
		return b, ErrNoData
	}
	widen := func(lo, hi float64) (float64, float64) {
		m := 0.1 * (hi - lo)
		if m < minSide || m < relSide*math.Max(math.Abs(lo), math.Abs(hi)) { // a point, or nearly
			m = math.Max(0.5*math.Max(math.Abs(lo), math.Abs(hi)), 1)
		}
		return lo - m, hi + m
	}
	b.XMin, b.XMax = widen(b.XMin, b.XMax)
	b.YMin, b.YMax = widen(b.YMin, b.YMax)
	return b, nil
}

// addTracks draws the trajectories with their start, end and divergence
// marks, a dot at each step if steps is set, and their legend entries.
// Longer trajectories are drawn first, so that a shorter one that shares
// their way stays visible on top; one that still hides most of a trajectory
// drawn before it (two runs on the same way) is dashed, as coinciding series
// are. The marks are drawn over all lines.
func addTracks(pn *panel, tracks []track, box Box, steps bool) {
	p, st := pn.plot, pn.style
	lines := make([]*plotter.Line, len(tracks))
	order := make([]int, len(tracks))
	for i, t := range tracks {
		lines[i] = &plotter.Line{XYs: t.pts, LineStyle: st.line(i)}
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(tracks[b].length(box), tracks[a].length(box))
	})
	cells := make([][]bool, len(tracks))
	for i, t := range tracks {
		cells[i] = t.cells(box)
	}
	level := 0
	for k, i := range order {
		for _, j := range order[:k] {
			if hidesCells(cells[i], cells[j]) {
				lines[i].LineStyle.Dashes = dashPatterns[level%len(dashPatterns)]
				level++
				break
			}
		}
		if len(tracks[i].pts) > 1 {
			p.Add(thinLine{line: lines[i], path: true})
		}
	}
	if steps {
		for _, i := range order {
			p.Add(stepMarks{pts: tracks[i].pts, style: draw.GlyphStyle{Color: st.Color(i), Radius: stepRadius, Shape: draw.CircleGlyph{}}})
		}
	}
	for i, t := range tracks {
		col := st.Color(i)
		pn.pathObstacles = append(pn.pathObstacles, t.pts)
		if n := len(t.pts); n > 0 {
			first, last := t.pts[0], t.pts[n-1]
			p.Add(marker(first.X, first.Y, ringGlyph{width: st.LineWidth}, col, vg.Points(3.5)))
			if t.diverged {
				p.Add(marker(last.X, last.Y, crossGlyph{width: st.LineWidth}, col, vg.Points(4.5)))
			} else {
				p.Add(marker(last.X, last.Y, draw.CircleGlyph{}, col, vg.Points(3.5)))
			}
			pn.obstacles = append(pn.obstacles, plotter.XYs{first}, plotter.XYs{last})
		}
		text := t.name
		if t.diverged {
			what := fmt.Sprintf("diverged at point %d (%s)", t.at, t.kind)
			if text != "" {
				text += ": " + what
			} else {
				text = what
			}
		}
		if n := len(t.pts); n > 0 && !box.contains(t.pts[n-1].X, t.pts[n-1].Y) {
			text += " (ends outside the box)"
		}
		if text != "" {
			pn.addEntry(text, lines[i])
		}
	}
}

// length returns the length of the track with the box scaled to a unit
// square.
func (t track) length(b Box) float64 {
	sx, sy := b.XMax-b.XMin, b.YMax-b.YMin
	l := 0.0
	for i := 1; i < len(t.pts); i++ {
		l += math.Hypot((t.pts[i].X-t.pts[i-1].X)/sx, (t.pts[i].Y-t.pts[i-1].Y)/sy)
	}
	return l
}

// contours returns the contour lines of g at the levels, darker for lower
// levels. Over a heat map, whose high end is blue, the highest lines stay
// darker than on white so that they remain visible.
func contours(g *grid, lv []float64, overHeatMap bool) *plotter.Contour {
	anchors := contourRamp
	if overHeatMap {
		anchors = heatContourRamp
	}
	c := plotter.NewContour(g, lv, nil)
	c.LineStyles = make([]draw.LineStyle, len(lv))
	for i := range lv {
		t := 0.0
		if len(lv) > 1 {
			t = float64(i) / float64(len(lv)-1)
		}
		c.LineStyles[i] = draw.LineStyle{Color: ramp(anchors, t), Width: vg.Points(0.75)}
	}
	return c
}

// heatMap returns a heat map of g: colours by height, or by the logarithm of
// the height above the minimum when logScale is set; and the scale of its
// colours, for a colour bar.
func heatMap(g *grid, sorted []float64, logScale bool) (*plotter.HeatMap, colorScale) {
	src := g
	sc := colorScale{log: logScale}
	if logScale {
		lo, hi := sorted[0], sorted[len(sorted)-1]
		floor := math.Max(quantile(sorted, 0.01)-lo, (hi-lo)*1e-4)
		if !(floor > 0) {
			floor = 1
		}
		sc.lo, sc.floor = lo, floor
		src = g.mapped(func(z float64) float64 { return math.Log10(z - lo + floor) })
	}
	vals := src.finite()
	h := plotter.NewHeatMap(src, newRampPalette(heatRamp, 256))
	h.Min, h.Max = vals[0], vals[len(vals)-1]
	if h.Min == h.Max {
		h.Max = h.Min + 1
	}
	h.Rasterized = true
	sc.min, sc.max = h.Min, h.Max
	return h, sc
}

// Colour ramps of the landscape, low to high. The heat map stays light so
// that the Okabe–Ito colours of the trajectories keep their contrast.
var (
	contourRamp     = []color.RGBA{{R: 0x1f, G: 0x3a, B: 0x5f, A: 0xff}, {R: 0x7a, G: 0x8f, B: 0xa6, A: 0xff}, {R: 0xc4, G: 0xcc, B: 0xd6, A: 0xff}}
	heatContourRamp = []color.RGBA{{R: 0x1f, G: 0x3a, B: 0x5f, A: 0xff}, {R: 0x4f, G: 0x66, B: 0x82, A: 0xff}, {R: 0x6e, G: 0x80, B: 0x97, A: 0xff}}
	heatRamp        = []color.RGBA{{R: 0xff, G: 0xfd, B: 0xf0, A: 0xff}, {R: 0xe3, G: 0xf1, B: 0xd9, A: 0xff}, {R: 0xc5, G: 0xe0, B: 0xe6, A: 0xff}, {R: 0xa9, G: 0xc4, B: 0xe3, A: 0xff}}
)

// ramp returns the colour at t ∈ [0, 1] along the anchors, interpolated
// linearly.
func ramp(anchors []color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	s := t * float64(len(anchors)-1)
	i := min(int(s), len(anchors)-2)
	f := s - float64(i)
	a, b := anchors[i], anchors[i+1]
	mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u) + f*(float64(v)-float64(u)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// rampPalette is n colours along a ramp; it implements palette.Palette.
type rampPalette []color.Color

// Colors implements palette.Palette.
func (p rampPalette) Colors() []color.Color { return p }

// newRampPalette returns n colours evenly along the anchors.
func newRampPalette(anchors []color.RGBA, n int) rampPalette {
	p := make(rampPalette, n)
	for i := range p {
		p[i] = ramp(anchors, float64(i)/float64(n-1))
	}
	return p
}

// stepRadius is the radius of the dots of StepMarkers.
var stepRadius = vg.Points(2)

// stepMarks draws a dot at each point of a path, leaving out those within
// half a pixel of the last one drawn, which would not show.
type stepMarks struct {
	pts   plotter.XYs
	style draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (s stepMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(i int) vg.Point { return vg.Point{X: trX(s.pts[i].X), Y: trY(s.pts[i].Y)} }
	keep := []int{}
	if thinning {
		keep = pathPoints(len(s.pts), at, pathTolerance*pixelSize(c.Canvas))
	} else {
		for i := range s.pts {
			keep = append(keep, i)
		}
	}
	for _, i := range keep {
		c.DrawGlyph(s.style, at(i))
	}
}

// Coincidence of paths is judged on a grid of pathCells × pathCells cells
// over the box, about a line width each on a plot of the default size.
const pathCells = 200

// maxCellSamples bounds the samples taken along a path to mark its cells; a
// longer path (a million steps across the box) is not compared.
const maxCellSamples = 4_000_000

// cells returns the cells of the box's grid the track passes through,
// sampled every half cell along each segment, or nil if there are too many
// samples to take.
func (t track) cells(b Box) []bool {
	if len(t.pts) < 2 {
		return nil
	}
	sx, sy := pathCells/(b.XMax-b.XMin), pathCells/(b.YMax-b.YMin)
	grid := make([]bool, pathCells*pathCells)
	mark := func(x, y float64) {
		c, r := int(math.Floor((x-b.XMin)*sx)), int(math.Floor((y-b.YMin)*sy))
		if c >= 0 && c < pathCells && r >= 0 && r < pathCells {
			grid[r*pathCells+c] = true
		}
	}
	samples := 0
	for i := 1; i < len(t.pts); i++ {
		a, q := t.pts[i-1], t.pts[i]
		fn := math.Ceil(2 * math.Hypot((q.X-a.X)*sx, (q.Y-a.Y)*sy))
		if !(fn <= maxCellSamples) {
			return nil
		}
		n := int(fn)
		if samples += n + 1; samples > maxCellSamples {
			return nil
		}
		for k := 0; k <= n; k++ {
			f := 0.0
			if n > 0 {
				f = float64(k) / float64(n)
			}
			mark(a.X+f*(q.X-a.X), a.Y+f*(q.Y-a.Y))
		}
	}
	return grid
}

// hidesCells reports whether a path through the cells top, drawn over one
// through the cells under, covers at least coincideShare of them.
func hidesCells(top, under []bool) bool {
	if top == nil || under == nil {
		return false
	}
	used, hidden := 0, 0
	for k, u := range under {
		if u {
			used++
			if top[k] {
				hidden++
			}
		}
	}
	return used > 0 && float64(hidden) >= coincideShare*float64(used)
}
