package schedule_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
)

type kw = map[string]any

// TestFromTorch checks that FromTorch builds the scheduler its constructor
// builds from the arguments and torch 1.13's defaults written out here: the
// two have the same checkpoint (every setting and the position) after
// construction and after each of 12 steps, and set the same learning rates
// and momentum factors, on an optimizer with two parameter groups.
func TestFromTorch(t *testing.T) {
	for _, c := range []struct {
		name   string
		kwargs kw
		want   func(o optim.LRGroups) (schedule.Scheduler, error)
	}{
		{"StepLR", kw{"step_size": 3.0}, func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewStepLR(o, 3, 0.1) }},
		{"StepLR", kw{"step_size": 3, "gamma": 0.5, "last_epoch": -1.0, "verbose": false},
			func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewStepLR(o, 3, 0.5) }},
		{"MultiStepLR", kw{"milestones": []any{2.0, 5.0, 5.0}}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewMultiStepLR(o, []int{2, 5, 5}, 0.1)
		}},
		{"MultiStepLR", kw{"milestones": []int{4, 7}, "gamma": float32(0.5)}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewMultiStepLR(o, []int{4, 7}, 0.5)
		}},
		{"ExponentialLR", kw{"gamma": 0.9}, func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewExponentialLR(o, 0.9) }},
		{"CosineAnnealingLR", kw{"T_max": 10.0}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewCosineAnnealingLR(o, 10, 0)
		}},
		{"CosineAnnealingLR", kw{"T_max": int64(8), "eta_min": 0.01}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewCosineAnnealingLR(o, 8, 0.01)
		}},
		{"LinearLR", kw{}, func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewLinearLR(o, 1.0/3, 1, 5) }},
		{"LinearLR", kw{"start_factor": 1.0, "end_factor": 0.1, "total_iters": 8.0}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewLinearLR(o, 1, 0.1, 8)
		}},
		{"OneCycleLR", kw{"max_lr": 0.5, "total_steps": 12.0}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewOneCycleLR(o, 0.5, 12)
		}},
		{"OneCycleLR", kw{"max_lr": 0.5, "epochs": 3.0, "steps_per_epoch": 4.0}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewOneCycleLR(o, 0.5, 12)
		}},
		{"OneCycleLR", kw{"max_lr": 0.2, "total_steps": 20.0, "pct_start": 0.25, "anneal_strategy": "linear",
			"cycle_momentum": true, "base_momentum": 0.8, "max_momentum": 0.9, "div_factor": 10.0,
			"final_div_factor": 100.0, "three_phase": true},
			func(o optim.LRGroups) (schedule.Scheduler, error) {
				return schedule.NewOneCycleLR(o, 0.2, 20, schedule.PctStart(0.25), schedule.AnnealLinear(true),
					schedule.CycleMomentum(true), schedule.BaseMomentum(0.8), schedule.MaxMomentum(0.9),
					schedule.DivFactor(10), schedule.FinalDivFactor(100), schedule.ThreePhase(true))
			}},
		{"OneCycleLR", kw{"max_lr": 0.2, "total_steps": 20.0, "anneal_strategy": "cos", "cycle_momentum": false},
			func(o optim.LRGroups) (schedule.Scheduler, error) {
				return schedule.NewOneCycleLR(o, 0.2, 20, schedule.AnnealLinear(false), schedule.CycleMomentum(false))
			}},
		{"SequentialLR", kw{"milestones": []any{4.0}, "schedulers": []any{
			kw{"name": "LinearLR", "params": kw{"start_factor": 0.1, "total_iters": 4.0}},
			kw{"name": "CosineAnnealingLR", "params": kw{"T_max": 8.0}},
		}}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			warm, err := schedule.NewLinearLR(o, 0.1, 1, 4)
			if err != nil {
				return nil, err
			}
			cos, err := schedule.NewCosineAnnealingLR(o, 8, 0)
			if err != nil {
				return nil, err
			}
			return schedule.NewSequentialLR(o, []schedule.Scheduler{warm, cos}, []int{4})
		}},
		{"ChainedScheduler", kw{"schedulers": []map[string]any{
			{"name": "LinearLR", "params": kw{"start_factor": 0.5, "total_iters": 4}},
			{"name": "ExponentialLR", "params": kw{"gamma": 0.95}},
		}}, func(o optim.LRGroups) (schedule.Scheduler, error) {
			lin, err := schedule.NewLinearLR(o, 0.5, 1, 4)
			if err != nil {
				return nil, err
			}
			exp, err := schedule.NewExponentialLR(o, 0.95)
			if err != nil {
				return nil, err
			}
			return schedule.NewChainedScheduler(lin, exp)
		}},
	} {
		optGot, optWant := newOpt(t, 0.1, 0.4), newOpt(t, 0.1, 0.4)
		got, err := schedule.FromTorch(optGot, c.name, c.kwargs)
		if err != nil {
			t.Errorf("%s%v: %v", c.name, c.kwargs, err)
			continue
		}
		want, err := c.want(optWant)
		if err != nil {
			t.Fatalf("%s: the constructor fails: %v", c.name, err)
		}
		for k := 0; k <= 12; k++ {
			if k > 0 && (got.Step() != nil || want.Step() != nil) {
				t.Fatalf("%s%v: step %d fails", c.name, c.kwargs, k)
			}
			if !bytes.Equal(marshalState(t, got), marshalState(t, want)) || !sameRates(optGot, optWant) {
				t.Errorf("%s%v: after %d steps: not the scheduler %s's constructor builds (lr %v, want %v)",
					c.name, c.kwargs, k, c.name, optGot.GroupLR(0), optWant.GroupLR(0))
				break
			}
		}
	}
}

