package reference

import (
	"math"
	"strings"
	"testing"
)

func TestTolerance(t *testing.T) {
	for dtype, want := range map[string]float64{"float64": 1e-12, "float32": 1e-5} {
		if got, err := Tolerance(dtype); err != nil || got != want {
			t.Errorf("Tolerance(%q) = %v, %v; want %v", dtype, got, err, want)
		}
	}
	if _, err := Tolerance("float16"); err == nil || !strings.Contains(err.Error(), `"float16"`) {
		t.Errorf("Tolerance(float16): error %v", err)
	}
}

// TestMaxErr checks the measure on values whose errors are worked out by
// hand in the comments.
func TestMaxErr(t *testing.T) {
	ref := [][]float64{{10, -2}, {0, 4}} // S = 10, floor 0.1*S = 1
	for _, c := range []struct {
		name  string
		cand  [][]float64
		floor float64
		want  Worst
	}{
		{"equal", [][]float64{{10, -2}, {0, 4}}, Floor, Worst{0, -1, -1, 0, 0}},
		// |10.5-10|/10 = 0.05 beats |-2.08+2|/2 = 0.04 and |0.03-0|/1 = 0.03.
		{"relative", [][]float64{{10.5, -2.08}, {0.03, 4}}, Floor, Worst{0.05, 0, 0, 10.5, 10}},
		// Near zero the floor applies: |0.5-0|/max(0, 1) = 0.5.
		{"floor", [][]float64{{10, -2}, {0.5, 4}}, Floor, Worst{0.5, 1, 0, 0.5, 0}},
		// |4.4-4|/4 = 0.1 beats |-2.08+2|/2 = 0.04.
		{"later step", [][]float64{{10, -2.08}, {0, 4.4}}, Floor, Worst{0.1, 1, 1, 4.4, 4}},
		// floor 0: any error at a zero reference is infinite.
		{"no floor", [][]float64{{10, -2}, {1e-300, 4}}, 0, Worst{math.Inf(1), 1, 0, 1e-300, 0}},
		{"NaN", [][]float64{{10, math.NaN()}, {0, 4}}, Floor, Worst{math.Inf(1), 0, 1, math.NaN(), -2}},
		{"Inf", [][]float64{{10, -2}, {0, math.Inf(-1)}}, Floor, Worst{math.Inf(1), 1, 1, math.Inf(-1), 4}},
	} {
		got, err := MaxErr(ref, c.cand, c.floor)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if math.Abs(got.Err-c.want.Err) > 1e-12*c.want.Err || got.Step != c.want.Step || got.Elem != c.want.Elem ||
			(got.Got != c.want.Got && !math.IsNaN(c.want.Got)) || got.Want != c.want.Want {
			t.Errorf("%s: MaxErr = %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestMaxErrZeroReference(t *testing.T) {
	zero := [][]float64{{0, 0}}
	if w, err := MaxErr(zero, [][]float64{{0, 0}}, Floor); err != nil || w.Err != 0 {
		t.Errorf("all zero, equal: %+v, %v", w, err)
	}
	if w, err := MaxErr(zero, [][]float64{{0, 1e-30}}, Floor); err != nil || !math.IsInf(w.Err, 1) {
		t.Errorf("all zero, one differs: %+v, %v; want +Inf", w, err)
	}
}

func TestMaxErrRejects(t *testing.T) {
	ref := [][]float64{{1, 2}, {3, 4}}
	for _, c := range []struct {
		name  string
		cand  [][]float64
		floor float64
		want  string
	}{
		{"rows", [][]float64{{1, 2}}, Floor, "1 candidate rows, want 2"},
		{"length", [][]float64{{1, 2}, {3}}, Floor, "row 1: 1 candidate values, want 2"},
		{"negative floor", ref, -0.1, "floor -0.1 out of range [0, 1]"},
		{"NaN floor", ref, math.NaN(), "out of range"},
		{"floor above 1", ref, 2, "out of range"},
	} {
		if _, err := MaxErr(ref, c.cand, c.floor); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestColumn(t *testing.T) {
	rows := Column([]float64{1, 2, 3})
	if len(rows) != 3 || len(rows[1]) != 1 || rows[2][0] != 3 {
		t.Fatalf("Column = %v", rows)
	}
	rows[0] = append(rows[0], 9) // capacity 1: must not overwrite the next value
	if rows[1][0] != 2 {
		t.Errorf("appending to a row changed the next one: %v", rows)
	}
}

func TestWorstString(t *testing.T) {
	if s := (Worst{Step: -1, Elem: -1}).String(); s != "no error" {
		t.Errorf("zero Worst: %q", s)
	}
	s := Worst{Err: 0.05, Step: 3, Elem: 1, Got: 10.5, Want: 10}.String()
	if s != "error 0.05 at step 3 element 1 (got 10.5, want 10)" {
		t.Errorf("String = %q", s)
	}
}
