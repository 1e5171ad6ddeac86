package optim_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/descentlab/descent/internal/reference"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestTorchParity replays every torch 1.13 reference run, twice: in replay
// mode the optimizer is fed the gradients torch recorded (grads_at_step), in
// full mode the loss and gradient are computed here (problems_test.go).
// Either way the parameters after every step and the loss before every step
// must match the reference within the README's tolerance. A run with a
// scheduler also compares lr_per_step, the learning rate of every step, with
// the float64 tolerance; a run with param_groups builds one ParamGroup per
// group. Runs under a nofma directory (torch without FMA) must match bit for
// bit, learning rates included, except where torch's unspecified reduction
// order is involved (the loss of linear regression and the MLP, and their
// parameters in full mode). It also replays testdata/extra, torch runs on
// problems, options and schedulers the shared reference leaves out, and
// testdata/groups, runs with parameter groups (see their README.md files).
func TestTorchParity(t *testing.T) {
	dirs, err := reference.Dirs()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		files, err := reference.Files(dir)
		if err != nil {
			t.Fatal(err)
		}
		runs := 0
		for _, path := range files {
			rel, _ := filepath.Rel(dir, path)
			t.Run(filepath.Base(dir)+"/"+filepath.ToSlash(rel), func(t *testing.T) {
				rf, err := reference.Load(path)
				if err != nil {
					t.Fatal(err)
				}
				f := &refFile{rf}
				exact := reference.IsNoFMA(path)
				var worst [2]float64 // largest error/tolerance in replay and full mode
				for i := range f.Runs {
					run := &f.Runs[i]
					runs++
					t.Run(run.ID, func(t *testing.T) {
						for m, full := range []bool{false, true} {
							ratio, err := replayRun(f, run, full, exact)
							if err != nil {
								t.Errorf("%s mode: %v", modeName(full), err)
							}
							worst[m] = max(worst[m], ratio)
						}
					})
				}
				if exact && exactProblems[f.Problem] {
					t.Logf("%d runs bit for bit in replay and full mode", len(f.Runs))
				} else {
					t.Logf("%d runs; largest error/tolerance: replay %.3g, full %.3g", len(f.Runs), worst[0], worst[1])
				}
			})
		}
		t.Logf("replayed %d runs from %s", runs, dir)
	}
}

func modeName(full bool) string {
	if full {
		return "full"
	}
	return "replay"
}

// replayRun runs one reference run in the run's dtype and compares it. It
// returns the largest error as a multiple of the tolerance (0 where it
// requires bit-for-bit agreement).
func replayRun(f *refFile, run *reference.Run, full, exact bool) (float64, error) {
	if run.Problem != "" && run.Problem != f.Problem {
		return 0, fmt.Errorf("run problem %q differs from the file's %q", run.Problem, f.Problem)
	}
	tol, err := reference.Tolerance(run.Dtype)
	if err != nil {
		return 0, err
	}
	if run.Dtype == "float32" {
		return replayRunT[float32](f, run, full, exact, tol)
	}
	return replayRunT[float64](f, run, full, exact, tol)
}

