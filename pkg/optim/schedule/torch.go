package schedule

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/pyvalue"
)

// torchNames lists the schedulers FromTorch and PlateauFromTorch know, by
// torch class name.
var torchNames = []string{"StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR",
	"OneCycleLR", "ConstantLR", "LambdaLR", "MultiplicativeLR", "PolynomialLR", "CyclicLR",
	"CosineAnnealingWarmRestarts", "SWALR", "SequentialLR", "ChainedScheduler", "ReduceLROnPlateau"}

// FromTorch returns the scheduler torch.optim.lr_scheduler.<name>(opt,
// **kwargs) describes, built on opt, for code that reads a scheduler from a
// configuration or a recorded torch run. For example ("StepLR",
// {"step_size": 10, "gamma": 0.5}) gives NewStepLR(opt, 10, 0.5).
//
// The names are StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR,
// LinearLR, OneCycleLR, ConstantLR, LambdaLR, MultiplicativeLR,
// PolynomialLR, CyclicLR, CosineAnnealingWarmRestarts, SequentialLR,
// ChainedScheduler and torch.optim.swa_utils' SWALR, with torch 1.13's
// keyword arguments and defaults; ReduceLROnPlateau, which steps on a
// metric, is built by PlateauFromTorch. OneCycleLR takes total_steps, or
// epochs and steps_per_epoch, and one max_lr for every group; CyclicLR one
// base_lr and max_lr, SWALR one swa_lr. The Python functions of LambdaLR
// and MultiplicativeLR (lr_lambda) and CyclicLR's scale_fn are given as Go
// functions: a func(int) float64, or for lr_lambda a []func(int) float64
// with one per group. The
// schedulers of SequentialLR and ChainedScheduler, objects in torch, are
// given as a list of {"name": <class name>, "params": {<kwargs>}}, each
// built on opt in order, as torch's documentation builds them.
//
// Values are as decoded from JSON (float64, bool, string, []any,
// map[string]any, json.Number) or written in Go (int, int32, int64,
// float32, []int, []float64, []map[string]any); an integer argument must be
// a whole number.
// last_epoch and verbose are accepted at their defaults, -1 and false,
// where torch's class takes them. An unknown name or keyword argument, a
// missing required one, a value of the wrong type or out of range is an
// error, and leaves the learning rates and momentum factors of opt as they
// were.
func FromTorch(opt optim.LRGroups, name string, kwargs map[string]any) (Scheduler, error) {
	if err := checkOptimizer(name, opt); err != nil {
		return nil, err
	}
	if name == "ReduceLROnPlateau" {
		return nil, fmt.Errorf("schedule: ReduceLROnPlateau steps on a metric and is not a Scheduler: build it with PlateauFromTorch")
	}
	saved := saveRates(opt)
	s, err := fromTorch(opt, name, kwargs)
	if err != nil {
		saved.restore(opt)
		return nil, err
	}
	return s, nil
}

// PlateauFromTorch returns the ReduceLROnPlateau that
// torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs) describes: its
// keyword arguments are mode, factor, patience, threshold, threshold_mode,
// cooldown, min_lr (a number, or a list of one per group), eps and verbose
// (false only), with torch's defaults. Values and errors are as in
// FromTorch.
func PlateauFromTorch(opt optim.LRGroups, kwargs map[string]any) (*ReduceLROnPlateau, error) {
	a := newTorchArgs("ReduceLROnPlateau", kwargs, false)
	var opts []PlateauOption
	if a.has("mode") {
		opts = append(opts, Mode(a.str("mode")))
	}
	if a.has("factor") {
		opts = append(opts, Factor(a.float("factor")))
	}
	if a.has("patience") {
		opts = append(opts, Patience(a.int("patience")))
	}
	if a.has("threshold") {
		opts = append(opts, Threshold(a.float("threshold")))
	}
	if a.has("threshold_mode") {
		opts = append(opts, ThresholdMode(a.str("threshold_mode")))
	}
	if a.has("cooldown") {
		opts = append(opts, Cooldown(a.int("cooldown")))
	}
	if a.has("min_lr") {
		opts = append(opts, MinLR(a.floats("min_lr")...))
	}
	if a.has("eps") {
		opts = append(opts, Eps(a.float("eps")))
	}
	a.accepts("verbose", false)
	if err := a.finish(); err != nil {
		return nil, err
	}
	return NewReduceLROnPlateau(opt, opts...)
}

