package reference

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
)

// Build builds the run's learning-rate scheduler on opt, as torch's
// constructor does right after the optimizer, with schedule.FromTorch (or
// schedule.PlateauFromTorch for ReduceLROnPlateau). It returns the
// scheduler's step, to take after each optimizer step; metric is that
// step's loss, which only ReduceLROnPlateau reads. The lr_lambda of
// LambdaLR and MultiplicativeLR, a Python function the file names, becomes
// the Go function of [Lambda]. An unknown scheduler, argument or function
// name is an error.
func (s *Scheduler) Build(opt optim.LRGroups) (step func(metric float64) error, err error) {
	if s.Name == "ReduceLROnPlateau" {
		p, err := schedule.PlateauFromTorch(opt, s.Params)
		if err != nil {
			return nil, err
		}
		return p.Step, nil
	}
	params := s.Params
	if name, ok := params["lr_lambda"].(string); ok {
		fn, err := Lambda(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		params = maps.Clone(params)
		params["lr_lambda"] = fn
	}
	sched, err := schedule.FromTorch(opt, s.Name, params)
	if err != nil {
		return nil, err
	}
	return func(float64) error { return sched.Step() }, nil
}

// lambdas are the functions of the epoch that reference-more's README names
// for LambdaLR and MultiplicativeLR, written as Python computes them.
var lambdas = map[string]func(e int) float64{
	"inverse_time": func(e int) float64 { return 1 / (1 + float64(0.1*float64(e))) }, // the conversion rounds the product: no fused multiply-add under GOAMD64=v3
	"warmup5":      func(e int) float64 { return min(1, float64(e+1)/5) },
	"exp095":       func(e int) float64 { return schedule.Pow(0.95, float64(e)) }, // 0.95 ** e, the C library's pow, correctly rounded
	"const095":     func(int) float64 { return 0.95 },
	"halve_every10": func(e int) float64 {
		if e%10 == 0 {
			return 0.5
		}
		return 1.0
	},
}

// Lambda returns the function of the epoch named by a run's lr_lambda:
// inverse_time 1/(1 + 0.1e), warmup5 min(1, (e+1)/5), exp095 0.95^e,
// const095 0.95 and halve_every10 (0.5 when e % 10 == 0, else 1). Another
// name is an error.
func Lambda(name string) (func(epoch int) float64, error) {
	fn, ok := lambdas[name]
	if !ok {
		return nil, fmt.Errorf("unknown lr_lambda %q; known: %s", name, strings.Join(slices.Sorted(maps.Keys(lambdas)), ", "))
	}
	return fn, nil
}
