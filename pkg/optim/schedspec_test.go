package optim_test

import (
	"fmt"
	"math"
	"sort"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
)

// torchScheduler is a reference run's scheduler: {"name": torch class name,
// "params": its keyword arguments} (testdata/extra/README.md), built on the
// run's optimizer right after it, as torch's constructor does.
type torchScheduler struct {
	sched   schedule.Scheduler
	plateau *schedule.ReduceLROnPlateau
}

// step steps the scheduler after the optimizer's step; metric is the loss
// of that step, which only ReduceLROnPlateau reads.
func (s *torchScheduler) step(metric float64) error {
	if s.plateau != nil {
		return s.plateau.Step(metric)
	}
	return s.sched.Step()
}

// newTorchScheduler builds the scheduler spec describes. An unknown name or
// keyword argument is an error.
func newTorchScheduler(opt optim.LRGroups, spec any) (*torchScheduler, error) {
	name, kw, err := schedSpec(spec)
	if err != nil {
		return nil, err
	}
	if name == "ReduceLROnPlateau" {
		var opts []schedule.PlateauOption
		for _, k := range kw.keys() {
			switch k {
			case "mode":
				opts = append(opts, schedule.Mode(kw.str(k)))
			case "factor":
				opts = append(opts, schedule.Factor(kw.float(k)))
			case "patience":
				opts = append(opts, schedule.Patience(kw.int(k)))
			case "threshold":
				opts = append(opts, schedule.Threshold(kw.float(k)))
			case "threshold_mode":
				opts = append(opts, schedule.ThresholdMode(kw.str(k)))
			case "cooldown":
				opts = append(opts, schedule.Cooldown(kw.int(k)))
			case "min_lr":
				opts = append(opts, schedule.MinLR(kw.floats(k)...))
			case "eps":
				opts = append(opts, schedule.Eps(kw.float(k)))
			}
		}
		if err := kw.finish(name); err != nil {
			return nil, err
		}
		p, err := schedule.NewReduceLROnPlateau(opt, opts...)
		return &torchScheduler{plateau: p}, err
	}
	s, err := buildScheduler(opt, name, kw)
	return &torchScheduler{sched: s}, err
}

// buildScheduler builds every scheduler but ReduceLROnPlateau.
func buildScheduler(opt optim.LRGroups, name string, kw *kwargs) (schedule.Scheduler, error) {
	var s schedule.Scheduler
	var err error
	switch name {
	case "StepLR":
		s, err = schedule.NewStepLR(opt, kw.int("step_size"), kw.floatOr("gamma", 0.1))
	case "MultiStepLR":
		s, err = schedule.NewMultiStepLR(opt, kw.ints("milestones"), kw.floatOr("gamma", 0.1))
	case "ExponentialLR":
		s, err = schedule.NewExponentialLR(opt, kw.float("gamma"))
	case "CosineAnnealingLR":
		s, err = schedule.NewCosineAnnealingLR(opt, kw.int("T_max"), kw.floatOr("eta_min", 0))
	case "LinearLR":
		s, err = schedule.NewLinearLR(opt, kw.floatOr("start_factor", 1.0/3), kw.floatOr("end_factor", 1), kw.intOr("total_iters", 5))
	case "OneCycleLR":
		var opts []schedule.OneCycleOption
		for _, k := range kw.keys() {
			switch k {
			case "max_lr", "total_steps":
			case "pct_start":
				opts = append(opts, schedule.PctStart(kw.float(k)))
			case "anneal_strategy":
				switch a := kw.str(k); a {
				case "cos", "linear":
					opts = append(opts, schedule.AnnealLinear(a == "linear"))
				default:
					kw.fail("anneal_strategy %q", a)
				}
			case "cycle_momentum":
				opts = append(opts, schedule.CycleMomentum(kw.bool(k)))
			case "base_momentum":
				opts = append(opts, schedule.BaseMomentum(kw.float(k)))
			case "max_momentum":
				opts = append(opts, schedule.MaxMomentum(kw.float(k)))
			case "div_factor":
				opts = append(opts, schedule.DivFactor(kw.float(k)))
			case "final_div_factor":
				opts = append(opts, schedule.FinalDivFactor(kw.float(k)))
			case "three_phase":
				opts = append(opts, schedule.ThreePhase(kw.bool(k)))
			}
		}
		if kw.err == nil {
			s, err = schedule.NewOneCycleLR(opt, kw.float("max_lr"), kw.int("total_steps"), opts...)
		}
	case "SequentialLR", "ChainedScheduler":
		var inner []schedule.Scheduler
		list, _ := kw.m["schedulers"].([]any)
		kw.used["schedulers"] = true
		if list == nil {
			kw.fail("schedulers = %v: want a list of schedulers", kw.m["schedulers"])
		}
		for _, spec := range list {
			n, ikw, err := schedSpec(spec)
			if err != nil {
				return nil, err
			}
			if n == "ReduceLROnPlateau" {
				return nil, fmt.Errorf("%s cannot hold ReduceLROnPlateau", name)
			}
			c, err := buildScheduler(opt, n, ikw)
			if err != nil {
				return nil, err
			}
			inner = append(inner, c)
		}
		if kw.err != nil {
			break
		}
		if name == "ChainedScheduler" {
			s, err = schedule.NewChainedScheduler(inner...)
		} else {
			s, err = schedule.NewSequentialLR(opt, inner, kw.ints("milestones"))
		}
	default:
		return nil, fmt.Errorf("unknown scheduler %q", name)
	}
	if err == nil {
		err = kw.finish(name)
	}
	return s, err
}

