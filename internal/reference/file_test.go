package reference

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// tinyJSON is a hand-made file in the reference format: a 2-weight, 1-bias
// linear model on 4 rows in mini-batches of 2 over 2 epochs, with one
// float64 run and one float32 run that has a scheduler. The numbers are
// arbitrary; only the structure matters.
const tinyJSON = `{
  "problem": "tiny",
  "formula": "pred = X @ w + b",
  "param_layout": [{"name": "w", "shape": [1, 2]}, {"name": "b", "shape": []}],
  "params_init": [0.5, -1.0, 0.25],
  "params_init_structured": {"w": [[0.5, -1.0]], "b": 0.25},
  "lr_choice": "by hand",
  "environment": {"torch_num_threads": 1, "aten_cpu_capability": "AVX2"},
  "data": {"X": [[1, 2], [3, 4], [5, 6], [7, 8]], "y": [1, 2, 3, 4]},
  "batch_size": 2,
  "epochs": 2,
  "batch_orders": [[3, 1, 0, 2], [0, 2, 1, 3]],
  "runs": [
    {
      "id": "tiny/SGD(lr=0.1)/float64/2steps", "problem": "tiny", "optimizer": "SGD",
      "hyperparams": {"lr": 0.1}, "hyperparams_full": {"lr": 0.1, "momentum": 0, "nesterov": false, "foreach": null},
      "dtype": "float64", "steps": 2,
      "loss_before_step": [2.5, 1.25],
      "grads_at_step": [[1, 2, 3], [0.5, 0.25, 0.125]],
      "params_after_step": [[0.4, -1.2, -0.05], [0.35, -1.225, -0.0625]]
    },
    {
      "id": "tiny/Adam(lr=0.01)/float32/StepLR", "problem": "tiny", "optimizer": "Adam",
      "hyperparams": {"lr": 0.01, "betas": [0.9, 0.999]},
      "dtype": "float32", "steps": 2, "params_init": [1, 2, 3],
      "loss_before_step": [0.5, 0.25],
      "grads_at_step": [[1, 2, 3], [4, 5, 6]],
      "params_after_step": [[0.875, 1.9375, 2.96875], [0.5, 0.5, 0.5]],
      "scheduler": {"name": "StepLR", "params": {"step_size": 1, "gamma": 0.5}},
      "lr_per_step": [0.01, 0.005],
      "note": "hand-made"
    },
    {
      "id": "tiny/SGD(lr=0.1)/groups/float64/1steps", "problem": "tiny", "optimizer": "SGD",
      "hyperparams": {"lr": 0.1}, "dtype": "float64", "steps": 1,
      "loss_before_step": [2.5], "grads_at_step": [[1, 2, 3]], "params_after_step": [[0.4, -1.2, -0.05]],
      "param_groups": [{"params": [1], "lr": 0.2, "betas": [0.8, 0.9]}, {"params": [0]}],
      "scheduler": {"name": "SequentialLR", "params": {"schedulers": [{"name": "StepLR", "params": {"step_size": 1}}], "milestones": [3]}},
      "lr_per_step": [[0.2, 0.1]]
    }
  ]
}`

