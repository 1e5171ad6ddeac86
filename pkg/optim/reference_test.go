package optim_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// refFile is one torch reference file (see testdata/reference/README.md).
type refFile struct {
	Problem     string `json:"problem"`
	ParamLayout []struct {
		Name  string `json:"name"`
		Shape []int  `json:"shape"`
	} `json:"param_layout"`
	ParamsInit  row `json:"params_init"`
	Data        *refData
	BatchSize   int      `json:"batch_size"`
	BatchOrders [][]int  `json:"batch_orders"`
	Runs        []refRun `json:"runs"`
}

type refData struct {
	X [][]float64 `json:"X"`
	Y []float64   `json:"y"`
}

// data returns the stored dataset of (d), (e) and mlp.
func (f *refFile) data() (X [][]float64, y []float64, err error) {
	if f.Data == nil || len(f.Data.X) == 0 || len(f.Data.X) != len(f.Data.Y) {
		return nil, nil, fmt.Errorf("problem %s: data X and y missing or of different lengths", f.Problem)
	}
	return f.Data.X, f.Data.Y, nil
}

// refRun is one optimizer run in a reference file.
type refRun struct {
	ID              string         `json:"id"`
	Problem         string         `json:"problem"`
	Optimizer       string         `json:"optimizer"`
	Hyperparams     map[string]any `json:"hyperparams"`
	HyperparamsFull map[string]any `json:"hyperparams_full"`
	Dtype           string         `json:"dtype"`
	Steps           int            `json:"steps"`
	ParamsInit      row            `json:"params_init"`
	LossBeforeStep  []float64      `json:"loss_before_step"`
	GradsAtStep     []row          `json:"grads_at_step"`
	ParamsAfterStep []row          `json:"params_after_step"`
	Scheduler       any            `json:"scheduler"`
	LRPerStep       []row          `json:"lr_per_step"`
	ParamGroups     []paramGroup   `json:"param_groups"`
}

// paramGroup is one entry of a run's param_groups (testdata/extra/README.md):
// the indices of its tensors in param_layout and its hyperparameter overrides.
type paramGroup struct {
	Params    []int
	Overrides map[string]any
}

func (g *paramGroup) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	idx, ok := m["params"].([]any)
	if !ok {
		return fmt.Errorf("param_groups: params = %v, want a list of tensor indices", m["params"])
	}
	for _, v := range idx {
		i, ok := v.(float64)
		if !ok || i != float64(int(i)) {
			return fmt.Errorf("param_groups: tensor index %v is not an integer", v)
		}
		g.Params = append(g.Params, int(i))
	}
	delete(m, "params")
	g.Overrides = m
	return nil
}

// row is a flattened parameter or gradient vector; a scalar parameter may be
// written as a bare number.
type row []float64

func (r *row) UnmarshalJSON(b []byte) error {
	var x float64
	if err := json.Unmarshal(b, &x); err == nil {
		*r = row{x}
		return nil
	}
	return json.Unmarshal(b, (*[]float64)(r))
}

// loadRefFile reads and sanity-checks one reference file.
func loadRefFile(path string) (*refFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f refFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, r := range f.Runs {
		if r.ID == "" {
			return nil, fmt.Errorf("%s: run %d has no id", path, i)
		}
		if r.Steps <= 0 || len(r.LossBeforeStep) != r.Steps || len(r.ParamsAfterStep) != r.Steps || len(r.GradsAtStep) != r.Steps {
			return nil, fmt.Errorf("%s: run %s: steps = %d but %d losses, %d grads, %d params rows",
				path, r.ID, r.Steps, len(r.LossBeforeStep), len(r.GradsAtStep), len(r.ParamsAfterStep))
		}
		if (r.Scheduler == nil) != (r.LRPerStep == nil) || r.LRPerStep != nil && len(r.LRPerStep) != r.Steps {
			return nil, fmt.Errorf("%s: run %s: scheduler %v with %d lr_per_step rows for %d steps", path, r.ID, r.Scheduler, len(r.LRPerStep), r.Steps)
		}
	}
	return &f, nil
}

// findJSON returns every *.json file under dir, recursively, sorted.
func findJSON(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(path) == ".json" {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// moduleRoot returns the directory holding go.mod, searching upwards from the
// working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
