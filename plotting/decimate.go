package plotting

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Drawing no more points than the pixels can show.
//
// gonum/plot strokes every point it is given, and its raster back end
// (git.sr.ht/~sbinet/gg over golang/freetype's rasterizer) keeps the cells
// of each scan line in a sorted list, so a stroke costs about the square of
// the cells per scan line: a jagged loss curve of 10⁵ points took 35 s to
// draw, one of 10⁶ never finished. gonum/plot has no decimation of its own,
// so this file supplies one, applied when a line is drawn, in device
// coordinates, so that it follows the output's size and resolution:
//
//   - A series (loss, schedule, weights) keeps, of each run of consecutive
//     points in one pixel column, the first, the lowest, the highest and
//     the last (the M4 aggregation of Jugel et al., "M4: a
//     visualization-oriented time series data aggregation", VLDB 2014).
//     The line then covers the same pixels: every column's extremes are
//     points of the data, and the joins between columns are the data's.
//   - A path in the plane keeps each point at least pathTolerance pixels
//     from the last point kept, and its last point: every point left out
//     lies within that distance of the line drawn. A path still long after
//     that draws each of its segments once per pair of cells of its ends
//     (distinctSegments), so that one crossing a valley back and forth
//     costs what its pixels cost.
//
// Thinned lines are drawn by gonum/plot's own plotter.Line.

// vectorDPI is the resolution at which lines are thinned for vector output
// (SVG), whose pixels are the viewer's: fine enough that a figure zoomed in
// eight times shows no difference.
const vectorDPI = 8 * ScreenDPI

// pathTolerance is the distance, in device pixels, under which a path's
// points are merged.
const pathTolerance = 0.5

// pixelSize returns the side of a device pixel of c: a pixel of the image
// for raster output, and a pixel at vectorDPI otherwise.
func pixelSize(c vg.Canvas) vg.Length {
	if r, ok := rasterCanvas(c); ok {
		return vg.Inch / vg.Length(r.DPI())
	}
	return vg.Inch / vectorDPI
}

// rasterCanvas returns the image canvas under c, which draw.Crop and the
// like wrap in draw.Canvas values, and false if c does not draw on one.
func rasterCanvas(c vg.Canvas) (*vgimg.Canvas, bool) {
	for {
		switch v := c.(type) {
		case *vgimg.Canvas:
			return v, true
		case draw.Canvas:
			c = v.Canvas
		case *draw.Canvas:
			c = v.Canvas
		default:
			return nil, false
		}
	}
}

// thinning is off in tests that draw every point to compare with.
var thinning = true

// thinLine draws a plotter.Line with only the points its pixels can show.
// Like drawOnly, it offers gonum/plot no glyph boxes or data range.
type thinLine struct {
	line *plotter.Line
	path bool // a path in the plane, rather than a series along x
}

// Plot implements plot.Plotter.
func (t thinLine) Plot(c draw.Canvas, p *plot.Plot) {
	if !thinning {
		t.stroke(c, p, t.line.XYs)
		return
	}
	trX, trY := p.Transforms(&c)
	xys := t.line.XYs
	at := func(i int) vg.Point { return vg.Point{X: trX(xys[i].X), Y: trY(xys[i].Y)} }
	px := pixelSize(c.Canvas)
	var runs [][]int
	if t.path {
		keep := pathPoints(len(xys), at, pathTolerance*px)
		if len(keep) >= retraceFrom {
			runs = distinctSegments(keep, at, pathTolerance/math.Sqrt2*px)
		} else {
			runs = [][]int{keep}
		}
	} else {
		runs = [][]int{columnPoints(len(xys), at, px)}
	}
	for _, run := range runs {
		pts := make(plotter.XYs, len(run))
		for k, i := range run {
			pts[k] = xys[i]
		}
		t.stroke(c, p, pts)
	}
}

