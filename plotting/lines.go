package plotting

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// linesSpec describes a plot of series as lines: the common ground of loss
// histories, comparisons, schedules and weight curves.
type linesSpec struct {
	kind                  string // the plot type, for errors
	title, xLabel, yLabel string
	logY                  bool
	style                 Style
	stepStyle             plotter.StepKind

	// legend shows a legend even for a single series.
	legend bool
	// yFromZero extends a linear y axis to 0.
	yFromZero bool
	// at writes where a divergence happened, for the label at the ×,
	// e.g. "at step 41"; nil means "at <xLabel> <x>".
	at func(x float64) string
}

// linesPanel draws series as lines on a new panel, in order, so later ones
// are on top; a series that lies mostly on earlier ones is dashed (see
// coincidingDashes), so that both show.
func linesPanel(spec linesSpec, series []Series) (*panel, error) {
	if err := spec.style.check(); err != nil {
		return nil, err
	}
	if len(series) == 0 {
		return nil, fmt.Errorf("plotting: %s needs at least one series: %w", spec.kind, ErrNoData)
	}
	curves := make([]curve, len(series))
	for i, s := range series {
		c, err := prepareCurve(s, spec.logY)
		if err != nil {
			return nil, err
		}
		curves[i] = c
	}
	pn := newPanel(spec.style, spec.title, spec.xLabel, spec.yLabel)
	p, st := pn.plot, pn.style
	addGrid(p)
	if spec.logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	at := spec.at
	if at == nil {
		at = func(x float64) string { return "at " + spec.xLabel + " " + formatNumber(x) }
	}
	setLinesRange(p, series, curves, spec)
	dashes := coincidingDashes(curves, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, spec.logY)
	many := len(series) > 1
	for i, c := range curves {
		col := st.Color(i)
		ls := st.line(i)
		ls.Dashes = dashes[i]
		var thumb plot.Thumbnailer
		for _, piece := range c.pieces {
			pn.obstacles = append(pn.obstacles, piece)
			if len(piece) == 1 {
				m := marker(piece[0].X, piece[0].Y, draw.CircleGlyph{}, col, 1.5*st.LineWidth)
				p.Add(m)
				continue
			}
			l := &plotter.Line{XYs: piece, LineStyle: ls, StepStyle: spec.stepStyle}
			p.Add(thinLine{line: l})
			if thumb == nil {
				thumb = l
			}
		}
		if thumb == nil {
			thumb = &plotter.Line{LineStyle: ls}
		}
		if (many || spec.legend) && c.name != "" {
			pn.addEntry(c.name, thumb)
		}
		who := "" // names the series in labels and notes when there are several
		if many && c.name != "" {
			who = c.name
		}
		if c.diverged {
			text := strings.TrimSpace(fmt.Sprintf("%s diverged %s (%s)", who, at(c.atX), c.kind))
			if last, ok := c.last(); ok {
				p.Add(marker(last.X, last.Y, crossGlyph{width: st.LineWidth}, col, vg.Points(4)))
				pn.labels = append(pn.labels, label{x: last.X, y: last.Y, text: text, color: col})
			} else {
				pn.labels = append(pn.labels, label{centred: true, text: text, color: col})
			}
		}
		if c.masked > 0 {
			note := fmt.Sprintf("%d %s ≤ 0 not shown on the log scale", c.masked, plural(c.masked, "value", "values"))
			if who != "" {
				note = who + ": " + note
			}
			pn.notes = append(pn.notes, note)
		}
	}
	return pn, nil
}

// setLinesRange sets the axes to the drawable data, with sensible ranges
// when there is a single value or none.
func setLinesRange(p *plot.Plot, series []Series, curves []curve, spec linesSpec) {
	xmin, xmax, ymin, ymax, ok := dataRange(curves)
	if !ok { // nothing finite to draw: span the abscissae, and a unit range
		xmin, xmax = math.Inf(1), math.Inf(-1)
		for _, s := range series {
			for i := range s.Y {
				xmin, xmax = math.Min(xmin, s.x(i)), math.Max(xmax, s.x(i))
			}
		}
		ymin, ymax = 0, 1
		if spec.logY {
			ymin, ymax = 0.1, 1
		}
	}
	if spec.yFromZero && !spec.logY {
		ymin, ymax = math.Min(ymin, 0), math.Max(ymax, 0)
	}
	if xmin == xmax {
		xmin, xmax = xmin-1, xmax+1
	}
	if ymin == ymax {
		switch {
		case spec.logY:
			ymin, ymax = ymin/10, ymax*10
		case ymin > 0:
			ymin = 0
			ymax *= 2
		case ymin < 0:
			ymin *= 2
			ymax = 0
		default:
			ymin, ymax = -1, 1
		}
	}
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = ymin, ymax
}

// plural returns one if n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
