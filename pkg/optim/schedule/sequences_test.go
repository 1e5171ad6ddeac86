package schedule_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestSequencesTorch replays torch 1.13's learning rates and momenta for
// the new schedulers inside SequentialLR and ChainedScheduler (where torch
// winds them back and restarts them with step(0)), and SWALR's edge cases
// (testdata/sequences.json, from testdata/gen/gen_sequences.py), built with
// FromTorch on SGD(lr=0.1, momentum=0.9): bit for bit.
func TestSequencesTorch(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "sequences.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases []struct {
			Scheduler struct {
				Name   string         `json:"name"`
				Params map[string]any `json:"params"`
			} `json:"scheduler"`
			LR       []float64 `json:"lr"`
			Momentum []float64 `json:"momentum"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range ref.Cases {
		opt, err := optim.NewSGD([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 1)}, optim.LR(0.1), optim.Momentum(0.9))
		if err != nil {
			t.Fatal(err)
		}
		s, err := schedule.FromTorch(opt, c.Scheduler.Name, withLambdas(c.Scheduler.Params))
		if err != nil {
			t.Fatalf("%s %v: %v", c.Scheduler.Name, c.Scheduler.Params, err)
		}
		for k := range c.LR {
			lr, m := opt.GroupLR(0), opt.GroupMomentum(0)
			if math.Float64bits(lr) != math.Float64bits(c.LR[k]) || math.Float64bits(m) != math.Float64bits(c.Momentum[k]) {
				t.Errorf("%s %v: step %d: lr %v, momentum %v; torch %v, %v", c.Scheduler.Name, c.Scheduler.Params, k, lr, m, c.LR[k], c.Momentum[k])
				break
			}
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// withLambdas replaces the names of the generator's lr_lambda functions
// with the same functions in Go, in nested schedulers too.
func withLambdas(params map[string]any) map[string]any {
	fns := map[string]func(int) float64{
		"warmup5":  func(e int) float64 { return math.Min(1, float64(e+1)/5) },
		"const095": func(int) float64 { return 0.95 },
	}
	out := map[string]any{}
	for k, v := range params {
		switch x := v.(type) {
		case string:
			if f, ok := fns[x]; ok && k == "lr_lambda" {
				v = f
			}
		case []any:
			list := make([]any, len(x))
			for i, e := range x {
				if m, ok := e.(map[string]any); ok {
					spec := map[string]any{"name": m["name"], "params": withLambdas(m["params"].(map[string]any))}
					list[i] = spec
				} else {
					list[i] = e
				}
			}
			v = list
		}
		out[k] = v
	}
	return out
}
