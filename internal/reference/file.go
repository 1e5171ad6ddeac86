package reference

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"

	"github.com/descentlab/descent/pkg/tensor"
)

// File is one reference file: a problem and the runs recorded on it.
type File struct {
	Problem     string   `json:"problem"`      // the problem name, e.g. "linreg_minibatch"
	Formula     string   `json:"formula"`      // the loss, in words
	ParamLayout []Tensor `json:"param_layout"` // the parameter tensors, in flattening order
	// ParamsInit holds the initial parameters, flattened; a run may have its own.
	ParamsInit []float64 `json:"params_init"`
	// ParamsInitStructured holds the initial parameters by tensor name, as
	// nested lists (regression problems only). Load checks it against ParamsInit.
	ParamsInitStructured map[string]any `json:"params_init_structured"`
	LRChoice             string         `json:"lr_choice"`   // how the learning rates were chosen
	Environment          map[string]any `json:"environment"` // torch version, CPU kernels, threads, ...
	Data                 *Data          `json:"data"`        // the dataset of regression problems; nil otherwise
	BatchSize            int            `json:"batch_size"`  // rows per mini-batch; 0 for full batch
	Epochs               int            `json:"epochs"`      // passes over the data; 0 for full batch
	// BatchOrders holds one permutation of the data rows per epoch; mini-batch
	// j of epoch e is BatchOrders[e][j*BatchSize : (j+1)*BatchSize].
	BatchOrders [][]int `json:"batch_orders"`
	Runs        []Run   `json:"runs"`
}

// Tensor is one entry of a file's parameter layout.
type Tensor struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"` // empty for a 0-dimensional tensor
}

// Data is the dataset of a regression problem: inputs X (one row per sample)
// and targets Y.
type Data struct {
	X [][]float64 `json:"X"`
	Y []float64   `json:"y"`
}

// Run is one optimizer run: torch's optimizer class and arguments, and what
// happened at each step. Every row of ParamsInit, GradsAtStep and
// ParamsAfterStep is the file's parameter tensors flattened row-major and
// concatenated in ParamLayout order.
type Run struct {
	ID        string `json:"id"`        // unique in its file
	Problem   string `json:"problem"`   // the file's problem
	Optimizer string `json:"optimizer"` // torch class name: "SGD", "Adam", ...
	// Hyperparams holds the keyword arguments given to the constructor,
	// by torch name, as decoded from JSON (float64, bool, []any, nil).
	Hyperparams map[string]any `json:"hyperparams"`
	// HyperparamsFull holds optimizer.defaults after construction: every
	// hyperparameter, torch's defaults filled in.
	HyperparamsFull map[string]any `json:"hyperparams_full"`
	Dtype           string         `json:"dtype"` // "float32" or "float64"
	Steps           int            `json:"steps"`
	// ParamsInit holds the parameters before step 0. Load fills it from the
	// file's ParamsInit when the run has none.
	ParamsInit      []float64   `json:"params_init"`
	LossBeforeStep  []float64   `json:"loss_before_step"`  // the loss step k started from (mini-batch: on its batch)
	GradsAtStep     [][]float64 `json:"grads_at_step"`     // the gradient optimizer.step() received at step k
	ParamsAfterStep [][]float64 `json:"params_after_step"` // the parameters after step k
	// ParamGroups holds torch's parameter groups, nil for a run with one
	// group of every tensor (pkg/optim/testdata/groups/README.md).
	ParamGroups []ParamGroup `json:"param_groups"`
	Scheduler   *Scheduler   `json:"scheduler"` // the learning-rate scheduler; nil for none
	// LRPerStep holds, for scheduler runs only, the learning rates step k
	// used: one per parameter group (one for a run without ParamGroups). The
	// file may write a single rate as a bare number.
	LRPerStep [][]float64 `json:"lr_per_step"`
	Note      string      `json:"note"`
}

// ParamGroup is one of torch's parameter groups: the optimizer is
// torch.optim.<Optimizer>([{"params": [tensors...], **Hyperparams}, ...],
// **run.Hyperparams), so a group's hyperparameters override the run's.
type ParamGroup struct {
	Params      []int          // indices into the file's ParamLayout
	Hyperparams map[string]any // the group's overrides, by torch name
}