// stroke draws the line through pts in the line's style. On a raster
// canvas, long lines are stroked in chunks that overlap by one segment, so
// that every join is drawn: the rasterizer's cost grows with the square of
// a stroke's cells per scan line, and a dense curve has a cell in every
// column.
func (t thinLine) stroke(c draw.Canvas, p *plot.Plot, pts plotter.XYs) {
	l := *t.line
	l.XYs = pts
	if _, raster := rasterCanvas(c.Canvas); !raster || len(pts) < chunkFrom {
		l.Plot(c, p)
		return
	}
	for s := 0; s < len(pts)-1; s += strokeChunk - 1 {
		l.XYs = pts[s:min(s+strokeChunk+1, len(pts))]
		l.Plot(c, p)
	}
}

// retraceFrom is the number of points a thinned path must still have for
// its segments to be deduplicated (see distinctSegments).
const retraceFrom = 2048

// distinctSegments returns the runs of consecutive points of the path
// through at(keep[0]), at(keep[1]), … that draw what it draws, leaving out
// each segment whose ends fall in the same cells of side q as the ends of a
// segment before it: such a segment lies within q·√2 of that one at every
// point. A path that goes back and forth across a valley a thousand times
// per pixel is drawn once per pixel, not once per step.
func distinctSegments(keep []int, at func(i int) vg.Point, q vg.Length) [][]int {
	type cell struct{ x, y int64 }
	type segment struct{ a, b cell }
	cellOf := func(p vg.Point) cell {
		return cell{int64(math.Floor(float64(p.X / q))), int64(math.Floor(float64(p.Y / q)))}
	}
	seen := make(map[segment]bool)
	var runs [][]int
	var run []int
	prev := cellOf(at(keep[0]))
	for k := 1; k < len(keep); k++ {
		cur := cellOf(at(keep[k]))
		s := segment{prev, cur}
		if cur.x < prev.x || cur.x == prev.x && cur.y < prev.y {
			s = segment{cur, prev}
		}
		if seen[s] {
			if len(run) > 0 {
				runs = append(runs, run)
				run = nil
			}
		} else {
			seen[s] = true
			if len(run) == 0 {
				run = append(run, keep[k-1])
			}
			run = append(run, keep[k])
		}
		prev = cur
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// strokeChunk is the number of segments a raster stroke draws at most.
const strokeChunk = 64

// chunkFrom is the number of points from which raster strokes are chunked;
// shorter lines are stroked whole, as gonum/plot strokes them.
const chunkFrom = 512

// columnPoints returns, in increasing order, the indices of the points of
// the polyline at(0), …, at(n−1) to draw at pixels of side px: of each run
// of consecutive points in one pixel column, the first, a lowest, a highest
// and the last.
func columnPoints(n int, at func(i int) vg.Point, px vg.Length) []int {
	keep := make([]int, 0, min(n, 1024))
	column := func(p vg.Point) float64 { return math.Floor(float64(p.X / px)) }
	if n == 0 {
		return keep
	}
	p := at(0)
	for i := 0; i < n; {
		col := column(p)
		lo, hi, last := i, i, i
		loY, hiY := p.Y, p.Y
		j := i + 1
		for ; j < n; j++ {
			p = at(j)
			if column(p) != col {
				break
			}
			if p.Y < loY {
				lo, loY = j, p.Y
			}
			if p.Y > hiY {
				hi, hiY = j, p.Y
			}
			last = j
		}
		// i ≤ lo, hi ≤ last: add the four in order, once each.
		keep = append(keep, i)
		a, b := min(lo, hi), max(lo, hi)
		for _, k := range []int{a, b, last} {
			if k != keep[len(keep)-1] {
				keep = append(keep, k)
			}
		}
		i = j
	}
	return keep
}

// pathPoints returns, in increasing order, the indices of the points of
// the polyline at(0), …, at(n−1) to draw: the first, then each point at
// least tol from the last one kept, and the last unless it is where the
// last one kept is. Every point left out is
// within tol of the last point kept before it, so the polyline drawn passes
// within tol of every point.
func pathPoints(n int, at func(i int) vg.Point, tol vg.Length) []int {
	keep := make([]int, 0, min(n, 1024))
	if n == 0 {
		return keep
	}
	keep = append(keep, 0)
	k := at(0)
	for i := 1; i < n; i++ {
		p := at(i)
		if i == n-1 && p != k || math.Hypot(float64(p.X-k.X), float64(p.Y-k.Y)) >= float64(tol) {
			keep = append(keep, i)
			k = p
		}
	}
	return keep
}
