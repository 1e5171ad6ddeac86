package integration

import (
	"path/filepath"
	"testing"

	"github.com/descentlab/descent/internal/reference"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// loadRun loads the reference file at path and returns it with its first
// run that satisfies ok.
func loadRun(t *testing.T, path string, ok func(*reference.Run) bool) (*reference.File, *reference.Run) {
	t.Helper()
	f, err := reference.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Runs {
		if ok(&f.Runs[i]) {
			return f, &f.Runs[i]
		}
	}
	t.Fatalf("%s: no run of the kind wanted", path)
	return nil, nil
}

// TestReplayFailsOnUnknownNames checks that the parity harness fails, never
// skips or passes, a run it cannot interpret or that is wrong.
func TestReplayFailsOnUnknownNames(t *testing.T) {
	root, err := reference.ModuleRoot() // the repository's copy: $DESCENT_REFERENCE_DIR may name other files
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "pkg", "optim", "testdata", "reference", "linreg_fullbatch.json")
	first := func(*reference.Run) bool { return true }
	f, run := loadRun(t, path, first)
	if res, err := replay(f, run); err != nil || res.params.Err > reference.Tol64 || res.loss.Err > reference.Tol64 {
		t.Fatalf("the unspoilt run %s fails: %+v, %v", run.ID, res, err)
	}
	for name, spoil := range map[string]func(*reference.File, *reference.Run){
		"problem":    func(f *reference.File, _ *reference.Run) { f.Problem = "himmelblau" },
		"optimizer":  func(_ *reference.File, r *reference.Run) { r.Optimizer = "Shampoo" },
		"hyperparam": func(_ *reference.File, r *reference.Run) { r.Hyperparams["lr_schedule"] = 1.0 },
		"dtype":      func(_ *reference.File, r *reference.Run) { r.Dtype = "bfloat16" },
		"batches":    func(f *reference.File, _ *reference.Run) { f.BatchOrders = [][]int{{0}} },
		"scheduler":  func(_ *reference.File, r *reference.Run) { r.Scheduler = &reference.Scheduler{Name: "CyclicLR"} },
		"group hyperparam": func(_ *reference.File, r *reference.Run) {
			r.ParamGroups = []reference.ParamGroup{{Params: []int{0, 1}, Hyperparams: map[string]any{"lr_schedule": 1.0}}}
		},
	} {
		f, run := loadRun(t, path, first)
		spoil(f, run)
		if _, err := replay(f, run); err == nil {
			t.Errorf("unknown %s: no error", name)
		}
	}
	f, run = loadRun(t, path, first)
	run.ParamsAfterStep[9][1] *= 1 + 1e-11
	if res, err := replay(f, run); err != nil || res.params.Err <= reference.Tol64 {
		t.Errorf("a parameter 1e-11 off: %+v, %v; want an error above %g", res.params, err, reference.Tol64)
	}
}

// TestReplaySchedulerAndGroups checks that a run with parameter groups and a
// scheduler passes, and fails once its learning rates or groups are spoilt.
func TestReplaySchedulerAndGroups(t *testing.T) {
	dir, err := reference.GroupsDir()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "linreg_groups.json")
	stepLR := func(r *reference.Run) bool {
		return r.Scheduler != nil && r.Scheduler.Name == "StepLR" && r.Dtype == "float64"
	}
	f, run := loadRun(t, path, stepLR)
	res, err := replay(f, run)
	if err != nil || res.params.Err > reference.Tol64 || res.lr.Err > reference.Tol64 {
		t.Fatalf("%s fails: %+v, %v", run.ID, res, err)
	}

	f, run = loadRun(t, path, stepLR)
	run.LRPerStep[12][1] *= 1 + 1e-11
	if res, err := replay(f, run); err != nil || res.lr.Err <= reference.Tol64 {
		t.Errorf("a learning rate 1e-11 off: %+v, %v; want an error above %g", res.lr, err, reference.Tol64)
	}
	f, run = loadRun(t, path, stepLR)
	run.ParamGroups[0].Params, run.ParamGroups[1].Params = run.ParamGroups[1].Params, run.ParamGroups[0].Params
	if res, err := replay(f, run); err == nil && res.params.Err <= reference.Tol64 {
		t.Errorf("groups swapped: %+v; want a failure", res)
	}
}

// TestNewScheduler checks that the harness passes schedule.FromTorch's
// errors on, and steps ReduceLROnPlateau on the loss it is given.
func TestNewScheduler(t *testing.T) {
	newOpt := func() *optim.SGD[float64] {
		opt, err := optim.NewSGD([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 2)}, optim.LR(0.1))
		if err != nil {
			t.Fatal(err)
		}
		return opt
	}
	for _, s := range []reference.Scheduler{
		{Name: "CyclicLR", Params: map[string]any{}},
		{Name: "StepLR", Params: map[string]any{"gamma": 0.5}},                      // step_size missing
		{Name: "StepLR", Params: map[string]any{"step_size": 2.0, "verbose": true}}, // not supported
		{Name: "ReduceLROnPlateau", Params: map[string]any{"patience": 1.5}},        // not an integer
	} {
		if _, err := s.Build(newOpt()); err == nil {
			t.Errorf("%s(%v): no error", s.Name, s.Params)
		}
	}
	opt := newOpt()
	step, err := (&reference.Scheduler{Name: "ReduceLROnPlateau", Params: map[string]any{"factor": 0.5, "patience": 0.0}}).Build(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, loss := range []float64{3, 2, 1} { // improving: the rate stays
		if err := step(loss); err != nil {
			t.Fatal(err)
		}
	}
	if lr := opt.LR(); lr != 0.1 {
		t.Errorf("lr %v after improving losses, want 0.1", lr)
	}
	if err := step(5); err != nil {
		t.Fatal(err)
	}
	if lr := opt.LR(); lr != 0.05 {
		t.Errorf("lr %v after a worse loss with patience 0, want 0.05", lr)
	}
}
