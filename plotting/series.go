package plotting

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot/plotter"
)

// ErrNoData is returned (wrapped) when a series, path or trace has no
// points, or a plot is given no series at all. An empty series is a mistake
// in the calling code, so it is reported rather than drawn as empty axes.
var ErrNoData = errors.New("no data")

// Series is one named curve: Y against X.
//
// Y may contain NaN or ±Inf: a diverging run is drawn up to its last finite
// value, which is marked with an × and the step and kind of the divergence.
//
// A Series is a plain value over slices it does not own: a figure copies what it draws; this package only reads it, so it may be
// shared between goroutines that do not modify it.
type Series struct {
	// Name labels the series in legends and notes.
	Name string

	// X holds the abscissae (steps, epochs, seconds…). If X is nil, the
	// abscissae are 0, 1, 2, …; otherwise it must have len(Y) finite values.
	X []float64

	// Y holds the values.
	Y []float64
}

// x returns the i-th abscissa.
func (s Series) x(i int) float64 {
	if s.X == nil {
		return float64(i)
	}
	return s.X[i]
}

// curve is a series prepared for drawing: its finite values cut into the
// pieces a line can draw, and what happened to the others.
type curve struct {
	name string

	// pieces are the runs of drawable points, in order.
	pieces []plotter.XYs

	// diverged reports a non-finite value at index at, with abscissa atX;
	// kind is "NaN", "+Inf" or "−Inf".
	diverged bool
	at       int
	atX      float64
	kind     string

	// masked counts the values ≤ 0 left out of a logarithmic axis.
	masked int
}

// last returns the last drawable point, and false if there is none.
func (c curve) last() (plotter.XY, bool) {
	if len(c.pieces) == 0 {
		return plotter.XY{}, false
	}
	p := c.pieces[len(c.pieces)-1]
	return p[len(p)-1], true
}

// prepareCurve checks s and cuts it into drawable pieces. With logY, values
// ≤ 0 cannot be drawn: they are left out (breaking the line) and counted.
// Everything from the first NaN or ±Inf on is not drawn: an optimizer does
// not recover from a non-finite loss.
func prepareCurve(s Series, logY bool) (curve, error) {
	c := curve{name: s.Name}
	if len(s.Y) == 0 {
		return c, fmt.Errorf("plotting: series %q has no points: %w", s.Name, ErrNoData)
	}
	if s.X != nil && len(s.X) != len(s.Y) {
		return c, fmt.Errorf("plotting: series %q has %d x values and %d y values; they must be equally many", s.Name, len(s.X), len(s.Y))
	}
	for i, x := range s.X {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return c, fmt.Errorf("plotting: series %q: x[%d] = %v, want a finite value", s.Name, i, x)
		}
	}
	piece := make(plotter.XYs, 0, len(s.Y))
	for i, y := range s.Y {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			c.diverged, c.at, c.atX, c.kind = true, i, s.x(i), nonFiniteKind(y)
			break
		}
		if logY && y <= 0 {
			c.masked++
			if len(piece) > 0 {
				c.pieces = append(c.pieces, piece)
				piece = piece[len(piece):] // the rest of the same array
			}
			continue
		}
		piece = append(piece, plotter.XY{X: s.x(i), Y: y})
	}
	if len(piece) > 0 {
		c.pieces = append(c.pieces, piece)
	}
	return c, nil
}

// nonFiniteKind names a non-finite value.
func nonFiniteKind(y float64) string {
	switch {
	case math.IsInf(y, 1):
		return "+Inf"
	case math.IsInf(y, -1):
		return "−Inf"
	}
	return "NaN"
}

// formatNumber writes v compactly: integers as integers, others with four
// significant digits.
func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// dataRange returns the extent of the drawable points of cs, and false if
// there are none.
func dataRange(cs []curve) (xmin, xmax, ymin, ymax float64, ok bool) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, c := range cs {
		for _, p := range c.pieces {
			for _, q := range p {
				xmin, xmax = math.Min(xmin, q.X), math.Max(xmax, q.X)
				ymin, ymax = math.Min(ymin, q.Y), math.Max(ymax, q.Y)
			}
		}
	}
	return xmin, xmax, ymin, ymax, xmin <= xmax
}
