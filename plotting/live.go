package plotting

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot/vg"
)

// The notebook's transient displays, replaced in tests.
var (
	// newDisplayID returns a fresh id for a block redrawn in place.
	newDisplayID = gonbui.UniqueId
	// updateHTML creates or replaces the block with the given id.
	updateHTML = gonbui.UpdateHTML
)

// Live shows a long run while it goes. Call Tick after each step (after
// recording it in the traces) and Finish at the end.
//
// In a GoNB notebook, Tick redraws a progress line and the loss curve in
// place, at most once per Every of wall time; Finish replaces them with the
// final progress line and displays the final figure as a normal output,
// which the saved notebook keeps (redrawn blocks keep only their last frame).
// Outside a notebook, Tick writes a compact progress line to Out at most
// once per OutEvery, and Finish writes the last one.
//
// A Live is not safe for concurrent use.
type Live struct {
	// Plot draws the curve; the zero LossPlot is the default.
	Plot LossPlot

	// Total is the expected last step; if it is positive, the progress line
	// shows the fraction done.
	Total int

	// Every is the least wall time between redraws in a notebook.
	// If Every is 0, it will be defaulted to 250 ms.
	Every time.Duration

	// Out receives the progress lines outside a notebook; nil writes nothing.
	Out io.Writer

	// OutEvery is the least wall time between progress lines on Out.
	// If OutEvery is 0, it will be defaulted to 2 s.
	OutEvery time.Duration

	// MaxPoints bounds the points per curve of a redraw; longer traces are
	// thinned to the first, lowest, highest and last point of each of
	// MaxPoints/4 stretches of steps, so spikes stay, and keep their first
	// non-finite point.
	// The final figure keeps every point; like every line of this package,
	// it is drawn with no more points than its pixels show.
	// If MaxPoints is 0, it will be defaulted to 2000.
	MaxPoints int

	// Now is the clock. If Now is nil, it will be defaulted to time.Now.
	Now func() time.Time

	traces  []*Trace
	id      string    // the redrawn block, "" before the first redraw
	start   time.Time // time of the first Tick
	started bool
	last    time.Time // time of the last redraw or progress line
	shown   bool      // whether a redraw or progress line happened
}

// Defaults of Live.
const (
	defaultEvery     = 250 * time.Millisecond
	defaultOutEvery  = 2 * time.Second
	defaultMaxPoints = 2000
)

// NewLive returns a Live view of the traces.
func NewLive(traces ...*Trace) *Live {
	return &Live{traces: traces}
}

// now reads the clock.
func (l *Live) now() time.Time {
	if l.Now == nil {
		return time.Now()
	}
	return l.Now()
}

// Tick redraws the view if the last redraw is old enough. It is cheap
// when no redraw is due: one clock reading.
func (l *Live) Tick() error {
	now := l.now()
	if !l.started {
		l.start, l.started = now, true
	}
	nb := inNotebook()
	if !nb && l.Out == nil {
		return nil
	}
	every := l.Every
	if !nb {
		every = l.OutEvery
		if every == 0 {
			every = defaultOutEvery
		}
	} else if every == 0 {
		every = defaultEvery
	}
	if l.shown && now.Sub(l.last) < every {
		return nil
	}
	l.last, l.shown = now, true
	if !nb {
		_, err := fmt.Fprintln(l.Out, l.progress(now, false))
		return err
	}
	return l.redraw(now)
}

// redraw replaces the notebook block with the progress line and the curve
// of the thinned traces.
func (l *Live) redraw(now time.Time) error {
	if l.id == "" {
		l.id = newDisplayID()
	}
	var b strings.Builder
	b.WriteString(progressHTML(l.progress(now, false)))
	if series := l.series(l.maxPoints()); series != nil {
		fig, err := l.Plot.Figure(series...)
		if err != nil {
			return err
		}
		png, err := fig.PNG(0, 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, `<img src="data:image/png;base64,%s" width="%d" height="%d">`,
			base64.StdEncoding.EncodeToString(png), cssPixels(fig.Width), cssPixels(fig.Height))
	}
	updateHTML(l.id, b.String())
	return pipeError()
}

