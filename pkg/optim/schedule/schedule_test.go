package schedule_test

import (
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// newOpt returns an SGD optimizer with momentum on one parameter, in two
// groups when lr2 > 0.
func newOpt(t testing.TB, lr, lr2 float64) *optim.SGD[float64] {
	w := tensor.FromSlice("w", []float64{1, -2})
	opts := []optim.Option{optim.LR(lr), optim.Momentum(0.9)}
	if lr2 > 0 {
		opts = append(opts, optim.ParamGroup([]*tensor.Tensor[float64]{tensor.FromSlice("b", []float64{0.5})}, optim.LR(lr2)))
	}
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{w}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// lrs returns the learning rate of group g before each of n optimizer steps:
// the one the constructor set, then one after each Step.
func lrs(t testing.TB, opt optim.LRGroups, step func() error, g, n int) []float64 {
	out := []float64{opt.GroupLR(g)}
	for len(out) < n {
		if err := step(); err != nil {
			t.Fatal(err)
		}
		out = append(out, opt.GroupLR(g))
	}
	return out
}

// checkClose compares learning rates with a closed form computed
// independently: the recursive updates agree with it to a few ulps.
func checkClose(t *testing.T, name string, got []float64, want func(k int) float64) {
	t.Helper()
	for k, lr := range got {
		if w := want(k); math.Abs(lr-w) > 1e-14*math.Abs(w) {
			t.Errorf("%s: step %d: lr %v, want %v", name, k, lr, w)
			return
		}
	}
}

// TestSchedules checks every scheduler's learning rates against its closed
// form, for both parameter groups of an optimizer.
func TestSchedules(t *testing.T) {
	const lr0, lr1 = 0.1, 0.4
	base := []float64{lr0, lr1}
	for _, c := range []struct {
		name string
		make func(o optim.LRGroups) (schedule.Scheduler, error)
		want func(b float64, k int) float64
	}{
		{"StepLR", func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewStepLR(o, 3, 0.5) },
			func(b float64, k int) float64 { return b * math.Pow(0.5, float64(k/3)) }},
		{"MultiStepLR", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewMultiStepLR(o, []int{7, 2, 7}, 0.1)
		}, func(b float64, k int) float64 {
			switch {
			case k >= 7:
				return b * 1e-3
			case k >= 2:
				return b * 0.1
			}
			return b
		}},
		{"ExponentialLR", func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewExponentialLR(o, 0.9) },
			func(b float64, k int) float64 { return b * math.Pow(0.9, float64(k)) }},
		{"CosineAnnealingLR", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewCosineAnnealingLR(o, 8, 0.01)
		}, func(b float64, k int) float64 { return 0.01 + (b-0.01)*(1+math.Cos(math.Pi*float64(k)/8))/2 }},
		{"LinearLR", func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewLinearLR(o, 0.25, 1, 6) },
			func(b float64, k int) float64 { return b * (0.25 + 0.75*float64(min(k, 6))/6) }},
		{"LinearLR decay", func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewLinearLR(o, 1, 0.5, 4) },
			func(b float64, k int) float64 { return b * (1 - 0.5*float64(min(k, 4))/4) }},
		{"ConstantLR", func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewConstantLR(o, 0.3, 6) },
			func(b float64, k int) float64 {
				if k < 6 {
					return b * 0.3
				}
				return b
			}},
		{"LambdaLR", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewLambdaLR(o, func(e int) float64 { return 1 / (1 + 0.1*float64(e)) })
		}, func(b float64, k int) float64 { return b / (1 + 0.1*float64(k)) }},
		{"MultiplicativeLR", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewMultiplicativeLR(o, func(e int) float64 { return 1 - 0.01*float64(e) })
		}, func(b float64, k int) float64 {
			for e := 1; e <= k; e++ {
				b *= 1 - 0.01*float64(e)
			}
			return b
		}},
		{"PolynomialLR", func(o optim.LRGroups) (schedule.Scheduler, error) { return schedule.NewPolynomialLR(o, 12, 2.5) },
			func(b float64, k int) float64 { return b * math.Pow(1-float64(min(k, 12))/12, 2.5) }},
		{"CyclicLR", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewCyclicLR(o, 0.01, 0.2, schedule.StepSizes(3, 5), schedule.CyclicMode("triangular2"))
		}, func(_ float64, k int) float64 { // the same rate for every group
			cycle, pos := k/8, k%8
			amp := (0.2 - 0.01) / math.Pow(2, float64(cycle))
			if pos <= 3 {
				return 0.01 + amp*float64(pos)/3
			}
			return 0.01 + amp*float64(8-pos)/5
		}},
		{"CosineAnnealingWarmRestarts", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewCosineAnnealingWarmRestarts(o, 3, 2, 0.001)
		}, func(b float64, k int) float64 {
			ti, tcur := 3, k
			for tcur >= ti {
				tcur -= ti
				ti *= 2
			}
			return 0.001 + (b-0.001)*(1+math.Cos(math.Pi*float64(tcur)/float64(ti)))/2
		}},
		{"SWALR", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewSWALR(o, 0.05, schedule.AnnealEpochs(7))
		}, func(b float64, k int) float64 {
			a := (1 - math.Cos(math.Pi*min(1, float64(k)/7))) / 2
			return 0.05*a + b*(1-a)
		}},
		{"SWALR linear", func(o optim.LRGroups) (schedule.Scheduler, error) {
			return schedule.NewSWALR(o, 0.05, schedule.AnnealEpochs(4), schedule.AnnealStrategy("linear"))
		}, func(b float64, k int) float64 {
			a := min(1, float64(k)/4)
			return 0.05*a + b*(1-a)
		}},
	} {
		opt := newOpt(t, lr0, lr1)
		s, err := c.make(opt)
		if err != nil {
			t.Fatal(err)
		}
		for g := range 2 {
			got := lrs(t, opt, s.Step, g, 1)
			if s.GroupLR(g) != got[0] {
				t.Errorf("%s: GroupLR(%d) = %v, the optimizer has %v", c.name, g, s.GroupLR(g), got[0])
			}
		}
		// Step the scheduler, recording both groups.
		var got [2][]float64
		for k := range 20 {
			if k > 0 {
				if err := s.Step(); err != nil {
					t.Fatal(err)
				}
			}
			for g := range 2 {
				got[g] = append(got[g], opt.GroupLR(g))
			}
			if s.LR() != opt.GroupLR(0) {
				t.Errorf("%s: LR() = %v, the optimizer has %v", c.name, s.LR(), opt.GroupLR(0))
			}
		}
		for g := range 2 {
			checkClose(t, c.name, got[g], func(k int) float64 { return c.want(base[g], k) })
		}
	}
}

