package reference

import (
	"bytes"
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
	// ParamLayoutNote says how the rows are flattened, in words.
	ParamLayoutNote string `json:"param_layout_note"`
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
	X         [][]float64 `json:"X"`
	Y         []float64   `json:"y"`
	NRows     int         `json:"n_rows"`     // len(X), if given
	NFeatures int         `json:"n_features"` // len(X[i]), if given
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
	// MomentumPerStep holds, for CyclicLR runs, param_groups[0]["momentum"]
	// read just before step k (a bare number in the file, or one per group).
	MomentumPerStep [][]float64 `json:"momentum_per_step"`
	// AveragedAfterStep holds, for ASGD runs, torch's state["ax"] after step
	// k, flattened like the parameters: ASGD's averaged iterate.
	AveragedAfterStep [][]float64 `json:"averaged_after_step"`
	// EvalsAtStep holds, for LBFGS runs, how many times step k called the
	// closure. LBFGS runs have no GradsAtStep: they are replayed in full
	// mode only.
	EvalsAtStep []int `json:"evals_at_step"`
	// SWA describes the weight averaging of an SWA run; nil otherwise.
	SWA *SWA `json:"swa"`
	// SWAParamsAfterStep holds the averaged parameters after the averaged
	// model's j-th update, that is after step SWA.Start + j.
	SWAParamsAfterStep [][]float64 `json:"swa_params_after_step"`
}

// SWA is the weight averaging of an SWA run (../shared/reference-more/README.md):
// torch.optim.swa_utils.AveragedModel updated after every step from Start on,
// with the running mean (Avg "swa") or an exponential moving average (Avg
// "ema<decay>", e.g. "ema0.9"), and SWALR built right after it with the
// keyword arguments SWALR unless that is nil.
type SWA struct {
	Start int            `json:"start"`
	Avg   string         `json:"avg"`
	SWALR map[string]any `json:"swalr"`
}

// ParamGroup is one of torch's parameter groups: the optimizer is
// torch.optim.<Optimizer>([{"params": [tensors...], **Hyperparams}, ...],
// **run.Hyperparams), so a group's hyperparameters override the run's.
type ParamGroup struct {
	Params      []int          // indices into the file's ParamLayout
	Hyperparams map[string]any // the group's overrides, by torch name
}

// UnmarshalJSON decodes a run, accepting a bare number for a step's
// lr_per_step and momentum_per_step. A field this package does not know is
// an error: a harness must not skip what it cannot check.
func (r *Run) UnmarshalJSON(b []byte) error {
	type plain Run // the fields without this method
	var aux struct {
		plain
		LRPerStep       []json.RawMessage `json:"lr_per_step"`       // shadows plain's
		MomentumPerStep []json.RawMessage `json:"momentum_per_step"` // shadows plain's
	}
	if err := strict(b, &aux); err != nil {
		return err
	}
	*r = Run(aux.plain)
	var err error
	if r.LRPerStep, err = numberRows("lr_per_step", aux.LRPerStep); err != nil {
		return err
	}
	r.MomentumPerStep, err = numberRows("momentum_per_step", aux.MomentumPerStep)
	return err
}

// numberRows decodes rows that may be written as bare numbers.
func numberRows(what string, raws []json.RawMessage) ([][]float64, error) {
	if raws == nil {
		return nil, nil
	}
	rows := make([][]float64, len(raws))
	for k, raw := range raws {
		var x float64
		if json.Unmarshal(raw, &x) == nil {
			rows[k] = []float64{x}
		} else if err := json.Unmarshal(raw, &rows[k]); err != nil {
			return nil, fmt.Errorf("%s[%d] = %s: want a number or a list of numbers", what, k, raw)
		}
	}
	return rows, nil
}

