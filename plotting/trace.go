package plotting

import (
	"fmt"
	"math"
	"slices"
)

// Names of extras with a meaning known to this package. ComparePlot labels
// its x axis from them; any other name is used as it is.
const (
	// ExtraEpoch is the (fractional) epoch of a record.
	ExtraEpoch = "epoch"
	// ExtraSeconds is the wall time of a record, in seconds since the start.
	ExtraSeconds = "seconds"
	// ExtraStepSize is the length of the step just taken, ‖Δθ‖.
	ExtraStepSize = "step_size"
)

// Extra is a named value recorded with a step, such as the epoch, the wall
// time or the effective step size. It is a plain value, safe to copy and
// share.
type Extra struct {
	Name  string
	Value float64
}

// Trace records an optimization run, one record per step: the step number,
// the loss, a copy of the parameters, the learning rate and optional named
// extras. The records are kept column by column in slices that grow by
// doubling, so appending costs amortised O(len(params)) time; after Grow,
// none allocates. The zero Trace is ready to use.
//
// A Trace is not safe for concurrent use.
type Trace struct {
	// Name labels the run in legends.
	Name string

	steps  []int
	losses []float64
	lrs    []float64
	params []float64 // row-major: record i is params[i*dim : (i+1)*dim]
	dim    int       // parameters per record, fixed by the first record

	extraNames []string    // in order of first appearance
	extras     [][]float64 // extras[j][i] is extra j at record i, NaN if not given
}

// NewTrace returns an empty trace named name.
func NewTrace(name string) *Trace {
	return &Trace{Name: name}
}

// Record appends one step. params is copied; it must have the same length
// at every record (nil or empty if parameters are not traced). Steps must
// increase. The loss may be NaN or ±Inf: plots show where a run diverged.
// An extra missing from a record reads as NaN there.
func (t *Trace) Record(step int, loss float64, params []float64, lr float64, extras ...Extra) error {
	n := len(t.steps)
	if n == 0 {
		t.dim = len(params)
	} else {
		if len(params) != t.dim {
			return fmt.Errorf("plotting: trace %q: record %d has %d parameters, want %d as in the first record", t.Name, n, len(params), t.dim)
		}
		if last := t.steps[n-1]; step <= last {
			return fmt.Errorf("plotting: trace %q: step %d after step %d, want increasing steps", t.Name, step, last)
		}
	}
	for i, e := range extras {
		if e.Name == "" {
			return fmt.Errorf("plotting: trace %q: extra %d of step %d has an empty name", t.Name, i, step)
		}
	}
	t.steps = append(t.steps, step)
	t.losses = append(t.losses, loss)
	t.lrs = append(t.lrs, lr)
	t.params = append(t.params, params...)
	for j := range t.extras {
		t.extras[j] = append(t.extras[j], math.NaN())
	}
	for _, e := range extras {
		j := slices.Index(t.extraNames, e.Name)
		if j < 0 {
			j = len(t.extraNames)
			t.extraNames = append(t.extraNames, e.Name)
			col := make([]float64, n+1)
			for i := range col {
				col[i] = math.NaN()
			}
			t.extras = append(t.extras, col)
		}
		t.extras[j][n] = e.Value
	}
	return nil
}

// Grow reserves room for n more records, so that recording them does not
// allocate (extras first given later excepted).
func (t *Trace) Grow(n int) {
	if n <= 0 {
		return
	}
	t.steps = slices.Grow(t.steps, n)
	t.losses = slices.Grow(t.losses, n)
	t.lrs = slices.Grow(t.lrs, n)
	t.params = slices.Grow(t.params, n*t.dim)
	for j := range t.extras {
		t.extras[j] = slices.Grow(t.extras[j], n)
	}
}

// Len returns the number of records.
func (t *Trace) Len() int { return len(t.steps) }

// Dim returns the number of parameters per record.
func (t *Trace) Dim() int { return t.dim }

// Steps returns the step numbers, as float64 for plotting.
func (t *Trace) Steps() []float64 {
	s := make([]float64, len(t.steps))
	for i, v := range t.steps {
		s[i] = float64(v)
	}
	return s
}