func TestParseTiny(t *testing.T) {
	f, err := Parse([]byte(tinyJSON))
	if err != nil {
		t.Fatal(err)
	}
	if f.Problem != "tiny" || f.Formula != "pred = X @ w + b" || f.LRChoice != "by hand" {
		t.Errorf("problem %q, formula %q, lr_choice %q", f.Problem, f.Formula, f.LRChoice)
	}
	if len(f.ParamLayout) != 2 || f.ParamLayout[0].Name != "w" || !slices.Equal(f.ParamLayout[0].Shape, []int{1, 2}) ||
		f.ParamLayout[1].Name != "b" || len(f.ParamLayout[1].Shape) != 0 {
		t.Errorf("param_layout %+v", f.ParamLayout)
	}
	if f.NumParams() != 3 {
		t.Errorf("NumParams = %d, want 3", f.NumParams())
	}
	if f.Environment["aten_cpu_capability"] != "AVX2" || f.Environment["torch_num_threads"] != 1.0 {
		t.Errorf("environment %v", f.Environment)
	}
	if f.Data == nil || len(f.Data.X) != 4 || f.Data.X[3][1] != 8 || f.Data.Y[2] != 3 {
		t.Errorf("data %+v", f.Data)
	}
	if f.BatchSize != 2 || f.Epochs != 2 || len(f.BatchOrders) != 2 || f.BatchOrders[1][1] != 2 {
		t.Errorf("batch_size %d, epochs %d, batch_orders %v", f.BatchSize, f.Epochs, f.BatchOrders)
	}
	if len(f.Runs) != 3 {
		t.Fatalf("%d runs, want 3", len(f.Runs))
	}

	r := f.Runs[0]
	if r.Optimizer != "SGD" || r.Dtype != "float64" || r.Steps != 2 || r.Hyperparams["lr"] != 0.1 {
		t.Errorf("run 0: %+v", r)
	}
	if v, ok := r.HyperparamsFull["foreach"]; !ok || v != nil || r.HyperparamsFull["nesterov"] != false {
		t.Errorf("run 0: hyperparams_full %v", r.HyperparamsFull)
	}
	if !slices.Equal(r.ParamsInit, []float64{0.5, -1, 0.25}) {
		t.Errorf("run 0 takes the file's params_init, got %v", r.ParamsInit)
	}
	if r.GradsAtStep[1][2] != 0.125 || r.ParamsAfterStep[1][2] != -0.0625 || r.LossBeforeStep[1] != 1.25 {
		t.Errorf("run 0: grads %v, params %v, losses %v", r.GradsAtStep, r.ParamsAfterStep, r.LossBeforeStep)
	}
	if r.Scheduler != nil || r.LRPerStep != nil {
		t.Errorf("run 0 has scheduler %v, lr_per_step %v", r.Scheduler, r.LRPerStep)
	}

	r = f.Runs[1]
	if !slices.Equal(r.ParamsInit, []float64{1, 2, 3}) {
		t.Errorf("run 1 keeps its own params_init, got %v", r.ParamsInit)
	}
	if b, ok := r.Hyperparams["betas"].([]any); !ok || len(b) != 2 || b[1] != 0.999 {
		t.Errorf("run 1: betas %v", r.Hyperparams["betas"])
	}
	if r.Scheduler == nil || r.Scheduler.Name != "StepLR" || r.Scheduler.Params["gamma"] != 0.5 {
		t.Errorf("run 1: scheduler %+v", r.Scheduler)
	}
	if len(r.LRPerStep) != 2 || !slices.Equal(r.LRPerStep[0], []float64{0.01}) || !slices.Equal(r.LRPerStep[1], []float64{0.005}) || r.Note != "hand-made" {
		t.Errorf("run 1: lr_per_step %v, note %q", r.LRPerStep, r.Note)
	}
	if r.ParamGroups != nil {
		t.Errorf("run 1: param_groups %v", r.ParamGroups)
	}

	r = f.Runs[2]
	if len(r.ParamGroups) != 2 || !slices.Equal(r.ParamGroups[0].Params, []int{1}) || !slices.Equal(r.ParamGroups[1].Params, []int{0}) {
		t.Fatalf("run 2: param_groups %+v", r.ParamGroups)
	}
	if h := r.ParamGroups[0].Hyperparams; len(h) != 2 || h["lr"] != 0.2 || len(h["betas"].([]any)) != 2 || len(r.ParamGroups[1].Hyperparams) != 0 {
		t.Errorf("run 2: group hyperparameters %v, %v", h, r.ParamGroups[1].Hyperparams)
	}
	if len(r.LRPerStep) != 1 || !slices.Equal(r.LRPerStep[0], []float64{0.2, 0.1}) {
		t.Errorf("run 2: lr_per_step %v", r.LRPerStep)
	}
	if inner, ok := r.Scheduler.Params["schedulers"].([]any); r.Scheduler.Name != "SequentialLR" || !ok || len(inner) != 1 {
		t.Errorf("run 2: scheduler %+v", r.Scheduler)
	}
}

func TestBatch(t *testing.T) {
	f, err := Parse([]byte(tinyJSON))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{3, 1}, {0, 2}, {0, 2}, {1, 3}}
	for k, w := range want {
		got, err := f.Batch(k)
		if err != nil || !slices.Equal(got, w) {
			t.Errorf("Batch(%d) = %v, %v; want %v", k, got, err, w)
		}
	}
	for _, k := range []int{-1, 4} {
		if _, err := f.Batch(k); err == nil || !strings.Contains(err.Error(), "out of range [0, 4)") {
			t.Errorf("Batch(%d): error %v, want out of range", k, err)
		}
	}
	f.BatchOrders, f.BatchSize = nil, 0
	if _, err := f.Batch(0); err == nil {
		t.Error("Batch on a full-batch file: no error")
	}
}

