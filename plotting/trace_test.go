package plotting

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestTraceRecord(t *testing.T) {
	tr := NewTrace("SGD")
	p := []float64{1, 2}
	if err := tr.Record(0, 5, p, 0.1); err != nil {
		t.Fatal(err)
	}
	p[0] = 100 // Record copied the parameters
	if err := tr.Record(3, 4, []float64{3, 4}, 0.05, Extra{Name: ExtraEpoch, Value: 0.5}); err != nil {
		t.Fatal(err)
	}
	if err := tr.Record(7, nan, []float64{5, 6}, 0.01); err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 3 || tr.Dim() != 2 {
		t.Fatalf("Len, Dim = %d, %d, want 3, 2", tr.Len(), tr.Dim())
	}
	if got := tr.Steps(); !reflect.DeepEqual(got, []float64{0, 3, 7}) {
		t.Errorf("Steps = %v", got)
	}
	if got := tr.LRs(); !reflect.DeepEqual(got, []float64{0.1, 0.05, 0.01}) {
		t.Errorf("LRs = %v", got)
	}
	if got := tr.Losses(); got[0] != 5 || got[1] != 4 || !math.IsNaN(got[2]) {
		t.Errorf("Losses = %v, want [5 4 NaN]", got)
	}
	if got := tr.Params(0); !reflect.DeepEqual(got, []float64{1, 2}) {
		t.Errorf("Params(0) = %v, want [1 2]", got)
	}
	if got := tr.Params(3); got != nil {
		t.Errorf("Params(3) = %v, want nil", got)
	}
	x, y := tr.Points2D()
	if !reflect.DeepEqual(x, []float64{1, 3, 5}) || !reflect.DeepEqual(y, []float64{2, 4, 6}) {
		t.Errorf("Points2D = %v, %v", x, y)
	}
	// The extra first given at record 1 reads NaN at records 0 and 2.
	e, ok := tr.Extra(ExtraEpoch)
	if !ok || len(e) != 3 || !math.IsNaN(e[0]) || e[1] != 0.5 || !math.IsNaN(e[2]) {
		t.Errorf("Extra(epoch) = %v, %v, want [NaN 0.5 NaN], true", e, ok)
	}
	if _, ok := tr.Extra("missing"); ok {
		t.Error("Extra(missing) found")
	}
	// Results are copies.
	tr.Losses()[0] = -1
	tr.Params(0)[0] = -1
	if tr.Losses()[0] != 5 || tr.Params(0)[0] != 1 {
		t.Error("changing a returned slice changed the trace")
	}
	s := tr.Series()
	if s.Name != "SGD" || !reflect.DeepEqual(s.X, []float64{0, 3, 7}) {
		t.Errorf("Series = %+v", s)
	}
	path, err := tr.Path()
	if err != nil || path.Name != "SGD" || !reflect.DeepEqual(path.X, x) {
		t.Errorf("Path = %+v, %v", path, err)
	}
}

func TestTraceRecordErrors(t *testing.T) {
	tr := NewTrace("Adam")
	if err := tr.Record(1, 1, []float64{1, 2}, 0.1); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"params", tr.Record(2, 1, []float64{1}, 0.1), "record 1 has 1 parameters, want 2"},
		{"step order", tr.Record(1, 1, []float64{1, 2}, 0.1), "step 1 after step 1, want increasing steps"},
		{"extra name", tr.Record(5, 1, []float64{1, 2}, 0.1, Extra{Value: 1}), "extra 0 of step 5 has an empty name"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error = %v, want it to contain %q", c.name, c.err, c.want)
		}
	}
	if tr.Len() != 1 {
		t.Errorf("failed records were kept: Len = %d, want 1", tr.Len())
	}
}

func TestTraceLossAgainst(t *testing.T) {
	tr := NewTrace("run")
	_ = tr.Record(0, 3, nil, 0.1, Extra{Name: ExtraSeconds, Value: 0.5})
	_ = tr.Record(1, 2, nil, 0.1)
	if _, err := tr.LossAgainst(ExtraSeconds); err == nil || !strings.Contains(err.Error(), `step 1 has no extra "seconds"`) {
		t.Errorf("LossAgainst with a missing value: error = %v", err)
	}
	if _, err := tr.LossAgainst("epoch"); err == nil || !strings.Contains(err.Error(), `no extra "epoch"`) {
		t.Errorf("LossAgainst an unknown extra: error = %v", err)
	}
	if _, err := tr.Path(); err == nil || !strings.Contains(err.Error(), "records 0 parameters, want at least 2") {
		t.Errorf("Path of a trace without parameters: error = %v", err)
	}
	s, err := tr.LossAgainst("step")
	if err != nil || !reflect.DeepEqual(s.X, []float64{0, 1}) {
		t.Errorf("LossAgainst(step) = %+v, %v", s, err)
	}
}