// fromTorch is FromTorch without the restore on error.
func fromTorch(opt optim.LRGroups, name string, kwargs map[string]any) (Scheduler, error) {
	a := newTorchArgs(name, kwargs, name != "ChainedScheduler") // torch 1.13's ChainedScheduler takes no last_epoch or verbose
	var build func() (Scheduler, error)
	switch name {
	case "StepLR":
		stepSize, gamma := a.int("step_size"), a.floatOr("gamma", 0.1)
		build = func() (Scheduler, error) { return NewStepLR(opt, stepSize, gamma) }
	case "MultiStepLR":
		milestones, gamma := a.ints("milestones"), a.floatOr("gamma", 0.1)
		build = func() (Scheduler, error) { return NewMultiStepLR(opt, milestones, gamma) }
	case "ExponentialLR":
		gamma := a.float("gamma")
		build = func() (Scheduler, error) { return NewExponentialLR(opt, gamma) }
	case "CosineAnnealingLR":
		tMax, etaMin := a.int("T_max"), a.floatOr("eta_min", 0)
		build = func() (Scheduler, error) { return NewCosineAnnealingLR(opt, tMax, etaMin) }
	case "LinearLR":
		start, end, total := a.floatOr("start_factor", 1.0/3), a.floatOr("end_factor", 1), a.intOr("total_iters", 5)
		build = func() (Scheduler, error) { return NewLinearLR(opt, start, end, total) }
	case "OneCycleLR":
		build = oneCycleFromTorch(opt, a)
	case "ConstantLR":
		factor, total := a.floatOr("factor", 1.0/3), a.intOr("total_iters", 5)
		build = func() (Scheduler, error) { return NewConstantLR(opt, factor, total) }
	case "LambdaLR":
		fns := a.funcs("lr_lambda")
		build = func() (Scheduler, error) { return NewLambdaLR(opt, fns...) }
	case "MultiplicativeLR":
		fns := a.funcs("lr_lambda")
		build = func() (Scheduler, error) { return NewMultiplicativeLR(opt, fns...) }
	case "PolynomialLR":
		total, power := a.intOr("total_iters", 5), a.floatOr("power", 1)
		build = func() (Scheduler, error) { return NewPolynomialLR(opt, total, power) }
	case "CyclicLR":
		build = cyclicFromTorch(opt, a)
	case "CosineAnnealingWarmRestarts":
		t0, tMult, etaMin := a.int("T_0"), a.intOr("T_mult", 1), a.floatOr("eta_min", 0)
		build = func() (Scheduler, error) { return NewCosineAnnealingWarmRestarts(opt, t0, tMult, etaMin) }
	case "SWALR":
		a.takesEpoch = false // torch 1.13's SWALR takes last_epoch, not verbose
		a.accepts("last_epoch", -1.0)
		swaLR := a.float("swa_lr")
		opts := []SWALROption{AnnealEpochs(a.intOr("anneal_epochs", 10))}
		if a.has("anneal_strategy") {
			opts = append(opts, AnnealStrategy(a.str("anneal_strategy")))
		}
		build = func() (Scheduler, error) { return NewSWALR(opt, swaLR, opts...) }
	case "SequentialLR":
		specs := a.schedulers("schedulers")
		milestones := a.ints("milestones")
		build = func() (Scheduler, error) {
			inner, err := buildAll(opt, name, specs)
			if err != nil {
				return nil, err
			}
			return NewSequentialLR(opt, inner, milestones)
		}
	case "ChainedScheduler":
		specs := a.schedulers("schedulers")
		build = func() (Scheduler, error) {
			inner, err := buildAll(opt, name, specs)
			if err != nil {
				return nil, err
			}
			return NewChainedScheduler(inner...)
		}
	default:
		return nil, fmt.Errorf("schedule: unknown scheduler %q; known: %s", name, strings.Join(torchNames, ", "))
	}
	if err := a.finish(); err != nil {
		return nil, err
	}
	return build()
}