// UnmarshalJSON decodes a run, accepting a bare number for a step's
// lr_per_step.
func (r *Run) UnmarshalJSON(b []byte) error {
	type plain Run // the fields without this method
	var aux struct {
		plain
		LRPerStep []json.RawMessage `json:"lr_per_step"` // shadows plain's
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*r = Run(aux.plain)
	if aux.LRPerStep == nil {
		return nil
	}
	r.LRPerStep = make([][]float64, len(aux.LRPerStep))
	for k, raw := range aux.LRPerStep {
		var x float64
		if json.Unmarshal(raw, &x) == nil {
			r.LRPerStep[k] = []float64{x}
		} else if err := json.Unmarshal(raw, &r.LRPerStep[k]); err != nil {
			return fmt.Errorf("lr_per_step[%d] = %s: want a number or a list of numbers", k, raw)
		}
	}
	return nil
}

// UnmarshalJSON decodes {"params": [indices...], <hyperparameters>...}.
func (g *ParamGroup) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	list, ok := m["params"].([]any)
	if !ok {
		return fmt.Errorf("param group %s: want a list of tensor indices in params", b)
	}
	g.Params = make([]int, len(list))
	for i, v := range list {
		x, ok := v.(float64)
		if !ok || x != math.Trunc(x) || math.Abs(x) > 1<<31 {
			return fmt.Errorf("param group %s: params[%d] = %v is not an index", b, i, v)
		}
		g.Params[i] = int(x)
	}
	delete(m, "params")
	g.Hyperparams = m
	return nil
}

// Scheduler names a torch learning-rate scheduler and its arguments, e.g.
// {"name": "StepLR", "params": {"step_size": 10, "gamma": 0.5}}.
type Scheduler struct {
	Name   string         `json:"name"`
	Params map[string]any `json:"params"`
}

// Size returns the number of elements of the tensor, or -1 if its shape is
// invalid (a negative dimension, or too many elements).
func (t Tensor) Size() int {
	n, err := tensor.NumElements(t.Shape)
	if err != nil {
		return -1
	}
	return n
}

// NumParams returns the number of values in a flattened parameter row.
func (f *File) NumParams() int {
	n := 0
	for _, t := range f.ParamLayout {
		n += t.Size()
	}
	return n
}

// Batch returns the data rows that step k of a mini-batch run uses, in
// order: with b = BatchSize and n/b batches per epoch over n rows, step k
// uses batch j = k mod (n/b) of epoch e = k div (n/b). It returns an error
// for a full-batch file or a step beyond the recorded epochs. The result is
// part of f and must not be modified.
func (f *File) Batch(k int) ([]int, error) {
	if f.BatchSize <= 0 || len(f.BatchOrders) == 0 {
		return nil, fmt.Errorf("reference: problem %s has no mini-batches (batch_size %d, %d batch_orders)", f.Problem, f.BatchSize, len(f.BatchOrders))
	}
	perEpoch := len(f.BatchOrders[0]) / f.BatchSize
	if k < 0 || k >= perEpoch*len(f.BatchOrders) {
		return nil, fmt.Errorf("reference: problem %s: step %d out of range [0, %d)", f.Problem, k, perEpoch*len(f.BatchOrders))
	}
	e, j := k/perEpoch, k%perEpoch
	return f.BatchOrders[e][j*f.BatchSize : (j+1)*f.BatchSize], nil
}

// Load reads the reference file at path and checks it (see [Parse]).
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Parse decodes a reference file from its JSON text and checks that it is
// complete and consistent: every run has a unique id, a dtype, as many
// losses, gradients and parameter rows as steps, rows as long as the
// parameter layout, recorded float32 values that are float32 numbers,
// parameter groups that name each tensor of the layout at most once, and
// learning rates per step (one per group) exactly when it has a scheduler;
// the dataset, batch orders and structured initial parameters fit the
// layout and each other.
// Unknown JSON fields are ignored.
func Parse(b []byte) (*File, error) {
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return &f, nil
}