// TestPlateauFromTorch checks PlateauFromTorch against NewReduceLROnPlateau
// as TestFromTorch checks FromTorch, stepping both on the same metrics.
func TestPlateauFromTorch(t *testing.T) {
	metrics := []float64{5, 4, 4, 4, 4, 3.99, 4, 4, 4, 4, 4, 4}
	for _, c := range []struct {
		kwargs kw
		want   []schedule.PlateauOption
	}{
		{kw{}, nil},
		{kw{"factor": 0.5, "patience": 2.0, "threshold": 0.05, "cooldown": 1},
			[]schedule.PlateauOption{schedule.Factor(0.5), schedule.Patience(2), schedule.Threshold(0.05), schedule.Cooldown(1)}},
		{kw{"mode": "max", "threshold_mode": "abs", "min_lr": 0.01, "eps": 1e-6, "verbose": false},
			[]schedule.PlateauOption{schedule.Mode("max"), schedule.ThresholdMode("abs"), schedule.MinLR(0.01), schedule.Eps(1e-6)}},
		{kw{"min_lr": []any{0.01, 0.02}, "patience": 0.0},
			[]schedule.PlateauOption{schedule.MinLR(0.01, 0.02), schedule.Patience(0)}},
	} {
		optGot, optWant := newOpt(t, 0.1, 0.4), newOpt(t, 0.1, 0.4)
		got, err := schedule.PlateauFromTorch(optGot, c.kwargs)
		if err != nil {
			t.Errorf("ReduceLROnPlateau%v: %v", c.kwargs, err)
			continue
		}
		want, err := schedule.NewReduceLROnPlateau(optWant, c.want...)
		if err != nil {
			t.Fatal(err)
		}
		for k, m := range metrics {
			if got.Step(m) != nil || want.Step(m) != nil {
				t.Fatalf("ReduceLROnPlateau%v: step %d fails", c.kwargs, k)
			}
			if !bytes.Equal(marshalState(t, got), marshalState(t, want)) || !sameRates(optGot, optWant) {
				t.Errorf("ReduceLROnPlateau%v: after step %d: not the scheduler NewReduceLROnPlateau builds", c.kwargs, k)
				break
			}
		}
	}
}