// oneCycleFromTorch reads OneCycleLR's keyword arguments and returns its
// constructor.
func oneCycleFromTorch(opt optim.LRGroups, a *torchArgs) func() (Scheduler, error) {
	maxLR := a.float("max_lr")
	var total int
	switch hasEpochs, hasPer := a.has("epochs"), a.has("steps_per_epoch"); {
	case a.has("total_steps") && (hasEpochs || hasPer):
		a.fail("give total_steps, or epochs and steps_per_epoch, not both")
	case a.has("total_steps"):
		total = a.int("total_steps")
	case hasEpochs && hasPer:
		epochs, per := a.int("epochs"), a.int("steps_per_epoch")
		if epochs < 1 || per < 1 || epochs > math.MaxInt32/per {
			a.fail("epochs = %d and steps_per_epoch = %d: want both at least 1, their product at most %d", epochs, per, math.MaxInt32)
		}
		total = epochs * per
	default:
		a.fail("total_steps, or epochs and steps_per_epoch, are required")
	}
	var opts []OneCycleOption
	if a.has("pct_start") {
		opts = append(opts, PctStart(a.float("pct_start")))
	}
	if a.has("anneal_strategy") {
		switch s := a.str("anneal_strategy"); s {
		case "cos", "linear":
			opts = append(opts, AnnealLinear(s == "linear"))
		default:
			a.fail("anneal_strategy = %q: want \"cos\" or \"linear\"", s)
		}
	}
	if a.has("cycle_momentum") {
		opts = append(opts, CycleMomentum(a.bool("cycle_momentum")))
	}
	if a.has("base_momentum") {
		opts = append(opts, BaseMomentum(a.float("base_momentum")))
	}
	if a.has("max_momentum") {
		opts = append(opts, MaxMomentum(a.float("max_momentum")))
	}
	if a.has("div_factor") {
		opts = append(opts, DivFactor(a.float("div_factor")))
	}
	if a.has("final_div_factor") {
		opts = append(opts, FinalDivFactor(a.float("final_div_factor")))
	}
	if a.has("three_phase") {
		opts = append(opts, ThreePhase(a.bool("three_phase")))
	}
	return func() (Scheduler, error) { return NewOneCycleLR(opt, maxLR, total, opts...) }
}

// cyclicFromTorch reads CyclicLR's keyword arguments and returns its
// constructor.
func cyclicFromTorch(opt optim.LRGroups, a *torchArgs) func() (Scheduler, error) {
	baseLR, maxLR := a.float("base_lr"), a.float("max_lr")
	up := a.intOr("step_size_up", 2000)
	down := up
	if a.has("step_size_down") && a.m["step_size_down"] != nil {
		down = a.int("step_size_down")
	}
	opts := []CyclicOption{StepSizes(up, down)}
	if a.has("mode") {
		opts = append(opts, CyclicMode(a.str("mode")))
	}
	if a.has("gamma") {
		opts = append(opts, CyclicGamma(a.float("gamma")))
	}
	if a.has("scale_fn") && a.m["scale_fn"] != nil {
		fns := a.funcs("scale_fn")
		mode := "cycle"
		if a.has("scale_mode") {
			mode = a.str("scale_mode")
		}
		if mode != "cycle" && mode != "iterations" {
			a.fail("scale_mode = %q: want \"cycle\" or \"iterations\"", mode)
		}
		if len(fns) != 1 {
			a.fail("scale_fn: want one function, got %d", len(fns))
		} else {
			opts = append(opts, ScaleFunc(fns[0], mode == "cycle"))
		}
	} else if a.has("scale_mode") {
		a.str("scale_mode") // torch ignores it without scale_fn
	}
	on, base, mx := true, 0.8, 0.9
	if a.has("cycle_momentum") {
		on = a.bool("cycle_momentum")
	}
	base, mx = a.floatOr("base_momentum", base), a.floatOr("max_momentum", mx)
	opts = append(opts, CyclicMomentum(on, base, mx))
	return func() (Scheduler, error) { return NewCyclicLR(opt, baseLR, maxLR, opts...) }
}