func (f *File) check() error {
	if f.Problem == "" {
		return errors.New("reference: no problem name")
	}
	if len(f.ParamLayout) == 0 {
		return fmt.Errorf("reference: problem %s: empty param_layout", f.Problem)
	}
	for i, t := range f.ParamLayout {
		if t.Size() < 0 {
			return fmt.Errorf("reference: problem %s: param_layout[%d] %q has invalid shape %v", f.Problem, i, t.Name, t.Shape)
		}
	}
	n := f.NumParams()
	if f.ParamsInit != nil && len(f.ParamsInit) != n {
		return fmt.Errorf("reference: problem %s: params_init has %d values, param_layout %d", f.Problem, len(f.ParamsInit), n)
	}
	if err := f.checkStructured(); err != nil {
		return err
	}
	if err := f.checkData(); err != nil {
		return err
	}
	ids := make(map[string]bool, len(f.Runs))
	for i := range f.Runs {
		r := &f.Runs[i]
		if r.ID == "" {
			return fmt.Errorf("reference: problem %s: run %d has no id", f.Problem, i)
		}
		if ids[r.ID] {
			return fmt.Errorf("reference: run id %q appears twice", r.ID)
		}
		ids[r.ID] = true
		if r.ParamsInit == nil {
			r.ParamsInit = f.ParamsInit
		}
		if err := f.checkRun(r, n); err != nil {
			return fmt.Errorf("reference: run %s: %w", r.ID, err)
		}
	}
	return nil
}

func (f *File) checkRun(r *Run, n int) error {
	if r.Problem != "" && r.Problem != f.Problem {
		return fmt.Errorf("problem %q differs from the file's %q", r.Problem, f.Problem)
	}
	if r.Optimizer == "" {
		return errors.New("no optimizer name")
	}
	if _, err := Tolerance(r.Dtype); err != nil {
		return err
	}
	if r.Steps < 1 {
		return fmt.Errorf("steps = %d, want ≥ 1", r.Steps)
	}
	if len(r.LossBeforeStep) != r.Steps || len(r.GradsAtStep) != r.Steps || len(r.ParamsAfterStep) != r.Steps {
		return fmt.Errorf("steps = %d but %d losses, %d gradient rows and %d parameter rows",
			r.Steps, len(r.LossBeforeStep), len(r.GradsAtStep), len(r.ParamsAfterStep))
	}
	if len(r.ParamsInit) != n {
		return fmt.Errorf("params_init has %d values, param_layout %d", len(r.ParamsInit), n)
	}
	for k := range r.Steps {
		if len(r.GradsAtStep[k]) != n || len(r.ParamsAfterStep[k]) != n {
			return fmt.Errorf("step %d: %d gradient and %d parameter values, param_layout has %d",
				k, len(r.GradsAtStep[k]), len(r.ParamsAfterStep[k]), n)
		}
	}
	if err := f.checkGroups(r.ParamGroups); err != nil {
		return err
	}
	if r.Scheduler != nil {
		if r.Scheduler.Name == "" {
			return errors.New("scheduler without a name")
		}
		if len(r.LRPerStep) != r.Steps {
			return fmt.Errorf("scheduler %s: %d lr_per_step values for %d steps", r.Scheduler.Name, len(r.LRPerStep), r.Steps)
		}
		groups := max(1, len(r.ParamGroups))
		for k, lrs := range r.LRPerStep {
			if len(lrs) != groups {
				return fmt.Errorf("lr_per_step[%d] has %d rates for %d parameter groups", k, len(lrs), groups)
			}
		}
	} else if r.LRPerStep != nil {
		return errors.New("lr_per_step without a scheduler")
	}
	if r.Dtype == "float32" {
		return checkFloat32(r)
	}
	return nil
}

// checkFloat32 checks that the values torch recorded in a float32 run are
// float32 numbers, as the README promises, so that converting them loses
// nothing. params_init is not checked: it is the input, which torch rounds
// to float32 as the port must (rosenbrock starts from -1.2).
func checkFloat32(r *Run) error {
	exact := func(what string, rows ...[]float64) error {
		for k, row := range rows {
			for i, v := range row {
				if float64(float32(v)) != v {
					return fmt.Errorf("float32 run: %s row %d element %d = %v is not a float32 value", what, k, i, v)
				}
			}
		}
		return nil
	}
	return errors.Join(
		exact("loss_before_step", r.LossBeforeStep),
		exact("grads_at_step", r.GradsAtStep...),
		exact("params_after_step", r.ParamsAfterStep...),
	)
}

