package integration

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/descentlab/descent/internal/reference"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// newOptimizer builds the run's optimizer on params, laid out as the file's
// param_layout: torch.optim.<Optimizer>(params, **hyperparams), or with
// parameter groups torch.optim.<Optimizer>([{"params": ..., **overrides},
// ...], **hyperparams). An unknown optimizer or keyword argument is an error.
func newOptimizer[T tensor.Float](run *reference.Run, params []*tensor.Tensor[T]) (optim.Optimizer[T], error) {
	opts, err := torchOptions(run.Hyperparams)
	if err != nil {
		return nil, err
	}
	if run.ParamGroups == nil {
		return optim.New(run.Optimizer, params, opts...)
	}
	for g, pg := range run.ParamGroups {
		gopts, err := torchOptions(pg.Hyperparams)
		if err != nil {
			return nil, fmt.Errorf("param group %d: %w", g, err)
		}
		ts := make([]*tensor.Tensor[T], len(pg.Params))
		for i, idx := range pg.Params {
			ts[i] = params[idx]
		}
		opts = append(opts, optim.ParamGroup(ts, gopts...))
	}
	return optim.New[T](run.Optimizer, nil, opts...)
}

// torchOptions maps torch keyword arguments to optim options, in name
// order; an unknown name or value is an error.
func torchOptions(hp map[string]any) ([]optim.Option, error) {
	var opts []optim.Option
	for _, name := range slices.Sorted(maps.Keys(hp)) {
		o, err := optim.OptionFromTorch(name, hp[name])
		if err != nil {
			return nil, err
		}
		opts = append(opts, o)
	}
	return opts, nil
}

// newScheduler builds the run's learning-rate scheduler on opt, right after
// the optimizer as torch does (the constructor takes torch's initial step).
// It knows the schedulers of the shared reference format, StepLR,
// ExponentialLR and CosineAnnealingLR, and OneCycleLR with torch's default
// options, which the parameter-group runs use. Any other scheduler or
// argument is an error: pkg/optim's own parity test covers the rest on the
// problems it evaluates exactly.
func newScheduler(opt optim.LRGroups, s *reference.Scheduler) (schedule.Scheduler, error) {
	kw := kwargs{name: s.Name, m: s.Params}
	var sched schedule.Scheduler
	var err error
	switch s.Name {
	case "StepLR":
		sched, err = schedule.NewStepLR(opt, kw.int("step_size", -1), kw.float("gamma", 0.1))
	case "ExponentialLR":
		sched, err = schedule.NewExponentialLR(opt, kw.float("gamma", math.NaN()))
	case "CosineAnnealingLR":
		sched, err = schedule.NewCosineAnnealingLR(opt, kw.int("T_max", -1), kw.float("eta_min", 0))
	case "OneCycleLR":
		sched, err = schedule.NewOneCycleLR(opt, kw.float("max_lr", math.NaN()), kw.int("total_steps", -1))
	default:
		return nil, fmt.Errorf("unknown scheduler %q; this harness knows StepLR, ExponentialLR, CosineAnnealingLR and OneCycleLR", s.Name)
	}
	if err := kw.check(); err != nil {
		return nil, err
	}
	return sched, err
}

// kwargs reads a scheduler's keyword arguments, remembering the first bad
// one and which were read.
type kwargs struct {
	name string
	m    map[string]any
	used []string
	err  error
}

// float returns argument key, or def when it is absent; NaN means required.
func (kw *kwargs) float(key string, def float64) float64 {
	kw.used = append(kw.used, key)
	v, ok := kw.m[key]
	if !ok {
		if math.IsNaN(def) && kw.err == nil {
			kw.err = fmt.Errorf("scheduler %s: argument %s missing", kw.name, key)
		}
		return def
	}
	x, ok := v.(float64)
	if !ok && kw.err == nil {
		kw.err = fmt.Errorf("scheduler %s: %s = %v (%T), want a number", kw.name, key, v, v)
	}
	return x
}

// int returns integer argument key, or def when it is absent; -1 means required.
func (kw *kwargs) int(key string, def int) int {
	nan := math.NaN()
	if def != -1 {
		nan = float64(def)
	}
	x := kw.float(key, nan)
	if x != math.Trunc(x) || math.Abs(x) > 1<<31 {
		if kw.err == nil {
			kw.err = fmt.Errorf("scheduler %s: %s = %v, want an integer", kw.name, key, x)
		}
		return -1
	}
	return int(x)
}

// check returns the first bad argument, or an error naming the arguments
// that were not read.
func (kw *kwargs) check() error {
	if kw.err != nil {
		return kw.err
	}
	var unknown []string
	for k := range kw.m {
		if !slices.Contains(kw.used, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("scheduler %s: arguments not supported here: %s", kw.name, strings.Join(unknown, ", "))
	}
	return nil
}
