package optim_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// Tolerances of the reference README's error measure
// err = |candidate - reference| / max(|reference|, 0.1*S), S the largest
// |reference| of the quantity in the run. Runs in a directory named nofma
// (torch's non-FMA CPU kernels) must match bit for bit instead.
const (
	tol64      = 1e-12
	tol32      = 1e-5
	floorShare = 0.1
)

// referenceDir returns the directory of torch reference files to replay:
// $DESCENT_REFERENCE_DIR if set (it must exist), else ../shared/reference beside the
// repository when it exists, else the copy in testdata/reference.
func referenceDir(t *testing.T) string {
	if dir := os.Getenv("DESCENT_REFERENCE_DIR"); dir != "" {
		if !isDir(dir) {
			t.Fatalf("DESCENT_REFERENCE_DIR=%q is not a directory", dir)
		}
		return dir
	}
	if root, err := moduleRoot(); err == nil {
		if dir := filepath.Join(root, "..", "shared", "reference"); isDir(dir) {
			return dir
		}
	}
	if dir := filepath.Join("testdata", "reference"); isDir(dir) {
		return dir
	}
	t.Skip("no torch reference directory: DESCENT_REFERENCE_DIR unset, ../shared/reference and testdata/reference absent")
	return ""
}

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
	for _, dir := range []string{referenceDir(t), filepath.Join("testdata", "extra"), filepath.Join("testdata", "groups")} {
		files, err := findJSON(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no reference files in %s", dir)
		}
		runs := 0
		for _, path := range files {
			rel, _ := filepath.Rel(dir, path)
			t.Run(filepath.Base(dir)+"/"+filepath.ToSlash(rel), func(t *testing.T) {
				f, err := loadRefFile(path)
				if err != nil {
					t.Fatal(err)
				}
				exact := strings.Contains(filepath.ToSlash(rel), "nofma/")
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
func replayRun(f *refFile, run *refRun, full, exact bool) (float64, error) {
	if run.Problem != "" && run.Problem != f.Problem {
		return 0, fmt.Errorf("run problem %q differs from the file's %q", run.Problem, f.Problem)
	}
	switch run.Dtype {
	case "float64":
		return replayRunT[float64](f, run, full, exact, tol64)
	case "float32":
		return replayRunT[float32](f, run, full, exact, tol32)
	}
	return 0, fmt.Errorf("unknown dtype %q", run.Dtype)
}

func replayRunT[T tensor.Float](f *refFile, run *refRun, full, exact bool, tol float64) (float64, error) {
	prob, err := newProblem[T](f)
	if err != nil {
		return 0, err
	}
	init := run.ParamsInit
	if init == nil {
		init = f.ParamsInit
	}
	params, err := layoutParams[T](f, init)
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
		if schedStep, err = newTorchScheduler(opt, run.Scheduler); err != nil {
			return 0, err
		}
	}
	x, grad := make([]T, len(init)), make([]T, len(init))
	gotParams := make([]row, run.Steps)
	gotLoss := make([]float64, run.Steps)
	gotLR := make([]row, run.Steps)
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
		flatten(params, x)
		gotParams[k] = make(row, len(x))
		for i, v := range x {
			gotParams[k][i] = float64(v)
		}
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
			e, where := maxRelErr(run.LRPerStep, gotLR)
			if e > tol64 {
				return e / tol64, fmt.Errorf("lr_per_step: error %.3g > %g at %s", e, tol64, where)
			}
			ratio = e / tol64
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
		e, where := maxRelErr(run.ParamsAfterStep, gotParams)
		if e > tol {
			return e / tol, fmt.Errorf("params_after_step: error %.3g > %g at %s", e, tol, where)
		}
		ratio = max(ratio, e/tol)
	}
	if exactLoss {
		return ratio, bitwise[T]("loss_before_step", rowsOf(run.LossBeforeStep), rowsOf(gotLoss))
	}
	e, where := maxRelErr(rowsOf(run.LossBeforeStep), rowsOf(gotLoss))
	if e > tol {
		return e / tol, fmt.Errorf("loss_before_step: error %.3g > %g at %s", e, tol, where)
	}
	return max(ratio, e/tol), nil
}

// exactProblems are the problems whose loss and gradient problems_test.go
// evaluates bit for bit as torch does; the others (linear regression, MLP)
// depend on torch's unspecified reduction order.
var exactProblems = map[string]bool{"quadratic": true, "quadratic2d": true, "rosenbrock": true}

// newFromTorch builds the optimizer torch's class name and keyword arguments
// describe, for the tensors in param_layout order: with param_groups, one
// ParamGroup per group (torch's list of dicts), else one group of them all.
func newFromTorch[T tensor.Float](name string, params []*tensor.Tensor[T], hp map[string]any, groups []paramGroup) (optim.Optimizer[T], error) {
	opts, err := torchOptions(hp)
	if err != nil {
		return nil, err
	}
	if groups == nil {
		return optim.New(name, params, opts...)
	}
	for _, g := range groups {
		gopts, err := torchOptions(g.Overrides)
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
	keys := make([]string, 0, len(hp))
	for k := range hp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var opts []optim.Option
	for _, k := range keys {
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
func checkDefaults[T tensor.Float](opt optim.Optimizer[T], run *refRun) error {
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

// newTorchScheduler builds a reference run's scheduler, {"name": torch class
// name, "params": its keyword arguments} (testdata/extra/README.md), on the
// run's optimizer right after it, as torch's constructor does. It returns
// the scheduler's step, taken after the optimizer's; metric is the loss of
// that step, which only ReduceLROnPlateau reads.
func newTorchScheduler(opt optim.LRGroups, spec any) (func(metric float64) error, error) {
	m, ok := spec.(map[string]any)
	name, _ := m["name"].(string)
	params, pok := m["params"].(map[string]any)
	if !ok || name == "" || !pok || len(m) != 2 {
		return nil, fmt.Errorf("scheduler %v: want {\"name\": ..., \"params\": {...}}", spec)
	}
	if name == "ReduceLROnPlateau" {
		p, err := schedule.PlateauFromTorch(opt, params)
		if err != nil {
			return nil, err
		}
		return p.Step, nil
	}
	s, err := schedule.FromTorch(opt, name, params)
	if err != nil {
		return nil, err
	}
	return func(float64) error { return s.Step() }, nil
}

// layoutParams builds the tensors of the file's param_layout from the
// flattened initial values.
func layoutParams[T tensor.Float](f *refFile, init row) ([]*tensor.Tensor[T], error) {
	var params []*tensor.Tensor[T]
	off := 0
	for _, l := range f.ParamLayout {
		n, err := tensor.NumElements(l.Shape)
		if err != nil {
			return nil, err
		}
		if off+n > len(init) {
			return nil, fmt.Errorf("params_init has %d values, param_layout needs more", len(init))
		}
		vals := make([]T, n)
		for i := range vals {
			vals[i] = T(init[off+i])
		}
		p, err := tensor.New(l.Name, l.Shape, vals)
		if err != nil {
			return nil, err
		}
		params = append(params, p)
		off += n
	}
	if off != len(init) || off == 0 {
		return nil, fmt.Errorf("params_init has %d values, param_layout %d", len(init), off)
	}
	return params, nil
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

func rowsOf(v []float64) []row {
	r := make([]row, len(v))
	for i, x := range v {
		r[i] = row{x}
	}
	return r
}

// maxRelErr is the reference README's error measure over all steps and
// elements, with where the maximum occurs.
func maxRelErr(ref, got []row) (float64, string) {
	if len(ref) != len(got) {
		return math.Inf(1), fmt.Sprintf("%d steps, want %d", len(got), len(ref))
	}
	scale := 0.0
	for _, r := range ref {
		for _, v := range r {
			scale = max(scale, math.Abs(v))
		}
	}
	floor := floorShare * scale
	if scale == 0 {
		floor = math.SmallestNonzeroFloat64
	}
	worst, where := 0.0, "nowhere"
	for k := range ref {
		if len(ref[k]) != len(got[k]) {
			return math.Inf(1), fmt.Sprintf("step %d: %d values, want %d", k, len(got[k]), len(ref[k]))
		}
		for i, a := range ref[k] {
			b := got[k][i]
			e := math.Abs(b-a) / max(math.Abs(a), floor)
			if math.IsNaN(b) || math.IsInf(b, 0) {
				e = math.Inf(1)
			}
			if e > worst {
				worst, where = e, fmt.Sprintf("step %d element %d (got %v, want %v)", k, i, b, a)
			}
		}
	}
	return worst, where
}

// bitwise requires got to equal ref exactly once both are rounded to T (the
// reference holds exact T values widened to float64).
func bitwise[T tensor.Float](what string, ref, got []row) error {
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

func stepLR(stepSize, gamma float64) map[string]any {
	return map[string]any{"name": "StepLR", "params": map[string]any{"step_size": stepSize, "gamma": gamma}}
}

// TestReplayRejectsUnknownNames checks that the harness fails, rather than
// skips, a run it cannot interpret.
func TestReplayRejectsUnknownNames(t *testing.T) {
	base := func() (*refFile, *refRun) {
		f := &refFile{Problem: "quadratic", ParamsInit: row{0}}
		f.ParamLayout = append(f.ParamLayout, struct {
			Name  string `json:"name"`
			Shape []int  `json:"shape"`
		}{"theta", []int{}})
		r := &refRun{ID: "x", Optimizer: "SGD", Hyperparams: map[string]any{"lr": 0.1}, Dtype: "float64", Steps: 1,
			LossBeforeStep: []float64{9}, GradsAtStep: []row{{-6}}, ParamsAfterStep: []row{{0.6000000000000001}}}
		return f, r
	}
	f, r := base()
	if _, err := replayRun(f, r, true, true); err != nil {
		t.Fatalf("the well-formed run fails: %v", err)
	}
	f0, r0 := base()
	r0.Scheduler, r0.LRPerStep = stepLR(1, 0.5), []row{{0.1}}
	if _, err := replayRun(f0, r0, true, true); err != nil {
		t.Fatalf("the well-formed run with a scheduler fails: %v", err)
	}
	for name, spoil := range map[string]func(*refFile, *refRun){
		"problem":    func(f *refFile, r *refRun) { f.Problem = "himmelblau" },
		"optimizer":  func(f *refFile, r *refRun) { r.Optimizer = "LBFGS" },
		"hyperparam": func(f *refFile, r *refRun) { r.Hyperparams["lr_schedule"] = 1.0 },
		"scheduler": func(f *refFile, r *refRun) {
			r.Scheduler = map[string]any{"name": "WarmRestartsLR", "params": map[string]any{}}
		},
		"sched param": func(f *refFile, r *refRun) {
			r.Scheduler = map[string]any{"name": "StepLR", "params": map[string]any{"step_size": 1.0, "decay": 0.5}}
		},
		"lr":          func(f *refFile, r *refRun) { r.Scheduler = stepLR(1, 0.5); r.LRPerStep = []row{{0.1000000000000001}} },
		"group":       func(f *refFile, r *refRun) { r.ParamGroups = []paramGroup{{Params: []int{1}}} },
		"dtype":       func(f *refFile, r *refRun) { r.Dtype = "bfloat16" },
		"wrong value": func(f *refFile, r *refRun) { r.ParamsAfterStep[0][0] = 0.6 },
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
