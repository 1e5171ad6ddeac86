package optim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrConcurrentUse is wrapped by the error of a call that found another call
// using the same optimizer: Step, ZeroGrad (which panics with it), the
// learning-rate and momentum setters, MarshalBinary, UnmarshalBinary and
// State each take the optimizer for their duration, and one that overlaps
// another fails before it reads or changes anything. An optimizer is not
// safe for concurrent use (see Optimizer); this catches the misuse when the
// calls do overlap, instead of letting them race.
var ErrConcurrentUse = errors.New("the optimizer is in use by another call (an optimizer is not safe for concurrent use)")

// NonFiniteError is the error Step returns when a gradient holds NaN or ±Inf
// (unless the optimizer was built with AllowNonFinite(true)). Nothing was
// changed: parameters, state and step count are as before the call. It is a
// plain value, safe to read from any goroutine.
type NonFiniteError struct {
	Optimizer string  // the optimizer's torch name, e.g. "Adam"
	Param     int     // index of the parameter in Params()
	Name      string  // the parameter's name; may be empty
	Index     int     // index of the first non-finite element of its Grad
	Value     float64 // that element: NaN, +Inf or -Inf
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("optim: %s: gradient of %s has %v at index %d", e.Optimizer, paramLabel(e.Param, e.Name), e.Value, e.Index)
}

// paramLabel names parameter i in error messages: its quoted name, or its
// index when it has none.
func paramLabel(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("parameter %d", i)
	}
	return fmt.Sprintf("%q", name)
}

// interval is an allowed range of a hyperparameter; its bounds may be open.
type interval struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

var (
	nonNegative = interval{lo: 0, hi: math.Inf(1), hiOpen: true}               // [0, inf)
	positive    = interval{lo: 0, hi: math.Inf(1), loOpen: true, hiOpen: true} // (0, inf)
	unitOpen    = interval{lo: 0, hi: 1, hiOpen: true}                         // [0, 1)
	unit        = interval{lo: 0, hi: 1}                                       // [0, 1]
)

// contains reports whether x is in r; NaN is in no interval.
func (r interval) contains(x float64) bool {
	aboveLo := x > r.lo || !r.loOpen && x == r.lo
	belowHi := x < r.hi || !r.hiOpen && x == r.hi
	return aboveLo && belowHi
}

func (r interval) String() string {
	l, h := "[", "]"
	if r.loOpen {
		l = "("
	}
	if r.hiOpen {
		h = ")"
	}
	return fmt.Sprintf("%s%s, %s%s", l, fmtBound(r.lo), fmtBound(r.hi), h)
}

func fmtBound(x float64) string {
	if math.IsInf(x, 1) {
		return "inf"
	}
	return fmtFloat(x)
}

// float32Range returns the values of float32 that lie in r, as an interval
// with closed bounds, for error messages.
func (r interval) float32Range() string {
	lo, hi := float32(r.lo), float32(r.hi)
	if r.loOpen || float64(lo) < r.lo {
		lo = math.Nextafter32(lo, float32(math.Inf(1)))
	}
	if math.IsInf(r.hi, 1) {
		hi = math.MaxFloat32
	} else if r.hiOpen || float64(hi) > r.hi {
		hi = math.Nextafter32(hi, float32(math.Inf(-1)))
	}
	f := func(x float32) string { return strconv.FormatFloat(float64(x), 'g', -1, 32) }
	return fmt.Sprintf("[%s, %s]", f(lo), f(hi))
}

// rangeCheck accumulates the first hyperparameter that is out of range.
// Its message names the parameter group when group >= 0; it is built only
// on failure, so that a successful check allocates nothing. With float32
// set, a hyperparameter that meets the tensors as a float32 must be in its
// range after rounding to float32 too: Eps(1e-50) is 0 there, LR(1e39) +Inf.
type rangeCheck struct {
	opt     string
	group   int
	float32 bool // the optimizer's element type is float32
	err     error
}

func (c *rangeCheck) who() string {
	if c.group < 0 {
		return c.opt
	}
	return fmt.Sprintf("%s: parameter group %d", c.opt, c.group)
}

// in records an error unless x, the hyperparameter named name (torch's
// name), lies in r, in float64 and, for a float32 optimizer, rounded to
// float32, the type in which it meets the tensors.
func (c *rangeCheck) in(name string, x float64, r interval) {
	c.in64(name, x, r)
	if c.err == nil && c.float32 {
		if y := float64(float32(x)); !r.contains(y) {
			c.err = fmt.Errorf("optim: %s: %s = %s rounds to %s in float32, outside %v: a float32 optimizer takes %s in %s",
				c.who(), name, fmtFloat(x), fmtFloat(y), r, name, r.float32Range())
		}
	}
}

// in64 is in for a hyperparameter that is used in float64 only, whatever
// the element type (NAdam's momentum_decay, Adagrad's lr_decay).
func (c *rangeCheck) in64(name string, x float64, r interval) {
	if c.err == nil && !r.contains(x) {
		c.err = fmt.Errorf("optim: %s: %s = %s is outside %v", c.who(), name, fmtFloat(x), r)
	}
}

// fail records an error about a rule between hyperparameters, unless one
// was recorded before.
func (c *rangeCheck) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("optim: %s: %s", c.who(), fmt.Sprintf(format, args...))
	}
}
