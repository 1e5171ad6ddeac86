package reference

import (
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

func TestSchedulerBuild(t *testing.T) {
	newOpt := func() *optim.SGD[float64] {
		o, err := optim.NewSGD([]*tensor.Tensor[float64]{tensor.Scalar("x", 0.0)}, optim.LR(1))
		if err != nil {
			t.Fatal(err)
		}
		return o
	}

	opt := newOpt()
	step, err := (&Scheduler{Name: "StepLR", Params: map[string]any{"step_size": 2.0, "gamma": 0.5}}).Build(opt)
	if err != nil {
		t.Fatal(err)
	}
	var lrs []float64
	for range 4 {
		if err := step(0); err != nil {
			t.Fatal(err)
		}
		lrs = append(lrs, opt.LR())
	}
	if want := []float64{1, 0.5, 0.5, 0.25}; lrs[0] != want[0] || lrs[1] != want[1] || lrs[2] != want[2] || lrs[3] != want[3] {
		t.Errorf("StepLR(step_size=2, gamma=0.5): lr after each step %v, want %v", lrs, want)
	}

	opt = newOpt()
	step, err = (&Scheduler{Name: "ReduceLROnPlateau", Params: map[string]any{"factor": 0.5, "patience": 0.0}}).Build(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, metric := range []float64{3, 3} { // no improvement at the second: the rate halves
		if err := step(metric); err != nil {
			t.Fatal(err)
		}
	}
	if opt.LR() != 0.5 {
		t.Errorf("ReduceLROnPlateau(factor=0.5, patience=0) after a plateau: lr %v, want 0.5", opt.LR())
	}

	for _, s := range []Scheduler{{Name: "NoSuchLR"}, {Name: "StepLR", Params: map[string]any{"step_size": 2.0, "decay": 0.5}}} {
		if _, err := s.Build(newOpt()); err == nil {
			t.Errorf("Build(%s %v) succeeded, want an error", s.Name, s.Params)
		}
	}
}