// Losses returns a copy of the losses.
func (t *Trace) Losses() []float64 { return slices.Clone(t.losses) }

// LRs returns a copy of the learning rates.
func (t *Trace) LRs() []float64 { return slices.Clone(t.lrs) }

// Params returns a copy of the parameters of record i, or nil if i is out of
// range.
func (t *Trace) Params(i int) []float64 {
	if i < 0 || i >= len(t.steps) {
		return nil
	}
	return slices.Clone(t.params[i*t.dim : (i+1)*t.dim])
}

// Param returns parameter j across all records, or nil if j is out of
// range.
func (t *Trace) Param(j int) []float64 {
	if j < 0 || j >= t.dim {
		return nil
	}
	s := make([]float64, len(t.steps))
	for i := range s {
		s[i] = t.params[i*t.dim+j]
	}
	return s
}

// Points2D returns the first two parameters across all records: the path of
// the run in the plane. Both are nil if the trace records fewer than two
// parameters.
func (t *Trace) Points2D() (x, y []float64) {
	return t.Param(0), t.Param(1)
}

// ExtraNames returns the names of the extras recorded, in order of first
// appearance.
func (t *Trace) ExtraNames() []string { return slices.Clone(t.extraNames) }

// Extra returns a copy of the extra named name across all records (NaN
// where a record lacks it), and false if no record has it.
func (t *Trace) Extra(name string) ([]float64, bool) {
	j := slices.Index(t.extraNames, name)
	if j < 0 {
		return nil, false
	}
	return slices.Clone(t.extras[j]), true
}

// Series returns the losses against the steps, named after the trace.
func (t *Trace) Series() Series {
	return Series{Name: t.Name, X: t.Steps(), Y: t.Losses()}
}

// LRSeries returns the learning rates against the steps, named after the
// trace.
func (t *Trace) LRSeries() Series {
	return Series{Name: t.Name, X: t.Steps(), Y: t.LRs()}
}

// LossAgainst returns the losses against x: "step" (or "") for the steps,
// otherwise the extra of that name, which every record must have.
func (t *Trace) LossAgainst(x string) (Series, error) {
	xs, err := t.abscissae(x)
	if err != nil {
		return Series{}, err
	}
	return Series{Name: t.Name, X: xs, Y: t.Losses()}, nil
}

// ExtraAgainst returns the extra named y against x, named after the trace:
// x is "step" (or "") for the steps, otherwise the extra of that name, which
// every record must have. Records without y (NaN there) are left out, so a
// value measured less often than the loss, such as a test accuracy once per
// epoch, plots as a line through its measurements.
func (t *Trace) ExtraAgainst(y, x string) (Series, error) {
	ys, ok := t.Extra(y)
	if !ok {
		return Series{}, fmt.Errorf("plotting: trace %q has no extra %q; it has %q", t.Name, y, t.extraNames)
	}
	xs, err := t.abscissae(x)
	if err != nil {
		return Series{}, err
	}
	s := Series{Name: t.Name}
	for i, v := range ys {
		if !math.IsNaN(v) {
			s.X, s.Y = append(s.X, xs[i]), append(s.Y, v)
		}
	}
	return s, nil
}

// abscissae returns the steps if x is "step" or "", otherwise the extra
// named x, which every record must have.
func (t *Trace) abscissae(x string) ([]float64, error) {
	if x == "" || x == "step" {
		return t.Steps(), nil
	}
	xs, ok := t.Extra(x)
	if !ok {
		return nil, fmt.Errorf("plotting: trace %q has no extra %q; it has %q", t.Name, x, t.extraNames)
	}
	for i, v := range xs {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("plotting: trace %q: step %d has no extra %q", t.Name, t.steps[i], x)
		}
	}
	return xs, nil
}

// Path returns the path of the run through its first two parameters, named
// after the trace, for LandscapePlot.
func (t *Trace) Path() (Path, error) {
	if t.dim < 2 {
		return Path{}, fmt.Errorf("plotting: trace %q records %d parameters, want at least 2 for a path", t.Name, t.dim)
	}
	x, y := t.Points2D()
	return Path{Name: t.Name, X: x, Y: y}, nil
}
