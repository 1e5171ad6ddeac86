package schedule_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/descentlab/descent/pkg/optim/schedule"
)

// TestWarmRestartsFractionalTorch replays torch 1.13's
// CosineAnnealingWarmRestarts stepped with fractional epochs, step(epoch +
// i/iters), then with plain steps (testdata/warm_restarts_fractional.json,
// from testdata/gen/gen_warm_restarts.py): every learning rate bit for bit
// where the C library's cosine that torch called was correctly rounded, and
// within an ulp of the cosine (2e-16 relative) at the steps where it was
// not, as the file records (one step in 123).
func TestWarmRestartsFractionalTorch(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "warm_restarts_fractional.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Runs []struct {
			T0             int       `json:"T_0"`
			TMult          int       `json:"T_mult"`
			EtaMin         float64   `json:"eta_min"`
			BaseLR         float64   `json:"base_lr"`
			Epochs         []float64 `json:"epochs"`
			Initial        float64   `json:"lr_initial"`
			AfterStepEpoch []float64 `json:"lr_after_step_epoch"`
			AfterStep      []float64 `json:"lr_after_step"`
			ExactEpoch     []bool    `json:"cos_correctly_rounded_step_epoch"`
			Exact          []bool    `json:"cos_correctly_rounded_step"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Runs) == 0 {
		t.Fatal("no runs")
	}
	inexact := 0
	for _, r := range ref.Runs {
		if len(r.ExactEpoch) != len(r.Epochs) || len(r.Exact) != len(r.AfterStep) || len(r.AfterStepEpoch) != len(r.Epochs) {
			t.Fatal("the file's lists differ in length")
		}
		opt := newOpt(t, r.BaseLR, 0)
		s, err := schedule.NewCosineAnnealingWarmRestarts(opt, r.T0, r.TMult, r.EtaMin)
		if err != nil {
			t.Fatal(err)
		}
		same := func(what string, i int, want float64, exact bool) {
			t.Helper()
			got := opt.GroupLR(0)
			if exact && math.Float64bits(got) != math.Float64bits(want) || !exact && math.Abs(got-want) > 2e-16*want {
				t.Errorf("T_0=%d T_mult=%d: %s %d: lr %v, torch %v (exact: %v)", r.T0, r.TMult, what, i, got, want, exact)
			}
			if !exact {
				inexact++
			}
		}
		same("initial", 0, r.Initial, true)
		for i, e := range r.Epochs {
			if err := s.StepTo(e); err != nil {
				t.Fatal(err)
			}
			same("step(epoch="+ftoa(e)+")", i, r.AfterStepEpoch[i], r.ExactEpoch[i])
		}
		for i, want := range r.AfterStep {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
			same("step()", i, want, r.Exact[i])
		}
	}
	t.Logf("%d steps where glibc's cos was not correctly rounded", inexact)
}

func ftoa(x float64) string { b, _ := json.Marshal(x); return string(b) }

// TestWarmRestartsStepToErrors checks that a bad epoch is refused and
// changes nothing.
func TestWarmRestartsStepToErrors(t *testing.T) {
	opt := newOpt(t, 0.1, 0)
	s, err := schedule.NewCosineAnnealingWarmRestarts(opt, 4, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StepTo(2.5); err != nil {
		t.Fatal(err)
	}
	before := state(t, s)
	lr := opt.GroupLR(0)
	for _, e := range []float64{-0.5, math.NaN(), math.Inf(1), 1e12} {
		if err := s.StepTo(e); err == nil {
			t.Errorf("StepTo(%v): no error", e)
		}
	}
	if string(before) != string(state(t, s)) || opt.GroupLR(0) != lr {
		t.Error("a refused StepTo changed the scheduler or the optimizer")
	}
}

// TestStepToAllocatesNothing checks the fractional steps.
func TestStepToAllocatesNothing(t *testing.T) {
	opt := newOpt(t, 0.1, 0.2)
	s, err := schedule.NewCosineAnnealingWarmRestarts(opt, 3, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	e := 0.0
	if n := testing.AllocsPerRun(50, func() {
		e += 0.37
		if err := s.StepTo(e); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("StepTo allocates %v times", n)
	}
}