// Finish ends the view. In a notebook it replaces the redrawn block by the
// final progress line and displays the final figure; outside, it writes the
// final progress line to Out. The final line leaves out the wall time, so a
// re-executed notebook shows the same text.
func (l *Live) Finish() error {
	line := l.progress(l.now(), true)
	if !inNotebook() {
		if l.Out == nil {
			return nil
		}
		_, err := fmt.Fprintln(l.Out, line)
		return err
	}
	if l.id != "" {
		updateHTML(l.id, progressHTML(line))
	}
	fig, err := l.Figure()
	if err != nil {
		return err
	}
	return fig.Show()
}

// Figure returns the loss curves of every point of the traces.
func (l *Live) Figure() (*Figure, error) {
	return l.Plot.Figure(l.series(math.MaxInt)...)
}

// maxPoints returns MaxPoints or its default.
func (l *Live) maxPoints() int {
	if l.MaxPoints <= 0 {
		return defaultMaxPoints
	}
	return l.MaxPoints
}

// series returns the losses of the non-empty traces, thinned to at most
// about n points each, or nil if no trace has a record.
func (l *Live) series(n int) []Series {
	var out []Series
	for _, t := range l.traces {
		if t.Len() > 0 {
			out = append(out, thin(t.Series(), n))
		}
	}
	return out
}

// thin keeps at most about n points of s: of each of n/4 equal stretches
// of its steps, the first, the lowest, the highest and the last (as lines
// are thinned per pixel column, see columnPoints), so that spikes stay in
// the redrawn curve; and its first non-finite point. Points after that one
// are not drawn anyway and are dropped.
func thin(s Series, n int) Series {
	if len(s.Y) <= n || n < 4 {
		return s
	}
	end := len(s.Y) // end of the finite prefix
	for i, y := range s.Y {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			end = i
			break
		}
	}
	var keep []int
	if end > 0 {
		x0, x1 := s.x(0), s.x(end-1)
		width := (x1 - x0) / float64(n/4)
		if !(width > 0) {
			width = 1
		}
		at := func(i int) vg.Point { return vg.Point{X: vg.Length((s.x(i) - x0) / width), Y: vg.Length(s.Y[i])} }
		keep = columnPoints(end, at, 1)
	}
	out := Series{Name: s.Name, X: make([]float64, 0, len(keep)+1), Y: make([]float64, 0, len(keep)+1)}
	for _, i := range keep {
		out.X = append(out.X, s.x(i))
		out.Y = append(out.Y, s.Y[i])
	}
	if end < len(s.Y) {
		out.X = append(out.X, s.x(end))
		out.Y = append(out.Y, s.Y[end])
	}
	return out
}

// progress returns the progress line: the step, the latest loss of each
// trace, and unless final the wall time since the first Tick.
func (l *Live) progress(now time.Time, final bool) string {
	var parts []string
	step, seen := 0, false
	for _, t := range l.traces {
		if n := t.Len(); n > 0 {
			if s := t.steps[n-1]; !seen || s > step {
				step = s
			}
			seen = true
		}
	}
	switch {
	case !seen:
		parts = append(parts, "no steps yet")
	case l.Total > 0:
		parts = append(parts, fmt.Sprintf("step %d/%d (%.0f%%)", step, l.Total, 100*float64(step)/float64(l.Total)))
	default:
		parts = append(parts, fmt.Sprintf("step %d", step))
	}
	for _, t := range l.traces {
		if n := t.Len(); n > 0 {
			name := t.Name
			if name == "" {
				name = "loss"
			}
			parts = append(parts, fmt.Sprintf("%s %.4g", name, t.losses[n-1]))
		}
	}
	if final {
		parts = append(parts, "done")
	} else if l.started {
		parts = append(parts, fmt.Sprintf("%.1f s", now.Sub(l.start).Seconds()))
	}
	return strings.Join(parts, " · ")
}

// progressHTML wraps a progress line for the notebook.
func progressHTML(line string) string {
	return `<div style="font-family: monospace">` + html.EscapeString(line) + `</div>`
}
