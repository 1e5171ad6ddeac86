package plotting

import (
	"math"

	"gonum.org/v1/plot/vg"
)

// Series that coincide. A series drawn over another with the same values
// hides it completely, and the hidden one's legend entry then points at
// nothing (two optimizers that agree, a batch size that changes nothing).
// gonum/plot has no notion of this, so linesPanel finds such series here
// and draws them dashed, on top of the solid series they cover, so that
// both stay visible where they coincide.

// Coincidence is judged on an envelope of the axes: the x range cut into
// coincideColumns columns, in each of which a curve spans its lowest to its
// highest value, the y axis scaled to [0, 1] (logarithmically on a log
// axis). A column of a curve is hidden by a later curve if its span lies
// within coincideTolerance of the later curve's span there; a curve that
// hides at least coincideShare of the columns of an earlier one is dashed.
const (
	coincideColumns   = 400
	coincideTolerance = 0.008 // about a line width on a plot 200 points high
	coincideShare     = 0.5
)

// dashPatterns are the dashes of coinciding series, in turn: the first
// series covered is dashed long, a second one over both short, so that each
// shows in the gaps of the other.
var dashPatterns = [][]vg.Length{
	{vg.Points(6), vg.Points(4)},
	{vg.Points(2), vg.Points(3)},
	{vg.Points(9), vg.Points(3), vg.Points(2), vg.Points(3)},
}

// envelope is the span of a curve in each column: lo[k] > hi[k] where the
// curve has no point.
type envelope struct{ lo, hi []float64 }

// coincidingDashes returns, for each curve, the dashes to draw it with: nil
// for a solid line, or a pattern of dashPatterns if the curve hides most of
// a curve drawn before it. The axes span [xmin, xmax] × [ymin, ymax].
func coincidingDashes(curves []curve, xmin, xmax, ymin, ymax float64, logY bool) [][]vg.Length {
	dashes := make([][]vg.Length, len(curves))
	if len(curves) < 2 || !(xmax > xmin) || !(ymax > ymin) {
		return dashes
	}
	ny := func(y float64) float64 { return (y - ymin) / (ymax - ymin) }
	if logY {
		lmin, lmax := math.Log(ymin), math.Log(ymax)
		ny = func(y float64) float64 { return (math.Log(y) - lmin) / (lmax - lmin) }
	}
	envs := make([]envelope, len(curves))
	for i, c := range curves {
		e := envelope{lo: make([]float64, coincideColumns), hi: make([]float64, coincideColumns)}
		for k := range e.lo {
			e.lo[k], e.hi[k] = math.Inf(1), math.Inf(-1)
		}
		for _, piece := range c.pieces {
			if len(piece) < 2 {
				continue // a marker, not hidden by a line
			}
			for _, q := range piece {
				k := int((q.X - xmin) / (xmax - xmin) * coincideColumns)
				k = max(0, min(coincideColumns-1, k))
				y := ny(q.Y)
				e.lo[k], e.hi[k] = math.Min(e.lo[k], y), math.Max(e.hi[k], y)
			}
		}
		envs[i] = e
	}
	level := 0
	for i := 1; i < len(curves); i++ {
		for j := range i {
			if hides(envs[i], envs[j]) {
				dashes[i] = dashPatterns[level%len(dashPatterns)]
				level++
				break
			}
		}
	}
	return dashes
}

// hides reports whether a curve of envelope top, drawn over one of envelope
// under, hides at least coincideShare of its columns: those where under's
// span lies within coincideTolerance of top's.
func hides(top, under envelope) bool {
	used, hidden := 0, 0
	for k := range under.lo {
		lo, hi := under.lo[k], under.hi[k]
		if lo > hi {
			continue
		}
		used++
		if top.lo[k] <= top.hi[k] && lo >= top.lo[k]-coincideTolerance && hi <= top.hi[k]+coincideTolerance {
			hidden++
		}
	}
	return used > 0 && float64(hidden) >= coincideShare*float64(used)
}