// funcs reads a Go function of the epoch, or a list of them.
func (a *torchArgs) funcs(k string) []func(int) float64 {
	v, ok := a.get(k)
	if !ok {
		return nil
	}
	switch f := v.(type) {
	case func(int) float64:
		return []func(int) float64{f}
	case []func(int) float64:
		return f
	}
	a.fail("%s = %v (%T): want a Go func(int) float64 or a []func(int) float64", k, v, v)
	return nil
}

// torchSpec is one {"name": ..., "params": {...}} of a schedulers list.
type torchSpec struct {
	name   string
	params map[string]any
}

// buildAll builds the schedulers specs of parent describe on opt, in order.
func buildAll(opt optim.LRGroups, parent string, specs []torchSpec) ([]Scheduler, error) {
	inner := make([]Scheduler, len(specs))
	for i, sp := range specs {
		if sp.name == "ReduceLROnPlateau" {
			return nil, fmt.Errorf("schedule: %s: schedulers[%d]: ReduceLROnPlateau cannot be sequenced or chained", parent, i)
		}
		s, err := fromTorch(opt, sp.name, sp.params)
		if err != nil {
			return nil, fmt.Errorf("%w (in schedulers[%d] of %s)", err, i, parent)
		}
		inner[i] = s
	}
	return inner, nil
}

// rates are an optimizer's learning rates and, if it has them, momentum
// factors, per group.
type rates struct {
	lr, momentum []float64
}

func saveRates(opt optim.LRGroups) rates {
	var r rates
	mg, hasMomentum := opt.(optim.MomentumGroups)
	for g := range opt.NumGroups() {
		r.lr = append(r.lr, opt.GroupLR(g))
		if hasMomentum {
			r.momentum = append(r.momentum, mg.GroupMomentum(g))
		}
	}
	return r
}

// restore puts back rates that saveRates recorded from opt; they were valid
// then, so setting them cannot fail.
func (r rates) restore(opt optim.LRGroups) {
	for g, lr := range r.lr {
		_ = opt.SetGroupLR(g, lr)
	}
	if mg, ok := opt.(optim.MomentumGroups); ok {
		for g, m := range r.momentum {
			_ = mg.SetGroupMomentum(g, m)
		}
	}
}

// torchArgs reads torch keyword arguments, remembering the first error and
// which arguments were asked for.
type torchArgs struct {
	class      string
	m          map[string]any
	asked      []string
	takesEpoch bool // the class takes last_epoch (and verbose)
	err        error
}

func newTorchArgs(class string, m map[string]any, takesEpoch bool) *torchArgs {
	return &torchArgs{class: class, m: m, takesEpoch: takesEpoch}
}

func (a *torchArgs) fail(format string, args ...any) {
	if a.err == nil {
		a.err = fmt.Errorf("schedule: %s: %s", a.class, fmt.Sprintf(format, args...))
	}
}

// has reports whether argument k was given; k becomes a known argument.
func (a *torchArgs) has(k string) bool {
	a.ask(k)
	_, ok := a.m[k]
	return ok
}

func (a *torchArgs) ask(k string) {
	if !slices.Contains(a.asked, k) {
		a.asked = append(a.asked, k)
	}
}

// get returns argument k, failing if it is missing.
func (a *torchArgs) get(k string) (any, bool) {
	if !a.has(k) {
		a.fail("the keyword argument %s is required", k)
		return nil, false
	}
	return a.m[k], true
}

// accepts makes k a known argument whose only accepted value is def,
// torch's default: false or a number.
func (a *torchArgs) accepts(k string, def any) {
	if !a.has(k) {
		return
	}
	var ok bool
	switch d := def.(type) {
	case bool:
		b, isBool := a.m[k].(bool)
		ok = isBool && b == d
	case float64:
		x, isNumber := pyvalue.Float(a.m[k])
		ok = isNumber && x == d
	}
	if !ok {
		a.fail("%s = %v is not supported, only its default %v", k, a.m[k], def)
	}
}