func replayRunT[T tensor.Float](f *refFile, run *reference.Run, full, exact bool, tol float64) (float64, error) {
	prob, err := newProblem[T](f)
	if err != nil {
		return 0, err
	}
	params, err := reference.Params[T](f.ParamLayout, run.ParamsInit)
	if err != nil {
		return 0, err
	}
	opt, err := newFromTorch(run.Optimizer, params, run.Hyperparams, run.ParamGroups)
	if err != nil {
		return 0, err
	}
	if err := checkDefaults(opt, run); err != nil {
		return 0, err
	}
	var schedStep func(metric float64) error
	if run.Scheduler != nil {
		if schedStep, err = run.Scheduler.Build(opt); err != nil {
			return 0, err
		}
	}
	x, grad := make([]T, len(run.ParamsInit)), make([]T, len(run.ParamsInit))
	gotParams := make([][]float64, run.Steps)
	gotLoss := make([]float64, run.Steps)
	gotLR := make([][]float64, run.Steps)
	for k := range run.Steps {
		flatten(params, x)
		opt.ZeroGrad()
		gotLoss[k] = float64(prob(k, x, grad))
		metric := gotLoss[k] // ReduceLROnPlateau's: our loss in full mode, torch's in replay mode
		if !full {
			if len(run.GradsAtStep[k]) != len(grad) {
				return 0, fmt.Errorf("step %d: grads_at_step has %d values, want %d", k, len(run.GradsAtStep[k]), len(grad))
			}
			for i, g := range run.GradsAtStep[k] {
				grad[i] = T(g)
			}
			metric = run.LossBeforeStep[k]
		}
		scatterGrad(params, grad)
		for g := range opt.NumGroups() {
			gotLR[k] = append(gotLR[k], opt.GroupLR(g))
		}
		if err := opt.Step(); err != nil {
			return 0, fmt.Errorf("step %d: %v", k, err)
		}
		if schedStep != nil {
			if err := schedStep(metric); err != nil {
				return 0, fmt.Errorf("step %d: %v", k, err)
			}
		}
		gotParams[k] = reference.Flatten(params)
	}
	// The learning rates are computed in float64 from the schedule alone (and
	// ReduceLROnPlateau's decisions): the float64 tolerance in every run, bit
	// for bit in nofma runs.
	var ratio float64
	if run.LRPerStep != nil {
		if exact {
			if err := bitwise[float64]("lr_per_step", run.LRPerStep, gotLR); err != nil {
				return 0, err
			}
		} else {
			w, err := reference.MaxErr(run.LRPerStep, gotLR, reference.Floor)
			if err != nil {
				return 0, fmt.Errorf("lr_per_step: %v", err)
			}
			if w.Err > reference.Tol64 {
				return w.Err / reference.Tol64, fmt.Errorf("lr_per_step: %v > %g", w, reference.Tol64)
			}
			ratio = w.Err / reference.Tol64
		}
	}
	// Bit for bit (nofma runs): the parameters whenever the gradients are
	// torch's own or our formula is exact; the loss whenever our formula is.
	exactLoss := exact && exactProblems[f.Problem]
	exactParams := exactLoss || exact && !full
	if exactParams {
		if err := bitwise[T]("params_after_step", run.ParamsAfterStep, gotParams); err != nil {
			return 0, err
		}
	} else {
		w, err := reference.MaxErr(run.ParamsAfterStep, gotParams, reference.Floor)
		if err != nil {
			return 0, fmt.Errorf("params_after_step: %v", err)
		}
		if w.Err > tol {
			return w.Err / tol, fmt.Errorf("params_after_step: %v > %g", w, tol)
		}
		ratio = max(ratio, w.Err/tol)
	}
	wantLoss, gotLossRows := reference.Column(run.LossBeforeStep), reference.Column(gotLoss)
	if exactLoss {
		return ratio, bitwise[T]("loss_before_step", wantLoss, gotLossRows)
	}
	w, err := reference.MaxErr(wantLoss, gotLossRows, reference.Floor)
	if err != nil {
		return 0, fmt.Errorf("loss_before_step: %v", err)
	}
	if w.Err > tol {
		return w.Err / tol, fmt.Errorf("loss_before_step: %v > %g", w, tol)
	}
	return max(ratio, w.Err/tol), nil
}

// exactProblems are the problems whose loss and gradient problems_test.go
// evaluates bit for bit as torch does; the others (linear regression, MLP)
// depend on torch's unspecified reduction order.
var exactProblems = map[string]bool{"quadratic": true, "quadratic2d": true, "rosenbrock": true}

// newFromTorch builds the optimizer torch's class name and keyword arguments
// describe, for the tensors in param_layout order: with param_groups, one
// ParamGroup per group (torch's list of dicts), else one group of them all.
func newFromTorch[T tensor.Float](name string, params []*tensor.Tensor[T], hp map[string]any, groups []reference.ParamGroup) (optim.Optimizer[T], error) {
	opts, err := torchOptions(hp)
	if err != nil {
		return nil, err
	}
	if groups == nil {
		return optim.New(name, params, opts...)
	}
	for _, g := range groups {
		gopts, err := torchOptions(g.Hyperparams)
		if err != nil {
			return nil, fmt.Errorf("param_groups: %v", err)
		}
		var ps []*tensor.Tensor[T]
		for _, i := range g.Params {
			if i < 0 || i >= len(params) {
				return nil, fmt.Errorf("param_groups: tensor index %d outside param_layout", i)
			}
			ps = append(ps, params[i])
		}
		opts = append(opts, optim.ParamGroup(ps, gopts...))
	}
	return optim.New[T](name, nil, opts...)
}

// torchOptions maps torch keyword arguments to options, in sorted key order.
func torchOptions(hp map[string]any) ([]optim.Option, error) {
	var opts []optim.Option
	for _, k := range slices.Sorted(maps.Keys(hp)) {
		o, err := optim.OptionFromTorch(k, hp[k])
		if err != nil {
			return nil, err
		}
		opts = append(opts, o)
	}
	return opts, nil
}

// checkDefaults checks that the optimizer built from hyperparams has the
// same configuration as one built from hyperparams_full, torch's
// optimizer.defaults: our defaults are torch's.
func checkDefaults[T tensor.Float](opt optim.Optimizer[T], run *reference.Run) error {
	if run.HyperparamsFull == nil {
		return nil
	}
	ps := opt.Params()
	clones := make([]*tensor.Tensor[T], len(ps))
	for i, p := range ps {
		clones[i] = tensor.Zeros[T](p.Name, p.Shape...)
	}
	full, err := newFromTorch(run.Optimizer, clones, run.HyperparamsFull, run.ParamGroups)
	if err != nil {
		return fmt.Errorf("hyperparams_full: %v", err)
	}
	for g := range opt.NumGroups() {
		got, want := configOf(opt, g), configOf(full, g)
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("group %d: config from hyperparams %+v differs from config from hyperparams_full %+v", g, got, want)
		}
	}
	return nil
}

