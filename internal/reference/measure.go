package reference

import (
	"fmt"
	"math"
)

// The README's error measure: Floor is the share of S below which the
// denominator does not fall; Tol64 and Tol32 are the largest error a run of
// that dtype may have.
const (
	Floor = 0.1
	Tol64 = 1e-12
	Tol32 = 1e-5
)

// Tolerance returns the largest error MaxErr may report for a run of the
// given dtype: Tol64 for "float64", Tol32 for "float32".
func Tolerance(dtype string) (float64, error) {
	switch dtype {
	case "float64":
		return Tol64, nil
	case "float32":
		return Tol32, nil
	}
	return 0, fmt.Errorf("reference: dtype %q, want float32 or float64", dtype)
}

// Worst is the largest error MaxErr found and where it occurs.
type Worst struct {
	Err       float64 // the error; 0 if every value matches, +Inf for a NaN or infinite candidate
	Step      int     // the row (the step) where it occurs; -1 if Err is 0
	Elem      int     // the element in the row; -1 if Err is 0
	Got, Want float64 // the candidate and reference values there
}

// String describes the worst error and its place.
func (w Worst) String() string {
	if w.Step < 0 {
		return "no error"
	}
	return fmt.Sprintf("error %.3g at step %d element %d (got %v, want %v)", w.Err, w.Step, w.Elem, w.Got, w.Want)
}

// MaxErr returns the largest error of cand against ref, over all rows and
// elements, with the README's measure
//
//	err = |cand - ref| / max(|ref|, floor*S)
//
// where S is the largest |ref| anywhere in ref. Use floor = [Floor]; 0 gives
// plain relative errors. Where the denominator is 0 (ref is 0 and so is
// floor*S) the error is 0 for an equal candidate and +Inf otherwise. A NaN or
// infinite candidate has error +Inf.
//
// Rows are steps: compare params_after_step directly, and a loss history
// through [Column]. MaxErr returns an error if cand's rows differ in number
// or length from ref's, or floor is outside [0, 1].
func MaxErr(ref, cand [][]float64, floor float64) (Worst, error) {
	worst := Worst{Step: -1, Elem: -1}
	if !(floor >= 0 && floor <= 1) {
		return worst, fmt.Errorf("reference: floor %v out of range [0, 1]", floor)
	}
	if len(cand) != len(ref) {
		return worst, fmt.Errorf("reference: %d candidate rows, want %d", len(cand), len(ref))
	}
	scale := 0.0
	for k, r := range ref {
		if len(cand[k]) != len(r) {
			return worst, fmt.Errorf("reference: row %d: %d candidate values, want %d", k, len(cand[k]), len(r))
		}
		for _, v := range r {
			scale = max(scale, math.Abs(v))
		}
	}
	low := floor * scale
	for k, r := range ref {
		for i, want := range r {
			got := cand[k][i]
			var e float64
			switch d := max(math.Abs(want), low); {
			case math.IsNaN(got) || math.IsInf(got, 0):
				e = math.Inf(1)
			case got == want:
				e = 0
			case d == 0:
				e = math.Inf(1)
			default:
				e = math.Abs(got-want) / d
			}
			if e > worst.Err {
				worst = Worst{Err: e, Step: k, Elem: i, Got: got, Want: want}
			}
		}
	}
	return worst, nil
}

// Column returns v as rows of one value each: a loss history in the shape
// MaxErr compares.
func Column(v []float64) [][]float64 {
	rows := make([][]float64, len(v))
	for i := range v {
		rows[i] = v[i : i+1 : i+1]
	}
	return rows
}
