package plotting

import (
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