// configOf returns o.GroupConfig(g), whatever its type.
func configOf(o any, g int) any {
	return reflect.ValueOf(o).MethodByName("GroupConfig").Call([]reflect.Value{reflect.ValueOf(g)})[0].Interface()
}

func flatten[T tensor.Float](params []*tensor.Tensor[T], x []T) {
	off := 0
	for _, p := range params {
		off += copy(x[off:], p.Value)
	}
}

func scatterGrad[T tensor.Float](params []*tensor.Tensor[T], g []T) {
	off := 0
	for _, p := range params {
		off += copy(p.Grad, g[off:])
	}
}

// bitwise requires got to equal ref exactly once both are rounded to T (the
// reference holds exact T values widened to float64).
func bitwise[T tensor.Float](what string, ref, got [][]float64) error {
	if len(ref) != len(got) {
		return fmt.Errorf("%s: %d steps, want %d", what, len(got), len(ref))
	}
	for k := range ref {
		if len(ref[k]) != len(got[k]) {
			return fmt.Errorf("%s: step %d: %d values, want %d", what, k, len(got[k]), len(ref[k]))
		}
		for i, a := range ref[k] {
			if T(a) != T(got[k][i]) {
				return fmt.Errorf("%s: step %d element %d: got %v, want %v bit for bit (nofma run)", what, k, i, got[k][i], a)
			}
		}
	}
	return nil
}

func stepLR(stepSize, gamma float64) *reference.Scheduler {
	return &reference.Scheduler{Name: "StepLR", Params: map[string]any{"step_size": stepSize, "gamma": gamma}}
}

// TestReplayRejectsUnknownNames checks that the harness fails, rather than
// skips, a run it cannot interpret.
func TestReplayRejectsUnknownNames(t *testing.T) {
	base := func() (*refFile, *reference.Run) {
		f := &refFile{&reference.File{Problem: "quadratic", ParamsInit: []float64{0},
			ParamLayout: []reference.Tensor{{Name: "theta", Shape: []int{}}}}}
		r := &reference.Run{ID: "x", Optimizer: "SGD", Hyperparams: map[string]any{"lr": 0.1}, Dtype: "float64", Steps: 1,
			ParamsInit: []float64{0}, LossBeforeStep: []float64{9}, GradsAtStep: [][]float64{{-6}}, ParamsAfterStep: [][]float64{{0.6000000000000001}}}
		return f, r
	}
	f, r := base()
	if _, err := replayRun(f, r, true, true); err != nil {
		t.Fatalf("the well-formed run fails: %v", err)
	}
	f0, r0 := base()
	r0.Scheduler, r0.LRPerStep = stepLR(1, 0.5), [][]float64{{0.1}}
	if _, err := replayRun(f0, r0, true, true); err != nil {
		t.Fatalf("the well-formed run with a scheduler fails: %v", err)
	}
	for name, spoil := range map[string]func(*refFile, *reference.Run){
		"problem":    func(f *refFile, r *reference.Run) { f.Problem = "himmelblau" },
		"optimizer":  func(f *refFile, r *reference.Run) { r.Optimizer = "LBFGS" },
		"hyperparam": func(f *refFile, r *reference.Run) { r.Hyperparams["lr_schedule"] = 1.0 },
		"scheduler": func(f *refFile, r *reference.Run) {
			r.Scheduler = &reference.Scheduler{Name: "WarmRestartsLR", Params: map[string]any{}}
		},
		"sched param": func(f *refFile, r *reference.Run) {
			r.Scheduler = &reference.Scheduler{Name: "StepLR", Params: map[string]any{"step_size": 1.0, "decay": 0.5}}
		},
		"lr": func(f *refFile, r *reference.Run) {
			r.Scheduler = stepLR(1, 0.5)
			r.LRPerStep = [][]float64{{0.1000000000000001}}
		},
		"group":       func(f *refFile, r *reference.Run) { r.ParamGroups = []reference.ParamGroup{{Params: []int{1}}} },
		"dtype":       func(f *refFile, r *reference.Run) { r.Dtype = "bfloat16" },
		"wrong value": func(f *refFile, r *reference.Run) { r.ParamsAfterStep[0][0] = 0.6 },
	} {
		f, r := base()
		spoil(f, r)
		for _, full := range []bool{false, true} {
			if _, err := replayRun(f, r, full, true); err == nil {
				t.Errorf("unknown %s: %s mode passes", name, modeName(full))
			}
		}
	}
}