// TestTraceExtraAgainst checks that records without the extra are left out
// and that a missing extra or abscissa is an error.
func TestTraceExtraAgainst(t *testing.T) {
	tr := NewTrace("run")
	for step := range 6 {
		extras := []Extra{{Name: ExtraEpoch, Value: float64(step) / 3}}
		if step%3 == 2 {
			extras = append(extras, Extra{Name: "accuracy", Value: 0.5 + float64(step)/20})
		}
		if err := tr.Record(step, 1, nil, 0.1, extras...); err != nil {
			t.Fatal(err)
		}
	}
	s, err := tr.ExtraAgainst("accuracy", "")
	if err != nil || s.Name != "run" || !reflect.DeepEqual(s.X, []float64{2, 5}) || !reflect.DeepEqual(s.Y, []float64{0.6, 0.75}) {
		t.Errorf("ExtraAgainst(accuracy, step) = %+v, %v, want X [2 5], Y [0.6 0.75]", s, err)
	}
	s, err = tr.ExtraAgainst("accuracy", ExtraEpoch)
	if err != nil || !reflect.DeepEqual(s.X, []float64{2.0 / 3, 5.0 / 3}) {
		t.Errorf("ExtraAgainst(accuracy, epoch) = %+v, %v, want X [2/3 5/3]", s, err)
	}
	if _, err := tr.ExtraAgainst("loss2", ""); err == nil || !strings.Contains(err.Error(), `no extra "loss2"; it has ["epoch" "accuracy"]`) {
		t.Errorf("ExtraAgainst an unknown extra: error = %v", err)
	}
	if _, err := tr.ExtraAgainst(ExtraEpoch, "accuracy"); err == nil || !strings.Contains(err.Error(), `step 0 has no extra "accuracy"`) {
		t.Errorf("ExtraAgainst an abscissa with gaps: error = %v", err)
	}
}

// TestComparePlotY checks the ordinate choices of ComparePlot and their
// default labels.
func TestComparePlotY(t *testing.T) {
	tr := NewTrace("run")
	_ = tr.Record(0, 2, nil, 0.1, Extra{Name: "accuracy", Value: 0.4})
	_ = tr.Record(1, 1, nil, 0.1)
	_ = tr.Record(2, 0.5, nil, 0.1, Extra{Name: "accuracy", Value: 0.9})
	for _, c := range []struct {
		cp         ComparePlot
		label      string
		ymin, ymax float64
	}{
		{ComparePlot{}, "loss", 0.5, 2},
		{ComparePlot{Y: "loss"}, "loss", 0.5, 2},
		{ComparePlot{Y: "accuracy"}, "accuracy", 0.4, 0.9},
		{ComparePlot{Y: "accuracy", YLabel: "test accuracy"}, "test accuracy", 0.4, 0.9},
	} {
		f, err := c.cp.Figure(tr)
		if err != nil {
			t.Fatalf("%+v: %v", c.cp, err)
		}
		p := f.Plot()
		if p.Y.Label.Text != c.label || p.Y.Min != c.ymin || p.Y.Max != c.ymax {
			t.Errorf("%+v: y axis %q over [%v, %v], want %q over [%v, %v]", c.cp, p.Y.Label.Text, p.Y.Min, p.Y.Max, c.label, c.ymin, c.ymax)
		}
	}
	if _, err := (ComparePlot{Y: "f1"}).Figure(tr); err == nil || !strings.Contains(err.Error(), `no extra "f1"`) {
		t.Errorf("ComparePlot of an unknown extra: error = %v", err)
	}
	// An extra recorded only as NaN leaves nothing to draw.
	empty := NewTrace("empty")
	_ = empty.Record(0, 1, nil, 0.1, Extra{Name: "accuracy", Value: nan})
	if _, err := (ComparePlot{Y: "accuracy"}).Figure(empty); !errors.Is(err, ErrNoData) {
		t.Errorf("ComparePlot of an extra without values: error = %v, want ErrNoData", err)
	}
}

// TestSchedulePlotFitY checks that a linear y axis includes 0 unless FitY.
func TestSchedulePlotFitY(t *testing.T) {
	s := Series{Y: []float64{0.95, 0.85, 0.9}}
	for _, c := range []struct {
		sp         SchedulePlot
		ymin, ymax float64
	}{
		{SchedulePlot{}, 0, 0.95},
		{SchedulePlot{FitY: true}, 0.85, 0.95},
		{SchedulePlot{FitY: true, LogY: true}, 0.85, 0.95},
	} {
		f, err := c.sp.Figure(s)
		if err != nil {
			t.Fatal(err)
		}
		if p := f.Plot(); p.Y.Min != c.ymin || p.Y.Max != c.ymax {
			t.Errorf("%+v: y axis [%v, %v], want [%v, %v]", c.sp, p.Y.Min, p.Y.Max, c.ymin, c.ymax)
		}
	}
}

// TestTraceRecordAllocs checks that recording allocates nothing after Grow,
// extras included.
func TestTraceRecordAllocs(t *testing.T) {
	tr := NewTrace("SGD")
	p := []float64{1, 2, 3}
	step := 0
	record := func() {
		_ = tr.Record(step, 1, p, 0.1, Extra{Name: ExtraEpoch, Value: 1})
		step++
	}
	record() // the first record fixes the parameter count and the extras
	tr.Grow(2000)
	if allocs := testing.AllocsPerRun(1000, record); allocs != 0 {
		t.Errorf("Record allocates %v times per call after Grow", allocs)
	}
}
