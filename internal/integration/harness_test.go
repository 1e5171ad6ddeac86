package integration

import (
	"path/filepath"
	"testing"

	"github.com/descentlab/descent/internal/reference"
)

// TestReplayFailsOnUnknownNames checks that the parity harness fails, never
// skips or passes, a run it cannot interpret or that is wrong.
func TestReplayFailsOnUnknownNames(t *testing.T) {
	dir, err := reference.Dir()
	if err != nil {
		t.Fatal(err)
	}
	load := func() (*reference.File, *reference.Run) {
		f, err := reference.Load(filepath.Join(dir, "linreg_fullbatch.json"))
		if err != nil {
			t.Fatal(err)
		}
		return f, &f.Runs[0]
	}
	f, run := load()
	if params, loss, err := replay(f, run); err != nil || params.Err > reference.Tol64 || loss.Err > reference.Tol64 {
		t.Fatalf("the unspoilt run %s fails: %v, %v, %v", run.ID, params, loss, err)
	}
	for name, spoil := range map[string]func(*reference.File, *reference.Run){
		"problem":    func(f *reference.File, _ *reference.Run) { f.Problem = "himmelblau" },
		"optimizer":  func(_ *reference.File, r *reference.Run) { r.Optimizer = "LBFGS" },
		"hyperparam": func(_ *reference.File, r *reference.Run) { r.Hyperparams["lr_schedule"] = 1.0 },
		"dtype":      func(_ *reference.File, r *reference.Run) { r.Dtype = "bfloat16" },
		"batches":    func(f *reference.File, _ *reference.Run) { f.BatchOrders = [][]int{{0}} },
	} {
		f, run := load()
		spoil(f, run)
		if _, _, err := replay(f, run); err == nil {
			t.Errorf("unknown %s: no error", name)
		}
	}
	f, run = load()
	run.ParamsAfterStep[9][1] *= 1 + 1e-11
	if params, _, err := replay(f, run); err != nil || params.Err <= reference.Tol64 {
		t.Errorf("a parameter 1e-11 off: %v, %v; want an error above %g", params, err, reference.Tol64)
	}
	if _, err := schedulerSkip(&reference.Scheduler{Name: "OneCycleLR"}); err == nil {
		t.Error("unknown scheduler OneCycleLR: no error")
	}
	if why, err := schedulerSkip(&reference.Scheduler{Name: "StepLR"}); err != nil || why == "" {
		t.Errorf("StepLR: %q, %v; want a reason to skip", why, err)
	}
}
