package integration

import (
	"fmt"
	"maps"
	"slices"

	"github.com/descentlab/descent/internal/reference"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// newOptimizer builds the run's optimizer on params, laid out as the file's
// param_layout: torch.optim.<Optimizer>(params, **hyperparams), or with
// parameter groups torch.optim.<Optimizer>([{"params": ..., **overrides},
// ...], **hyperparams). An unknown optimizer or keyword argument is an error.
func newOptimizer[T tensor.Float](run *reference.Run, params []*tensor.Tensor[T]) (optim.Optimizer[T], error) {
	opts, err := torchOptions(run.Hyperparams)
	if err != nil {
		return nil, err
	}
	if run.ParamGroups == nil {
		return optim.New(run.Optimizer, params, opts...)
	}
	for g, pg := range run.ParamGroups {
		gopts, err := torchOptions(pg.Hyperparams)
		if err != nil {
			return nil, fmt.Errorf("param group %d: %w", g, err)
		}
		ts := make([]*tensor.Tensor[T], len(pg.Params))
		for i, idx := range pg.Params {
			ts[i] = params[idx]
		}
		opts = append(opts, optim.ParamGroup(ts, gopts...))
	}
	return optim.New[T](run.Optimizer, nil, opts...)
}

// torchOptions maps torch keyword arguments to optim options, in name
// order; an unknown name or value is an error.
func torchOptions(hp map[string]any) ([]optim.Option, error) {
	var opts []optim.Option
	for _, name := range slices.Sorted(maps.Keys(hp)) {
		o, err := optim.OptionFromTorch(name, hp[name])
		if err != nil {
			return nil, err
		}
		opts = append(opts, o)
	}
	return opts, nil
}