func marshalState(t *testing.T, s optim.Stateful) []byte {
	t.Helper()
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameRates reports whether two SGD optimizers have the same learning rates
// and momentum factors in every group.
func sameRates(a, b *optim.SGD[float64]) bool {
	for g := range a.NumGroups() {
		if a.GroupLR(g) != b.GroupLR(g) || a.GroupMomentum(g) != b.GroupMomentum(g) {
			return false
		}
	}
	return true
}

// TestFromTorchErrors checks that every bad name, argument or value is an
// error that names it, and that a failure leaves the optimizer's learning
// rates and momentum factors as they were, even when it comes after inner
// schedulers were built.
func TestFromTorchErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		kwargs kw
		want   string // in the message
	}{
		{"CyclicLRs", kw{}, `unknown scheduler "CyclicLRs"; known: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR, ConstantLR, LambdaLR, MultiplicativeLR, PolynomialLR, CyclicLR, CosineAnnealingWarmRestarts, SWALR, SequentialLR, ChainedScheduler, ReduceLROnPlateau`},
		{"CyclicLR", kw{}, "schedule: CyclicLR: the keyword argument base_lr is required"},
		{"LambdaLR", kw{"lr_lambda": "inverse_time"}, "lr_lambda = inverse_time (string): want a Go func(int) float64 or a []func(int) float64"},
		{"CyclicLR", kw{"base_lr": 0.1, "max_lr": 1.0, "mode": "sawtooth"}, `mode "sawtooth" is unknown: use "triangular", "triangular2" or "exp_range"`},
		{"SWALR", kw{"swa_lr": 0.1, "verbose": false}, "unknown keyword argument verbose = false; SWALR takes last_epoch, swa_lr, anneal_epochs, anneal_strategy"},
		{"CosineAnnealingWarmRestarts", kw{"T_0": 5, "T_mult": 0}, "T_mult = 0 is outside [1, 2147483647]"},
		{"StepLR", kw{"step_size": 2.0, "decay": 0.5}, "unknown keyword argument decay = 0.5; StepLR takes step_size, gamma, last_epoch, verbose"},
		{"StepLR", kw{"gamma": 0.5}, "step_size is required"},
		{"StepLR", kw{"step_size": 2.5}, "step_size = 2.5 (float64): want an integer"},
		{"StepLR", kw{"step_size": 1e300}, "want an integer"},
		{"StepLR", kw{"step_size": 2.0, "gamma": "fast"}, `gamma = fast (string): want a number`},
		{"StepLR", kw{"step_size": 0.0}, "step_size"}, // the constructor's range check
		{"StepLR", kw{"step_size": 2.0, "last_epoch": 3.0}, "last_epoch = 3 is not supported, only its default -1"},
		{"StepLR", kw{"step_size": 2.0, "last_epoch": []any{}}, "last_epoch = [] is not supported"},
		{"StepLR", kw{"step_size": 2.0, "verbose": true}, "verbose = true is not supported"},
		{"MultiStepLR", kw{"milestones": 3.0}, "milestones = 3 (float64): want a list of integers"},
		{"MultiStepLR", kw{"milestones": []any{2.0, "x"}}, "milestones[1] = x (string): want an integer"},
		{"ExponentialLR", kw{}, "gamma is required"},
		{"CosineAnnealingLR", kw{"T_max": nil}, "T_max = <nil>"},
		{"OneCycleLR", kw{"max_lr": 0.1}, "total_steps, or epochs and steps_per_epoch, are required"},
		{"OneCycleLR", kw{"max_lr": 0.1, "epochs": 3.0}, "total_steps, or epochs and steps_per_epoch, are required"},
		{"OneCycleLR", kw{"max_lr": 0.1, "total_steps": 10.0, "epochs": 2.0}, "not both"},
		{"OneCycleLR", kw{"max_lr": 0.1, "epochs": 0.0, "steps_per_epoch": 5.0}, "epochs = 0 and steps_per_epoch = 5"},
		{"OneCycleLR", kw{"max_lr": []any{0.1, 0.2}, "total_steps": 10.0}, "max_lr = [0.1 0.2] ([]interface {}): want a number"},
		{"OneCycleLR", kw{"max_lr": 0.1, "total_steps": 10.0, "anneal_strategy": "exp"}, `anneal_strategy = "exp": want "cos" or "linear"`},
		{"OneCycleLR", kw{"max_lr": 0.1, "total_steps": 10.0, "three_phase": 1.0}, "three_phase = 1 (float64): want true or false"},
		{"SequentialLR", kw{"milestones": []any{2.0}}, "schedulers is required"},
		{"SequentialLR", kw{"milestones": []any{2.0}, "schedulers": kw{"name": "StepLR"}}, "want a list of"},
		{"SequentialLR", kw{"milestones": []any{2.0}, "schedulers": []any{"StepLR"}}, "want a list of"},
		{"SequentialLR", kw{"milestones": []any{2.0}, "schedulers": []any{kw{"name": "StepLR", "params": kw{}, "extra": 1.0}}}, "schedulers[0]"},
		{"SequentialLR", kw{"milestones": []any{2.0}, "schedulers": []any{kw{"params": kw{}}}}, "schedulers[0]"},
		{"SequentialLR", kw{"milestones": []any{2.0}, "schedulers": []any{kw{"name": "StepLR", "params": []any{}}}}, "schedulers[0]"},
		{"SequentialLR", kw{"milestones": []any{2.0}, "schedulers": []any{
			kw{"name": "LinearLR", "params": kw{"start_factor": 0.5}},
			kw{"name": "StepLR", "params": kw{"step": 2.0}},
		}}, "unknown keyword argument step = 2; StepLR takes step_size, gamma, last_epoch, verbose (in schedulers[1] of SequentialLR)"},
		{"SequentialLR", kw{"milestones": []any{2.0, 4.0}, "schedulers": []any{ // one milestone too many, found after both were built
			kw{"name": "LinearLR", "params": kw{"start_factor": 0.5}},
			kw{"name": "ExponentialLR", "params": kw{"gamma": 0.5}},
		}}, "milestones"},
		{"SequentialLR", kw{"milestones": []any{2.0}, "schedulers": []any{
			kw{"name": "LinearLR", "params": kw{"start_factor": 0.5}},
			kw{"name": "ReduceLROnPlateau", "params": kw{}},
		}}, "schedulers[1]: ReduceLROnPlateau cannot be sequenced or chained"},
		{"ChainedScheduler", kw{"schedulers": []any{kw{"name": "OneCycleLR", "params": kw{"max_lr": 0.5, "total_steps": 10.0}}},
			"last_epoch": -1.0}, "unknown keyword argument last_epoch"},
		{"ReduceLROnPlateau", kw{}, "PlateauFromTorch"},
	} {
		opt := newOpt(t, 0.1, 0.4)
		s, err := schedule.FromTorch(opt, c.name, c.kwargs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s%v: %v; want an error containing %q", c.name, c.kwargs, err, c.want)
		}
		if s != nil {
			t.Errorf("%s%v: a scheduler with the error", c.name, c.kwargs)
		}
		if !sameRates(opt, newOpt(t, 0.1, 0.4)) {
			t.Errorf("%s%v: the failure changed the optimizer: lr %v, %v, momentum %v", c.name, c.kwargs, opt.GroupLR(0), opt.GroupLR(1), opt.GroupMomentum(0))
		}
	}
	for _, c := range []struct {
		kwargs kw
		want   string
	}{
		{kw{"patience": 2.5}, "patience = 2.5 (float64): want an integer"},
		{kw{"mode": 1.0}, "mode = 1 (float64): want a string"},
		{kw{"mode": "up"}, "mode"}, // the constructor's check
		{kw{"min_lr": []any{0.1, "x"}}, "min_lr[1] = x (string): want a number"},
		{kw{"min_lr": "low"}, "want a number or a list of numbers"},
		{kw{"last_epoch": -1.0}, "unknown keyword argument last_epoch = -1; ReduceLROnPlateau takes mode, factor"},
		{kw{"verbose": true}, "verbose = true is not supported"},
	} {
		if _, err := schedule.PlateauFromTorch(newOpt(t, 0.1, 0.4), c.kwargs); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReduceLROnPlateau%v: %v; want an error containing %q", c.kwargs, err, c.want)
		}
	}
	if _, err := schedule.FromTorch(nil, "StepLR", kw{"step_size": 1.0}); err == nil {
		t.Error("a nil optimizer: no error")
	}
}