// finish returns an error naming an unknown argument (a misspelt name
// explains a missing one), else the first error.
func (a *torchArgs) finish() error {
	if a.takesEpoch {
		a.accepts("last_epoch", -1.0)
		a.accepts("verbose", false)
	}
	for _, k := range slices.Sorted(maps.Keys(a.m)) {
		if !slices.Contains(a.asked, k) {
			return fmt.Errorf("schedule: %s: unknown keyword argument %s = %v; %s takes %s", a.class, k, a.m[k], a.class, strings.Join(a.asked, ", "))
		}
	}
	return a.err
}

func (a *torchArgs) float(k string) float64 {
	v, ok := a.get(k)
	if !ok {
		return 0
	}
	x, ok := pyvalue.Float(v)
	if !ok {
		a.fail("%s = %v (%T): want a number", k, v, v)
	}
	return x
}

func (a *torchArgs) floatOr(k string, def float64) float64 {
	if !a.has(k) {
		return def
	}
	return a.float(k)
}

func (a *torchArgs) int(k string) int {
	v, ok := a.get(k)
	if !ok {
		return 0
	}
	n, ok := pyvalue.Int(v)
	if !ok {
		a.fail("%s = %v (%T): want an integer", k, v, v)
	}
	return n
}

func (a *torchArgs) intOr(k string, def int) int {
	if !a.has(k) {
		return def
	}
	return a.int(k)
}

// floats reads a number or a list of numbers.
func (a *torchArgs) floats(k string) []float64 {
	v, ok := a.get(k)
	if !ok {
		return nil
	}
	if x, ok := pyvalue.Float(v); ok {
		return []float64{x}
	}
	list, ok := pyvalue.List(v)
	if !ok {
		a.fail("%s = %v (%T): want a number or a list of numbers", k, v, v)
		return nil
	}
	out := make([]float64, len(list))
	for i, e := range list {
		if out[i], ok = pyvalue.Float(e); !ok {
			a.fail("%s[%d] = %v (%T): want a number", k, i, e, e)
		}
	}
	return out
}

// ints reads a list of integers.
func (a *torchArgs) ints(k string) []int {
	v, ok := a.get(k)
	if !ok {
		return nil
	}
	list, ok := pyvalue.List(v)
	if !ok {
		a.fail("%s = %v (%T): want a list of integers", k, v, v)
		return nil
	}
	out := make([]int, len(list))
	for i, e := range list {
		if out[i], ok = pyvalue.Int(e); !ok {
			a.fail("%s[%d] = %v (%T): want an integer", k, i, e, e)
		}
	}
	return out
}

func (a *torchArgs) str(k string) string {
	v, _ := a.get(k)
	s, ok := v.(string)
	if !ok && a.err == nil {
		a.fail("%s = %v (%T): want a string", k, v, v)
	}
	return s
}

func (a *torchArgs) bool(k string) bool {
	v, _ := a.get(k)
	b, ok := v.(bool)
	if !ok && a.err == nil {
		a.fail("%s = %v (%T): want true or false", k, v, v)
	}
	return b
}

// schedulers reads a list of {"name": ..., "params": {...}}.
func (a *torchArgs) schedulers(k string) []torchSpec {
	v, ok := a.get(k)
	if !ok {
		return nil
	}
	var list []map[string]any
	switch x := v.(type) {
	case []map[string]any:
		list = x
	case []any:
		for _, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				a.fail("%s = %v: want a list of {\"name\": ..., \"params\": {...}}", k, v)
				return nil
			}
			list = append(list, m)
		}
	default:
		a.fail("%s = %v (%T): want a list of {\"name\": ..., \"params\": {...}}", k, v, v)
		return nil
	}
	specs := make([]torchSpec, len(list))
	for i, m := range list {
		name, ok := m["name"].(string)
		if p, given := m["params"]; given {
			specs[i].params, given = p.(map[string]any)
			ok = ok && given
		}
		for key := range m {
			ok = ok && (key == "name" || key == "params")
		}
		if !ok {
			a.fail("%s[%d] = %v: want {\"name\": ..., \"params\": {...}}", k, i, m)
			return nil
		}
		specs[i].name = name
	}
	return specs
}
