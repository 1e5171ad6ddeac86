package reference

import (
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
)

// Build builds the run's learning-rate scheduler on opt, as torch's
// constructor does right after the optimizer, with schedule.FromTorch (or
// schedule.PlateauFromTorch for ReduceLROnPlateau). It returns the
// scheduler's step, to take after each optimizer step; metric is that
// step's loss, which only ReduceLROnPlateau reads. An unknown scheduler or
// argument is an error.
func (s *Scheduler) Build(opt optim.LRGroups) (step func(metric float64) error, err error) {
	if s.Name == "ReduceLROnPlateau" {
		p, err := schedule.PlateauFromTorch(opt, s.Params)
		if err != nil {
			return nil, err
		}
		return p.Step, nil
	}
	sched, err := schedule.FromTorch(opt, s.Name, s.Params)
	if err != nil {
		return nil, err
	}
	return func(float64) error { return sched.Step() }, nil
}
