package optim

import (
	"fmt"
	"math"
)

// NonFiniteError is the error Step returns when a gradient holds NaN or ±Inf
// (unless the optimizer was built with AllowNonFinite(true)). Nothing was
// changed: parameters, state and step count are as before the call.
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

// rangeCheck accumulates the first hyperparameter that is out of range.
// Its message names the parameter group when group >= 0; it is built only
// on failure, so that a successful check allocates nothing.
type rangeCheck struct {
	opt   string
	group int
	err   error
}

func (c *rangeCheck) who() string {
	if c.group < 0 {
		return c.opt
	}
	return fmt.Sprintf("%s: parameter group %d", c.opt, c.group)
}

// in records an error unless x, the hyperparameter named name (torch's
// name), lies in r.
func (c *rangeCheck) in(name string, x float64, r interval) {
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