// TestCosineAnnealingPastTMax checks that after T_max steps the learning
// rate climbs back along the cosine, through torch's special case at T_max+1.
func TestCosineAnnealingPastTMax(t *testing.T) {
	opt := newOpt(t, 1, 0)
	s, err := schedule.NewCosineAnnealingLR(opt, 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := lrs(t, opt, s.Step, 0, 23)
	checkClose(t, "CosineAnnealingLR", got[:5], func(k int) float64 { return (1 + math.Cos(math.Pi*float64(k)/5)) / 2 })
	for k := 6; k < len(got); k++ { // past lr_5 = 0 the recursion's rounding errors add up: compare absolutely
		if w := (1 + math.Cos(math.Pi*float64(k)/5)) / 2; math.Abs(got[k]-w) > 1e-14 {
			t.Errorf("step %d: lr %v, want %v", k, got[k], w)
		}
	}
}

// TestOneCycleLR checks the two- and three-phase cycles against the
// formulas of the paper and torch's documentation, and the momentum cycle.
func TestOneCycleLR(t *testing.T) {
	const maxLR, total = 1.0, 20
	cosAnneal := func(start, end, pct float64) float64 { return end + (start-end)/2*(math.Cos(math.Pi*pct)+1) }
	opt := newOpt(t, 0.05, 0)
	s, err := schedule.NewOneCycleLR(opt, maxLR, total)
	if err != nil {
		t.Fatal(err)
	}
	initial, minLR := maxLR/25, maxLR/25/1e4
	up := 0.3*total - 1 // the rise ends at step 5
	var moms []float64
	got := lrs(t, opt, func() error { moms = append(moms, opt.GroupMomentum(0)); return s.Step() }, 0, total+1)
	checkClose(t, "OneCycleLR", got, func(k int) float64 {
		if float64(k) <= up {
			return cosAnneal(initial, maxLR, float64(k)/up)
		}
		return cosAnneal(maxLR, minLR, (float64(k)-up)/(total-1-up))
	})
	if moms[0] != 0.95 || math.Abs(moms[5]-0.85) > 1e-15 || math.Abs(moms[19]-0.95) > 1e-15 {
		t.Errorf("momentum %v: want 0.95 at step 0 and 19, 0.85 at step 5", moms)
	}
	if err := s.Step(); err == nil || !strings.Contains(err.Error(), "step 21 is past the end of the cycle: total_steps is 20") {
		t.Errorf("stepping past the cycle: %v", err)
	}

	opt = newOpt(t, 0.05, 0)
	s, err = schedule.NewOneCycleLR(opt, maxLR, total, schedule.ThreePhase(true), schedule.AnnealLinear(true),
		schedule.CycleMomentum(false), schedule.PctStart(0.25), schedule.DivFactor(10), schedule.FinalDivFactor(100))
	if err != nil {
		t.Fatal(err)
	}
	initial, minLR = maxLR/10, maxLR/10/100
	up = 0.25*total - 1
	down := 2*0.25*total - 2
	lin := func(start, end, pct float64) float64 { return (end-start)*pct + start }
	got = lrs(t, opt, s.Step, 0, total+1)
	if got[total] != 0 { // torch extrapolates to a negative rate after the last step
		t.Errorf("three-phase: lr after the last step %v, want 0", got[total])
	}
	checkClose(t, "OneCycleLR three-phase", got[:total], func(k int) float64 {
		x := float64(k)
		switch {
		case x <= up:
			return lin(initial, maxLR, x/up)
		case x <= down:
			return lin(maxLR, initial, (x-up)/(down-up))
		}
		return lin(initial, minLR, (x-down)/(total-1-down))
	})
	if opt.GroupMomentum(0) != 0.9 {
		t.Errorf("CycleMomentum(false) changed the momentum to %v", opt.GroupMomentum(0))
	}
}

// TestReduceLROnPlateau checks patience, threshold, cooldown and min_lr on
// a hand-made metric sequence.
func TestReduceLROnPlateau(t *testing.T) {
	opt := newOpt(t, 1, 0)
	s, err := schedule.NewReduceLROnPlateau(opt, schedule.Factor(0.5), schedule.Patience(1),
		schedule.Threshold(0.1), schedule.Cooldown(1), schedule.MinLR(0.2))
	if err != nil {
		t.Fatal(err)
	}
	metrics := []float64{10, 9.5, 9.4, 8, 8, 8, 8, 8, 8, 8, 8}
	// 10 best; 9.5 not below 9: bad 1; 9.4 bad 2 > 1: lr 0.5, cooldown 1;
	// 8 improves; 8 bad 1... cooldown decremented at the step after the reduction.
	want := []float64{1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2}
	for k, m := range metrics {
		if err := s.Step(m); err != nil {
			t.Fatal(err)
		}
		if opt.LR() != want[k] || s.LR() != want[k] {
			t.Fatalf("after metric %d (%v): lr %v, want %v", k, m, opt.LR(), want[k])
		}
	}
	maxOpt := newOpt(t, 1, 0)
	s, _ = schedule.NewReduceLROnPlateau(maxOpt, schedule.Mode("max"), schedule.ThresholdMode("abs"), schedule.Threshold(1), schedule.Patience(0))
	for k, m := range []float64{1, 2.5, 3, math.NaN()} { // 3 is not above 2.5+1; NaN never improves
		_ = s.Step(m)
		if want := []float64{1, 1, 0.1, 0.01}[k]; math.Abs(maxOpt.LR()-want) > 1e-17 {
			t.Errorf("max/abs: after %v: lr %v, want %v", m, maxOpt.LR(), want)
		}
	}
}

// TestSequentialLR checks warm-up then cosine against the closed forms: the
// cosine starts at the base learning rate at the milestone.
func TestSequentialLR(t *testing.T) {
	opt := newOpt(t, 0.2, 0.6)
	warm, err := schedule.NewLinearLR(opt, 0.1, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	cos, err := schedule.NewCosineAnnealingLR(opt, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := schedule.NewSequentialLR(opt, []schedule.Scheduler{warm, cos}, []int{4})
	if err != nil {
		t.Fatal(err)
	}
	for g, b := range []float64{0.2, 0.6} {
		got := lrs(t, opt, s.Step, g, 1)
		if got[0] != b*0.1 || s.GroupLR(g) != b*0.1 {
			t.Errorf("group %d: first lr %v, want %v", g, got[0], b*0.1)
		}
	}
	var got [2][]float64
	for k := range 16 {
		if k > 0 {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
		got[0], got[1] = append(got[0], opt.GroupLR(0)), append(got[1], opt.GroupLR(1))
	}
	for g, b := range []float64{0.2, 0.6} {
		checkClose(t, "SequentialLR", got[g], func(k int) float64 {
			if k < 4 {
				return b * (0.1 + 0.9*float64(k)/4)
			}
			return b * (1 + math.Cos(math.Pi*float64(k-4)/10)) / 2
		})
	}
}

// TestChainedScheduler checks that chained schedulers multiply their factors.
func TestChainedScheduler(t *testing.T) {
	opt := newOpt(t, 1, 0)
	warm, _ := schedule.NewLinearLR(opt, 0.5, 1, 2)
	decay, _ := schedule.NewExponentialLR(opt, 0.9)
	s, err := schedule.NewChainedScheduler(warm, decay)
	if err != nil {
		t.Fatal(err)
	}
	got := lrs(t, opt, s.Step, 0, 6)
	checkClose(t, "ChainedScheduler", got, func(k int) float64 {
		return (0.5 + 0.5*float64(min(k, 2))/2) * math.Pow(0.9, float64(k))
	})
	if s.LR() != got[5] {
		t.Errorf("LR() = %v, want %v", s.LR(), got[5])
	}
}