// TestParseRejects spoils the tiny file in one place at a time: each must
// be an error that says what is wrong.
func TestParseRejects(t *testing.T) {
	for _, c := range []struct {
		name  string
		spoil func(m map[string]any, runs []map[string]any)
		want  string
	}{
		{"no problem", func(m map[string]any, _ []map[string]any) { delete(m, "problem") }, "no problem name"},
		{"empty layout", func(m map[string]any, _ []map[string]any) { m["param_layout"] = []any{} }, "empty param_layout"},
		{"negative shape", func(m map[string]any, _ []map[string]any) {
			m["param_layout"] = []any{map[string]any{"name": "w", "shape": []any{-1}}}
		}, "invalid shape"},
		{"short params_init", func(m map[string]any, _ []map[string]any) { m["params_init"] = []any{1, 2} }, "params_init has 2 values"},
		{"structured differs", func(m map[string]any, _ []map[string]any) {
			m["params_init_structured"] = map[string]any{"w": []any{[]any{0.5, -1}}, "b": 0.5}
		}, "flattens to"},
		{"structured shape", func(m map[string]any, _ []map[string]any) {
			m["params_init_structured"] = map[string]any{"w": []any{0.5, -1}, "b": 0.25}
		}, `params_init_structured["w"]`},
		{"structured missing", func(m map[string]any, _ []map[string]any) {
			m["params_init_structured"] = map[string]any{"w": []any{[]any{0.5, -1}}}
		}, `has no "b"`},
		{"data lengths", func(m map[string]any, _ []map[string]any) {
			m["data"].(map[string]any)["y"] = []any{1, 2, 3}
		}, "4 rows of X and 3 targets"},
		{"ragged data", func(m map[string]any, _ []map[string]any) {
			m["data"].(map[string]any)["X"].([]any)[2] = []any{5}
		}, "data row 2 has 1 features"},
		{"batch size", func(m map[string]any, _ []map[string]any) { m["batch_size"] = 3 }, "batch_size 3 does not divide"},
		{"epochs", func(m map[string]any, _ []map[string]any) { m["epochs"] = 3 }, "2 batch_orders for 3 epochs"},
		{"not a permutation", func(m map[string]any, _ []map[string]any) {
			m["batch_orders"].([]any)[1] = []any{0, 2, 2, 3}
		}, "batch_orders[1] is not a permutation"},
		{"no id", func(_ map[string]any, r []map[string]any) { delete(r[1], "id") }, "run 1 has no id"},
		{"duplicate id", func(_ map[string]any, r []map[string]any) { r[1]["id"] = r[0]["id"] }, "appears twice"},
		{"run problem", func(_ map[string]any, r []map[string]any) { r[0]["problem"] = "other" }, `problem "other" differs`},
		{"no optimizer", func(_ map[string]any, r []map[string]any) { r[0]["optimizer"] = "" }, "no optimizer name"},
		{"dtype", func(_ map[string]any, r []map[string]any) { r[0]["dtype"] = "bfloat16" }, `dtype "bfloat16", want float32 or float64`},
		{"no steps", func(_ map[string]any, r []map[string]any) { r[0]["steps"] = 0 }, "steps = 0"},
		{"missing loss", func(_ map[string]any, r []map[string]any) { r[0]["loss_before_step"] = []any{1} }, "1 losses"},
		{"short row", func(_ map[string]any, r []map[string]any) {
			r[0]["params_after_step"].([]any)[1] = []any{1, 2}
		}, "params_after_step: step 1 has 2 values, param_layout has 3"},
		{"run params_init", func(_ map[string]any, r []map[string]any) { r[1]["params_init"] = []any{1} }, "params_init has 1 values"},
		{"not float32", func(_ map[string]any, r []map[string]any) {
			r[1]["grads_at_step"].([]any)[1] = []any{4, 0.1, 6}
		}, "grads_at_step row 1 element 1 = 0.1 is not a float32 value"},
		{"lr_per_step length", func(_ map[string]any, r []map[string]any) { r[1]["lr_per_step"] = []any{0.01} }, "1 lr_per_step values for 2 steps"},
		{"scheduler name", func(_ map[string]any, r []map[string]any) { r[1]["scheduler"] = map[string]any{} }, "scheduler without a name"},
		{"lr without scheduler", func(_ map[string]any, r []map[string]any) { r[0]["lr_per_step"] = []any{1} }, "1 lr_per_step values for 2 steps"},
		{"unknown file field", func(m map[string]any, _ []map[string]any) { m["some_future_field"] = true }, `unknown field "some_future_field"`},
		{"unknown run field", func(_ map[string]any, r []map[string]any) { r[0]["hessian_at_step"] = []any{} }, `unknown field "hessian_at_step"`},
		{"unknown swa field", func(_ map[string]any, r []map[string]any) {
			r[0]["swa"] = map[string]any{"start": 0, "avg": "swa", "swalr": nil, "bn": true}
		}, `unknown field "bn"`},
		{"momentum without scheduler", func(_ map[string]any, r []map[string]any) { r[0]["momentum_per_step"] = []any{0.9, 0.8} }, "momentum_per_step without a scheduler"},
		{"momentum length", func(_ map[string]any, r []map[string]any) { r[1]["momentum_per_step"] = []any{0.9} }, "1 momentum_per_step values for 2 steps"},
		{"averaged length", func(_ map[string]any, r []map[string]any) { r[0]["averaged_after_step"] = []any{[]any{1, 2, 3}} }, "averaged_after_step has 1 rows for 2 steps"},
		{"averaged not float32", func(_ map[string]any, r []map[string]any) {
			r[1]["averaged_after_step"] = []any{[]any{1, 2, 3}, []any{1, 0.1, 3}}
		}, "averaged_after_step row 1 element 1 = 0.1 is not a float32 value"},
		{"evals", func(_ map[string]any, r []map[string]any) { r[0]["evals_at_step"] = []any{1, 0} }, "evals_at_step[1] = 0, want >= 1"},
		{"no grads", func(_ map[string]any, r []map[string]any) { delete(r[0], "grads_at_step") }, "2 losses, 0 gradient rows"},
		{"swa without averages", func(_ map[string]any, r []map[string]any) {
			r[0]["swa"] = map[string]any{"start": 0, "avg": "swa", "swalr": nil}
		}, "swa and swa_params_after_step must come together"},
		{"swa start", func(_ map[string]any, r []map[string]any) {
			r[0]["swa"] = map[string]any{"start": 2, "avg": "swa", "swalr": nil}
			r[0]["swa_params_after_step"] = []any{}
		}, "swa start 2 outside [0, 2)"},
		{"swa rows", func(_ map[string]any, r []map[string]any) {
			r[0]["swa"] = map[string]any{"start": 1, "avg": "swa", "swalr": nil}
			r[0]["swa_params_after_step"] = []any{[]any{1, 2, 3}, []any{1, 2, 3}}
		}, "swa_params_after_step has 2 rows for 1 steps"},
		{"lr_per_step groups", func(_ map[string]any, r []map[string]any) { r[2]["lr_per_step"] = []any{0.2} }, "lr_per_step[0] has 1 rates for 2 parameter groups"},
		{"lr_per_step type", func(_ map[string]any, r []map[string]any) { r[2]["lr_per_step"] = []any{"fast"} }, `lr_per_step[0] = "fast"`},
		{"group index", func(_ map[string]any, r []map[string]any) {
			r[2]["param_groups"].([]any)[0].(map[string]any)["params"] = []any{2}
		}, "tensor index 2 out of range [0, 2)"},
		{"group twice", func(_ map[string]any, r []map[string]any) {
			r[2]["param_groups"].([]any)[0].(map[string]any)["params"] = []any{0}
		}, "tensor 0 (w) is in two groups"},
		{"group empty", func(_ map[string]any, r []map[string]any) {
			r[2]["param_groups"].([]any)[0].(map[string]any)["params"] = []any{}
		}, "param group 0 has no tensors"},
		{"group not index", func(_ map[string]any, r []map[string]any) {
			r[2]["param_groups"].([]any)[0].(map[string]any)["params"] = []any{0.5}
		}, "params[0] = 0.5 is not an index"},
		{"group without params", func(_ map[string]any, r []map[string]any) {
			delete(r[2]["param_groups"].([]any)[0].(map[string]any), "params")
		}, "want a list of tensor indices"},
		{"no groups", func(_ map[string]any, r []map[string]any) { r[2]["param_groups"] = []any{} }, "param_groups is empty"},
		{"bad JSON type", func(_ map[string]any, r []map[string]any) { r[0]["steps"] = "two" }, "cannot unmarshal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(tinyJSON), &m); err != nil {
				t.Fatal(err)
			}
			var runs []map[string]any
			for _, r := range m["runs"].([]any) {
				runs = append(runs, r.(map[string]any))
			}
			c.spoil(m, runs)
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(b)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	if _, err := Load("testdata/no-such-file.json"); err == nil {
		t.Error("Load of a missing file: no error")
	}
	path := t.TempDir() + "/bad.json"
	writeFile(t, path, `{"problem": "tiny", "param_layout": []}`)
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Load of a bad file: error %v, want one naming %s", err, path)
	}
}