// schedSpec splits {"name": ..., "params": {...}}.
func schedSpec(spec any) (string, *kwargs, error) {
	m, ok := spec.(map[string]any)
	name, _ := m["name"].(string)
	params, pok := m["params"].(map[string]any)
	if !ok || name == "" || !pok || len(m) != 2 {
		return "", nil, fmt.Errorf("scheduler %v: want {\"name\": ..., \"params\": {...}}", spec)
	}
	return name, &kwargs{m: params, used: map[string]bool{}}, nil
}

// kwargs reads torch keyword arguments decoded from JSON, recording the
// first error and which arguments were read.
type kwargs struct {
	m    map[string]any
	used map[string]bool
	err  error
}

func (kw *kwargs) fail(format string, args ...any) {
	if kw.err == nil {
		kw.err = fmt.Errorf("scheduler argument "+format, args...)
	}
}

func (kw *kwargs) keys() []string {
	ks := make([]string, 0, len(kw.m))
	for k := range kw.m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// finish fails on arguments nobody read, except torch's defaults of
// last_epoch and verbose.
func (kw *kwargs) finish(name string) error {
	for _, k := range kw.keys() {
		switch v := kw.m[k]; {
		case kw.used[k]:
		case k == "last_epoch" && v == -1.0, k == "verbose" && v == false:
		default:
			kw.fail("%s = %v is not supported by %s", k, v, name)
		}
	}
	return kw.err
}

func (kw *kwargs) float(k string) float64 {
	kw.used[k] = true
	x, ok := kw.m[k].(float64)
	if !ok {
		kw.fail("%s = %v: want a number", k, kw.m[k])
	}
	return x
}

func (kw *kwargs) floatOr(k string, def float64) float64 {
	if _, ok := kw.m[k]; !ok {
		return def
	}
	return kw.float(k)
}

func (kw *kwargs) int(k string) int {
	x := kw.float(k)
	if x != math.Trunc(x) {
		kw.fail("%s = %v: want an integer", k, x)
	}
	return int(x)
}

func (kw *kwargs) intOr(k string, def int) int {
	if _, ok := kw.m[k]; !ok {
		return def
	}
	return kw.int(k)
}

func (kw *kwargs) floats(k string) []float64 {
	kw.used[k] = true
	switch v := kw.m[k].(type) {
	case float64:
		return []float64{v}
	case []any:
		out := make([]float64, len(v))
		for i, x := range v {
			f, ok := x.(float64)
			if !ok {
				kw.fail("%s[%d] = %v: want a number", k, i, x)
			}
			out[i] = f
		}
		return out
	}
	kw.fail("%s = %v: want a number or a list of numbers", k, kw.m[k])
	return nil
}

func (kw *kwargs) ints(k string) []int {
	fs := kw.floats(k)
	out := make([]int, len(fs))
	for i, f := range fs {
		if f != math.Trunc(f) {
			kw.fail("%s[%d] = %v: want an integer", k, i, f)
		}
		out[i] = int(f)
	}
	return out
}

func (kw *kwargs) str(k string) string {
	kw.used[k] = true
	s, ok := kw.m[k].(string)
	if !ok {
		kw.fail("%s = %v: want a string", k, kw.m[k])
	}
	return s
}

func (kw *kwargs) bool(k string) bool {
	kw.used[k] = true
	b, ok := kw.m[k].(bool)
	if !ok {
		kw.fail("%s = %v: want true or false", k, kw.m[k])
	}
	return b
}
