package optim_test

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/internal/reference"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestTorchParity replays every torch 1.13 reference run, twice: in replay
// mode the optimizer is fed the gradients torch recorded (grads_at_step), in
// full mode the loss and gradient are computed here (problems_test.go).
// Either way the parameters after every step and the loss before every step
// must match the reference within the README's tolerance (1e-10 for LBFGS
// in float64, reference-more's README). The directories are the shared
// reference and reference-more (or $DESCENT_REFERENCE_DIR in their place),
// testdata/extra, torch runs on problems, options and schedulers the shared
// reference leaves out, and testdata/groups, runs with parameter groups (see
// their README.md files).
//
// Everything else a run records goes through internal/reference.Protocol:
// the scheduler (lr_per_step, and CyclicLR's momentum_per_step, with the
// float64 tolerance), LambdaLR's and MultiplicativeLR's named functions,
// ASGD's averaged iterate (averaged_after_step), SWA's averaged model and
// SWALR (swa_params_after_step), and LBFGS's closure protocol, replayed in
// full mode only (its runs record no gradients) with the closure calls per
// step (evals_at_step) compared exactly. Runs under a nofma directory (torch
// without FMA) must match bit for bit, rates, momenta and averages
// included, except where torch's unspecified reduction order is involved
// (the loss of linear regression and the MLP, and their parameters in full
// mode). An unknown problem, optimizer, scheduler, function or JSON field
// fails the run; none is skipped.
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
							if !full && run.FullModeOnly() {
								continue // LBFGS: no gradients recorded, the closure protocol in full mode only
							}
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
	tol, err := reference.RunTolerance(run)
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
	if !full && run.FullModeOnly() {
		return 0, fmt.Errorf("%s records no gradients to replay: full mode only", run.ID)
	}
	proto, err := reference.NewProtocol(run, opt, params)
	if err != nil {
		return 0, err
	}
	x, grad := make([]T, len(run.ParamsInit)), make([]T, len(run.ParamsInit))
	gotParams := make([][]float64, run.Steps)
	gotLoss := make([]float64, run.Steps)
	for k := range run.Steps {
		proto.Before(k)
		// The loss and gradient at the current parameters; in replay mode
		// the gradient is the one torch recorded.
		lossGrad := func() (float64, error) {
			flatten(params, x)
			opt.ZeroGrad()
			loss := float64(prob(k, x, grad))
			if !full {
				if len(run.GradsAtStep[k]) != len(grad) {
					return 0, fmt.Errorf("step %d: grads_at_step has %d values, want %d", k, len(run.GradsAtStep[k]), len(grad))
				}
				for i, g := range run.GradsAtStep[k] {
					grad[i] = T(g)
				}
			}
			scatterGrad(params, grad)
			return loss, nil
		}
		if gotLoss[k], err = proto.Step(k, lossGrad); err != nil {
			return 0, fmt.Errorf("step %d: %v", k, err)
		}
		metric := gotLoss[k] // ReduceLROnPlateau's: our loss in full mode, torch's in replay mode
		if !full {
			metric = run.LossBeforeStep[k]
		}
		if err := proto.After(k, metric); err != nil {
			return 0, fmt.Errorf("step %d: %v", k, err)
		}
		gotParams[k] = reference.Flatten(params)
	}
	// Bit for bit (nofma runs): the parameters (and ASGD's and SWA's
	// averages) whenever the gradients are torch's own or our formula is
	// exact; the loss whenever our formula is. The learning rates and
	// momenta are computed in float64 from the schedule alone (and
	// ReduceLROnPlateau's decisions): the float64 tolerance in every run, bit
	// for bit in nofma runs.
	exactLoss := exact && exactProblems[f.Problem]
	exactParams := exactLoss || exact && !full
	ratio, err := proto.Compare(exact, exactParams)
	if err != nil {
		return ratio, err
	}
	if exactParams {
		if err := reference.Bitwise[T]("params_after_step", run.ParamsAfterStep, gotParams); err != nil {
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
		return ratio, reference.Bitwise[T]("loss_before_step", wantLoss, gotLossRows)
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
		"optimizer":  func(f *refFile, r *reference.Run) { r.Optimizer = "Shampoo" },
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
		"group": func(f *refFile, r *reference.Run) { r.ParamGroups = []reference.ParamGroup{{Params: []int{1}}} },
		"lr_lambda": func(f *refFile, r *reference.Run) {
			r.Scheduler = &reference.Scheduler{Name: "LambdaLR", Params: map[string]any{"lr_lambda": "cubic"}}
		},
		"swa avg": func(f *refFile, r *reference.Run) {
			r.SWA, r.SWAParamsAfterStep = &reference.SWA{Avg: "median"}, [][]float64{{0.6000000000000001}}
		},
		"momentum without one": func(f *refFile, r *reference.Run) {
			r.Optimizer, r.Hyperparams = "Adagrad", map[string]any{"lr": 0.1}
			r.Scheduler, r.LRPerStep, r.MomentumPerStep = stepLR(1, 0.5), [][]float64{{0.1}}, [][]float64{{0}}
		},
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

// TestReplayChecksEveryField replays one run of each kind of reference-more
// (a CyclicLR run with momenta, SWA runs with and without SWALR, ASGD with
// its average, LBFGS with its closure calls), then moves one recorded value
// of each field by ten times the run's tolerance (or one closure call):
// every field must make the run fail, in every mode the run has, so that
// none is read and left unchecked.
func TestReplayChecksEveryField(t *testing.T) {
	dir, err := reference.MoreDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file, id string
		fields   []string
	}{
		{"quadratic2d_schedulers_more.json", "quadratic2d/SGD(lr=0.1,momentum=0.9)+CyclicLR(base_lr=0.01,max_lr=0.1,step_size_up=4,step_size_down=6,mode=triangular2)/float64/50steps",
			[]string{"lr_per_step", "momentum_per_step", "params_after_step", "loss_before_step"}},
		{"quadratic2d_swa.json", "quadratic2d/SGD(lr=0.1,momentum=0.9)+swa(start=10,avg=swa,swalr=swa_lr=0.05,anneal_epochs=5,anneal_strategy=cos)/float64/50steps",
			[]string{"lr_per_step", "swa_params_after_step", "params_after_step"}},
		{"quadratic2d_swa.json", "quadratic2d/Adam(lr=0.05)+swa(start=0,avg=ema0.9)/float64/50steps",
			[]string{"swa_params_after_step"}},
		{"quadratic2d_more.json", "quadratic2d/ASGD(lr=0.1,t0=10,lambd=0.001)/float64/50steps",
			[]string{"averaged_after_step", "params_after_step"}},
		{"quadratic2d_more.json", "quadratic2d/LBFGS(lr=1,max_iter=5,line_search_fn=strong_wolfe)/float64/4steps",
			[]string{"evals_at_step", "params_after_step", "loss_before_step", "lr_per_step"}},
	} {
		rf, err := reference.Load(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		f := &refFile{rf}
		i := slices.IndexFunc(f.Runs, func(r reference.Run) bool { return r.ID == c.id })
		if i < 0 {
			t.Fatalf("%s: no run %s", c.file, c.id)
		}
		tol, err := reference.RunTolerance(&f.Runs[i])
		if err != nil {
			t.Fatal(err)
		}
		move := 1 + 10*tol // ten times the tolerance (LBFGS's is 1e-10): lr_per_step is held to 1e-12 always
		for _, full := range []bool{false, true} {
			if !full && f.Runs[i].FullModeOnly() {
				continue
			}
			if _, err := replayRun(f, &f.Runs[i], full, false); err != nil {
				t.Fatalf("%s, %s mode: the recorded run fails: %v", c.id, modeName(full), err)
			}
			for _, field := range c.fields {
				run := f.Runs[i]
				rows := map[string]*[][]float64{"lr_per_step": &run.LRPerStep, "momentum_per_step": &run.MomentumPerStep,
					"params_after_step": &run.ParamsAfterStep, "swa_params_after_step": &run.SWAParamsAfterStep,
					"averaged_after_step": &run.AveragedAfterStep}
				switch field {
				case "loss_before_step":
					run.LossBeforeStep = slices.Clone(run.LossBeforeStep)
					k, _ := largest(reference.Column(run.LossBeforeStep))
					run.LossBeforeStep[k] *= move
				case "evals_at_step":
					run.EvalsAtStep = slices.Clone(run.EvalsAtStep)
					run.EvalsAtStep[1]++
				default:
					spoilt := make([][]float64, len(*rows[field]))
					for k, row := range *rows[field] {
						spoilt[k] = slices.Clone(row)
					}
					k, j := largest(spoilt) // where the error measure is a plain relative error
					spoilt[k][j] *= move
					*rows[field] = spoilt
				}
				if _, err := replayRun(f, &run, full, false); err == nil || !strings.Contains(err.Error(), field) {
					t.Errorf("%s: %s moved by ten times the tolerance, %s mode: error %v, want one about %s", c.id, field, modeName(full), err, field)
				}
			}
		}
	}
}

// largest returns the row and column of the largest magnitude in rows.
func largest(rows [][]float64) (k, j int) {
	for r, row := range rows {
		for c, v := range row {
			if math.Abs(v) > math.Abs(rows[k][j]) {
				k, j = r, c
			}
		}
	}
	return k, j
}