// checkGroups checks that every group names tensors of the layout, none
// twice.
func (f *File) checkGroups(groups []ParamGroup) error {
	if groups == nil {
		return nil
	}
	if len(groups) == 0 {
		return errors.New("param_groups is empty")
	}
	seen := make([]bool, len(f.ParamLayout))
	for g, pg := range groups {
		if len(pg.Params) == 0 {
			return fmt.Errorf("param group %d has no tensors", g)
		}
		for _, i := range pg.Params {
			if i < 0 || i >= len(seen) {
				return fmt.Errorf("param group %d: tensor index %d out of range [0, %d)", g, i, len(seen))
			}
			if seen[i] {
				return fmt.Errorf("param group %d: tensor %d (%s) is in two groups", g, i, f.ParamLayout[i].Name)
			}
			seen[i] = true
		}
	}
	return nil
}

func (f *File) checkData() error {
	if f.Data != nil {
		X, y := f.Data.X, f.Data.Y
		if len(X) == 0 || len(X) != len(y) {
			return fmt.Errorf("reference: problem %s: data has %d rows of X and %d targets", f.Problem, len(X), len(y))
		}
		for i, row := range X {
			if len(row) == 0 || len(row) != len(X[0]) {
				return fmt.Errorf("reference: problem %s: data row %d has %d features, row 0 has %d", f.Problem, i, len(row), len(X[0]))
			}
		}
	}
	if f.BatchOrders == nil && f.BatchSize == 0 {
		return nil
	}
	if f.Data == nil {
		return fmt.Errorf("reference: problem %s: batch_orders without data", f.Problem)
	}
	rows := len(f.Data.X)
	if f.BatchSize < 1 || rows%f.BatchSize != 0 {
		return fmt.Errorf("reference: problem %s: batch_size %d does not divide the %d data rows", f.Problem, f.BatchSize, rows)
	}
	if len(f.BatchOrders) == 0 || f.Epochs != 0 && f.Epochs != len(f.BatchOrders) {
		return fmt.Errorf("reference: problem %s: %d batch_orders for %d epochs", f.Problem, len(f.BatchOrders), f.Epochs)
	}
	for e, order := range f.BatchOrders {
		sorted := slices.Sorted(slices.Values(order))
		for i, v := range sorted {
			if v != i || len(sorted) != rows {
				return fmt.Errorf("reference: problem %s: batch_orders[%d] is not a permutation of the %d data rows", f.Problem, e, rows)
			}
		}
	}
	return nil
}

// checkStructured checks that params_init_structured, flattened in layout
// order, is params_init.
func (f *File) checkStructured() error {
	if f.ParamsInitStructured == nil {
		return nil
	}
	var flat []float64
	for _, t := range f.ParamLayout {
		v, ok := f.ParamsInitStructured[t.Name]
		if !ok {
			return fmt.Errorf("reference: problem %s: params_init_structured has no %q", f.Problem, t.Name)
		}
		var err error
		if flat, err = appendNested(flat, v, t.Shape); err != nil {
			return fmt.Errorf("reference: problem %s: params_init_structured[%q]: %w", f.Problem, t.Name, err)
		}
	}
	if len(f.ParamsInitStructured) != len(f.ParamLayout) {
		return fmt.Errorf("reference: problem %s: params_init_structured has %d tensors, param_layout %d", f.Problem, len(f.ParamsInitStructured), len(f.ParamLayout))
	}
	if !slices.Equal(flat, f.ParamsInit) {
		return fmt.Errorf("reference: problem %s: params_init_structured %v flattens to %v, params_init is %v", f.Problem, f.ParamsInitStructured, flat, f.ParamsInit)
	}
	return nil
}

// appendNested appends the nested JSON lists v of the given shape to flat,
// row-major.
func appendNested(flat []float64, v any, shape []int) ([]float64, error) {
	if len(shape) == 0 {
		x, ok := v.(float64)
		if !ok || math.IsNaN(x) {
			return nil, fmt.Errorf("got %v (%T), want a number", v, v)
		}
		return append(flat, x), nil
	}
	list, ok := v.([]any)
	if !ok || len(list) != shape[0] {
		return nil, fmt.Errorf("got %v, want a list of %d", v, shape[0])
	}
	var err error
	for _, e := range list {
		if flat, err = appendNested(flat, e, shape[1:]); err != nil {
			return nil, err
		}
	}
	return flat, nil
}
