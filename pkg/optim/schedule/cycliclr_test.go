package schedule_test

import (
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim/schedule"
)

// TestCyclicLRMomentum checks that CyclicLR cycles Adam's β1 opposite to
// the learning rate, from max_momentum at the start to base_momentum at
// max_lr, against the closed form (exp_range with gamma 0.9: the amplitude
// shrinks by gamma^e).
func TestCyclicLRMomentum(t *testing.T) {
	adam := newAdam(t)
	s, err := schedule.NewCyclicLR(adam, 0.001, 0.011, schedule.StepSizes(4, 6), schedule.CyclicMode("exp_range"),
		schedule.CyclicGamma(0.9), schedule.CyclicMomentum(true, 0.8, 0.95))
	if err != nil {
		t.Fatal(err)
	}
	for k := range 30 {
		pos := k % 10
		sf := float64(pos) / 4
		if pos > 4 {
			sf = float64(10-pos) / 6
		}
		scale := math.Pow(0.9, float64(k))
		wantLR, wantM := 0.001+0.01*sf*scale, 0.95-0.15*sf*scale
		if lr, m := adam.GroupLR(0), adam.GroupMomentum(0); math.Abs(lr-wantLR) > 1e-15 || math.Abs(m-wantM) > 1e-15 {
			t.Fatalf("step %d: lr %v, β1 %v; want %v, %v", k, lr, m, wantLR, wantM)
		}
		if err := s.Step(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCyclicLRRefusedChangesNothing checks that a CyclicLR that cannot run
// is refused before the optimizer changes.
func TestCyclicLRRefusedChangesNothing(t *testing.T) {
	for _, c := range []struct {
		opts []schedule.CyclicOption
		want string
	}{
		{[]schedule.CyclicOption{schedule.CyclicMomentum(true, 0.8, 1)}, "schedule: CyclicLR: max_momentum: optim: Adam: beta1 = 1 is outside [0, 1)"},
		{[]schedule.CyclicOption{schedule.StepSizes(0, 3)}, "step_size_up = 0 and step_size_down = 3: want up in [1, 2147483647] and down in [0, 2147483647]"},
		{[]schedule.CyclicOption{schedule.CyclicMode("sine")}, `mode "sine" is unknown`},
		{[]schedule.CyclicOption{schedule.CyclicGamma(0)}, "gamma = 0 is outside (0, inf)"},
		{[]schedule.CyclicOption{schedule.ScaleFunc(func(int) float64 { return math.NaN() }, true)}, "step 0 would set the learning rate of group 0 to NaN"},
	} {
		adam := newAdam(t)
		before := rates(adam)
		s, err := schedule.NewCyclicLR(adam, 0.001, 0.01, c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) || s != nil {
			t.Errorf("scheduler %v, error %v; want nil and %q", s, err, c.want)
		}
		if after := rates(adam); !equalBits(before, after) {
			t.Errorf("%q: the optimizer went from %v to %v", c.want, before, after)
		}
	}
}