// strict decodes b into v, refusing fields v does not have.
func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("reference: data after the JSON value")
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
// learning rates per step (one per group) whenever it has a scheduler,
// and the fields of reference-more (momenta, ASGD's averages, LBFGS's
// evaluation counts, SWA's averages) as long as they should be; the
// dataset, batch orders and structured initial parameters fit the layout
// and each other. A JSON field the package does not know, in the file or in
// a run, is an error, so that no harness skips what it cannot check.
func Parse(b []byte) (*File, error) {
	var f File
	if err := strict(b, &f); err != nil {
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
	// LBFGS runs have no grads_at_step (full mode only) and evals_at_step.
	noGrads := r.GradsAtStep == nil && r.EvalsAtStep != nil
	if len(r.LossBeforeStep) != r.Steps || !noGrads && len(r.GradsAtStep) != r.Steps || len(r.ParamsAfterStep) != r.Steps {
		return fmt.Errorf("steps = %d but %d losses, %d gradient rows and %d parameter rows",
			r.Steps, len(r.LossBeforeStep), len(r.GradsAtStep), len(r.ParamsAfterStep))
	}
	if len(r.ParamsInit) != n {
		return fmt.Errorf("params_init has %d values, param_layout %d", len(r.ParamsInit), n)
	}
	if err := rowsOf("params_after_step", r.ParamsAfterStep, r.Steps, n); err != nil {
		return err
	}
	if !noGrads {
		if err := rowsOf("grads_at_step", r.GradsAtStep, r.Steps, n); err != nil {
			return err
		}
	}
	if err := r.checkMore(n); err != nil {
		return err
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
	} else if r.LRPerStep != nil && len(r.LRPerStep) != r.Steps {
		return fmt.Errorf("%d lr_per_step values for %d steps", len(r.LRPerStep), r.Steps)
	}
	if r.Dtype == "float32" {
		return checkFloat32(r)
	}
	return nil
}

// rowsOf checks that rows holds steps rows of n values.
func rowsOf(what string, rows [][]float64, steps, n int) error {
	if len(rows) != steps {
		return fmt.Errorf("%s has %d rows for %d steps", what, len(rows), steps)
	}
	for k, row := range rows {
		if len(row) != n {
			return fmt.Errorf("%s: step %d has %d values, param_layout has %d", what, k, len(row), n)
		}
	}
	return nil
}

// checkMore checks the fields of reference-more.
func (r *Run) checkMore(n int) error {
	if r.MomentumPerStep != nil {
		if r.Scheduler == nil {
			return errors.New("momentum_per_step without a scheduler")
		}
		groups := max(1, len(r.ParamGroups))
		if len(r.MomentumPerStep) != r.Steps {
			return fmt.Errorf("%d momentum_per_step values for %d steps", len(r.MomentumPerStep), r.Steps)
		}
		for k, row := range r.MomentumPerStep {
			if len(row) != 1 && len(row) != groups {
				return fmt.Errorf("momentum_per_step[%d] has %d values for %d parameter groups", k, len(row), groups)
			}
		}
	}
	if r.AveragedAfterStep != nil {
		if err := rowsOf("averaged_after_step", r.AveragedAfterStep, r.Steps, n); err != nil {
			return err
		}
	}
	if r.EvalsAtStep != nil {
		if len(r.EvalsAtStep) != r.Steps {
			return fmt.Errorf("%d evals_at_step values for %d steps", len(r.EvalsAtStep), r.Steps)
		}
		for k, e := range r.EvalsAtStep {
			if e < 1 {
				return fmt.Errorf("evals_at_step[%d] = %d, want >= 1", k, e)
			}
		}
	}
	if (r.SWA == nil) != (r.SWAParamsAfterStep == nil) {
		return errors.New("swa and swa_params_after_step must come together")
	}
	if r.SWA != nil {
		if r.SWA.Start < 0 || r.SWA.Start >= r.Steps {
			return fmt.Errorf("swa start %d outside [0, %d)", r.SWA.Start, r.Steps)
		}
		if err := rowsOf("swa_params_after_step", r.SWAParamsAfterStep, r.Steps-r.SWA.Start, n); err != nil {
			return err
		}
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
		exact("averaged_after_step", r.AveragedAfterStep...),
		exact("swa_params_after_step", r.SWAParamsAfterStep...),
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
		if d := f.Data; d.NRows != 0 && d.NRows != len(X) || d.NFeatures != 0 && d.NFeatures != len(X[0]) {
			return fmt.Errorf("reference: problem %s: data says n_rows %d and n_features %d, X has %d rows of %d", f.Problem, d.NRows, d.NFeatures, len(X), len(X[0]))
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
