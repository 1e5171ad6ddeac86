package schedule_test

import (
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// rates records an optimizer's learning rates and momentum factors.
func rates(o optim.LRGroups) []float64 {
	var r []float64
	for g := range o.NumGroups() {
		r = append(r, o.GroupLR(g))
		if mg, ok := o.(optim.MomentumGroups); ok {
			r = append(r, mg.GroupMomentum(g))
		}
	}
	return r
}

func newAdam(t testing.TB) *optim.Adam[float64] {
	o, err := optim.NewAdam([]*tensor.Tensor[float64]{tensor.FromSlice("w", []float64{1, 2})}, optim.LR(0.01))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestOneCycleLRRefusedChangesNothing is issue 20 item 4: a OneCycleLR that
// cannot run is refused when built, with a nil scheduler, a message saying
// what is wrong and what is allowed, and the optimizer as it was (β1 stayed
// at 0.95 before the fix).
func TestOneCycleLRRefusedChangesNothing(t *testing.T) {
	for _, c := range []struct {
		name string
		opts []schedule.OneCycleOption
		want string
	}{
		{"pct_start*total=1", []schedule.OneCycleOption{schedule.PctStart(0.5)},
			"pct_start = 0.5 with total_steps = 2 makes the warm-up phase end at step 0 (pct_start*total_steps = 1, a division by zero in torch); want pct_start*total_steps != 1"},
		{"base_momentum", []schedule.OneCycleOption{schedule.BaseMomentum(1.5)},
			"schedule: OneCycleLR: base_momentum: optim: Adam: beta1 = 1.5 is outside [0, 1)"},
		{"max_momentum", []schedule.OneCycleOption{schedule.MaxMomentum(1)},
			"schedule: OneCycleLR: max_momentum: optim: Adam: beta1 = 1 is outside [0, 1)"},
		{"pct_start=1", []schedule.OneCycleOption{schedule.PctStart(1)},
			"pct_start = 1 leaves no steps for the annealing phase (a division by zero in torch at the last Step); want pct_start < 1"},
		{"three phases", []schedule.OneCycleOption{schedule.PctStart(0.75), schedule.ThreePhase(true)},
			"pct_start = 0.75 with total_steps = 2 and three phases leaves no steps for the last phase"},
		{"overflow", []schedule.OneCycleOption{schedule.DivFactor(1e-310)},
			"the initial learning rate max_lr/div_factor = 0.1/1e-310 overflows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			adam := newAdam(t)
			before := rates(adam)
			s, err := schedule.NewOneCycleLR(adam, 0.1, 2, c.opts...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
			if s != nil {
				t.Errorf("a refused NewOneCycleLR returned a scheduler")
			}
			if after := rates(adam); !equalBits(before, after) {
				t.Errorf("the optimizer's learning rates and β1 went from %v to %v", before, after)
			}
		})
	}
}

func equalBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// TestOneCycleLRLastStep checks that every OneCycleLR that is built can be
// stepped to its end with learning rates >= 0 and momenta in range, for
// every pct_start near the edges (pct_start = 1 made the last step NaN).
func TestOneCycleLRLastStep(t *testing.T) {
	for _, total := range []int{1, 2, 3, 10} {
		for _, pct := range []float64{0, 0.1, 0.3, 0.5, 0.9, 0.99, 1} {
			for _, three := range []bool{false, true} {
				checkOneCycleRuns(t, 0.1, total, schedule.PctStart(pct), schedule.ThreePhase(three))
			}
		}
	}
}

// checkOneCycleRuns builds a OneCycleLR on an SGD optimizer with momentum;
// if that fails, the optimizer must be unchanged; otherwise every Step up
// to the total must succeed with a learning rate and momentum that are
// numbers in range, and one more must fail.
func checkOneCycleRuns(t *testing.T, maxLR float64, total int, opts ...schedule.OneCycleOption) {
	t.Helper()
	o := newOpt(t, 0.1, 0.2)
	before := rates(o)
	s, err := schedule.NewOneCycleLR(o, maxLR, total, opts...)
	if err != nil {
		if s != nil {
			t.Fatalf("total %d: error %v with a non-nil scheduler", total, err)
		}
		if after := rates(o); !equalBits(before, after) {
			t.Fatalf("total %d: refused (%v), and the optimizer went from %v to %v", total, err, before, after)
		}
		return
	}
	for k := range total {
		for g := range o.NumGroups() {
			lr, m := o.GroupLR(g), o.GroupMomentum(g)
			if !(lr >= 0 && lr <= math.MaxFloat64) || !(m >= 0 && m <= 1) {
				t.Fatalf("total %d, step %d: lr %v, momentum %v", total, k, lr, m)
			}
		}
		if err := s.Step(); err != nil {
			t.Fatalf("total %d: Step %d of %d: %v", total, k+1, total, err)
		}
	}
	if err := s.Step(); err == nil || !strings.Contains(err.Error(), "past the end of the cycle") {
		t.Fatalf("total %d: Step past the end: error %v", total, err)
	}
}

// FuzzOneCycleLR builds OneCycleLRs from arbitrary settings: each is refused
// without changing the optimizer, or runs to its end.
func FuzzOneCycleLR(f *testing.F) {
	f.Add(0.1, 2, 0.5, 0.85, 0.95, 25.0, 1e4, false, false)
	f.Add(0.1, 10, 1.0, 0.85, 0.95, 25.0, 1e4, false, true)
	f.Add(1.0, 7, 0.3, 1.5, 0.95, 25.0, 1e4, true, false)
	f.Add(1e300, 3, 0.2, 0.0, 1.0, 1e-10, 1e-300, true, true)
	f.Fuzz(func(t *testing.T, maxLR float64, total int, pct, baseM, maxM, div, finalDiv float64, three, linear bool) {
		if total > 1000 {
			total %= 1000
		}
		checkOneCycleRuns(t, maxLR, total, schedule.PctStart(pct), schedule.BaseMomentum(baseM), schedule.MaxMomentum(maxM),
			schedule.DivFactor(div), schedule.FinalDivFactor(finalDiv), schedule.ThreePhase(three), schedule.AnnealLinear(linear))
	})
}

// TestNilOptimizer is issue 20 item 10: every constructor given a nil
// optimizer, or a nil pointer of an optimizer type, returns an error, where
// it panicked before.
func TestNilOptimizer(t *testing.T) {
	var typed *optim.SGD[float64]
	zero := &optim.SGD[float64]{}
	for _, opt := range []optim.LRGroups{nil, typed, zero} {
		for name, build := range constructors() {
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s(%T): panic %v", name, opt, r)
					}
				}()
				s, err := build(opt)
				if s != nil {
					t.Errorf("%s(%T): a scheduler with error %v", name, opt, err)
				}
				return err
			}()
			if err == nil || !strings.Contains(err.Error(), "the optimizer") {
				t.Errorf("%s(%T): error %v, want one about the optimizer", name, opt, err)
			}
		}
	}
	// A nil scheduler given to SequentialLR or ChainedScheduler.
	o := newOpt(t, 0.1, 0)
	var nilStep *schedule.StepLR
	if _, err := schedule.NewSequentialLR(o, []schedule.Scheduler{nilStep}, nil); err == nil || !strings.Contains(err.Error(), "scheduler 0 is nil") {
		t.Errorf("NewSequentialLR with a nil scheduler: error %v", err)
	}
	if _, err := schedule.NewChainedScheduler(nil); err == nil || !strings.Contains(err.Error(), "scheduler 0 is nil") {
		t.Errorf("NewChainedScheduler with a nil scheduler: error %v", err)
	}
}

// constructors returns every exported constructor of a scheduler, with
// valid settings, by name.
func constructors() map[string]func(optim.LRGroups) (any, error) {
	wrap := func(f func(o optim.LRGroups) (any, error)) func(optim.LRGroups) (any, error) { return f }
	return map[string]func(optim.LRGroups) (any, error){
		"NewStepLR":          wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewStepLR(o, 2, 0.5)) }),
		"NewMultiStepLR":     wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewMultiStepLR(o, []int{2}, 0.5)) }),
		"NewExponentialLR":   wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewExponentialLR(o, 0.5)) }),
		"NewCosineAnnealing": wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewCosineAnnealingLR(o, 5, 0)) }),
		"NewLinearLR":        wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewLinearLR(o, 0.5, 1, 5)) }),
		"NewOneCycleLR":      wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewOneCycleLR(o, 0.1, 10)) }),
		"NewReduceLROnPlateau": wrap(func(o optim.LRGroups) (any, error) {
			return nilIfErr(schedule.NewReduceLROnPlateau(o))
		}),
		"NewSequentialLR": wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewSequentialLR(o, nil, nil)) }),
		"FromTorch": wrap(func(o optim.LRGroups) (any, error) {
			return nilIfErr(schedule.FromTorch(o, "StepLR", map[string]any{"step_size": 2}))
		}),
		"PlateauFromTorch": wrap(func(o optim.LRGroups) (any, error) {
			return nilIfErr(schedule.PlateauFromTorch(o, map[string]any{}))
		}),
		"NewConstantLR": wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewConstantLR(o, 0.5, 3)) }),
		"NewLambdaLR": wrap(func(o optim.LRGroups) (any, error) {
			return nilIfErr(schedule.NewLambdaLR(o, func(int) float64 { return 1 }))
		}),
		"NewMultiplicativeLR": wrap(func(o optim.LRGroups) (any, error) {
			return nilIfErr(schedule.NewMultiplicativeLR(o, func(int) float64 { return 1 }))
		}),
		"NewPolynomialLR": wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewPolynomialLR(o, 5, 1)) }),
		"NewCyclicLR": wrap(func(o optim.LRGroups) (any, error) {
			return nilIfErr(schedule.NewCyclicLR(o, 0.01, 0.1, schedule.CyclicMomentum(false, 0, 0)))
		}),
		"NewCosineAnnealingWarmRestarts": wrap(func(o optim.LRGroups) (any, error) {
			return nilIfErr(schedule.NewCosineAnnealingWarmRestarts(o, 5, 1, 0))
		}),
		"NewSWALR": wrap(func(o optim.LRGroups) (any, error) { return nilIfErr(schedule.NewSWALR(o, 0.05)) }),
	}
}

// nilIfErr returns an untyped nil for a nil result, so that the caller sees
// whether the constructor returned a scheduler.
func nilIfErr[S comparable](s S, err error) (any, error) {
	var zero S
	if s == zero {
		return nil, err
	}
	return s, err
}

// FuzzSchedulerSettings builds the schedulers with numeric settings from
// arbitrary values: each is refused with a nil scheduler and the optimizer
// unchanged, or steps 40 times with learning rates (and momenta) that are
// numbers in range, or fails a Step (an lr out of range) without changing
// anything.
func FuzzSchedulerSettings(f *testing.F) {
	f.Add(uint8(0), 0.5, 0.1, 3, 2)
	f.Add(uint8(1), 2.0, 1.5, 0, 1)
	f.Add(uint8(2), 0.01, 0.1, 5, 3)
	f.Add(uint8(3), 0.9, 0.0, 4, 2)
	f.Add(uint8(4), 0.05, 1e300, 0, 7)
	f.Add(uint8(5), 1e-300, 1e300, 1, -1)
	f.Fuzz(func(t *testing.T, kind uint8, a, b float64, n, m int) {
		n, m = n%1000, m%1000
		o := newOpt(t, 0.1, 0.2)
		before := rates(o)
		var s schedule.Scheduler
		var err error
		switch kind % 6 {
		case 0:
			s, err = nilIfSched(schedule.NewConstantLR(o, a, n))
		case 1:
			s, err = nilIfSched(schedule.NewPolynomialLR(o, n, a))
		case 2:
			s, err = nilIfSched(schedule.NewCyclicLR(o, a, b, schedule.StepSizes(n, m), schedule.CyclicMode([]string{"triangular", "triangular2", "exp_range"}[uint(m)%3]),
				schedule.CyclicGamma(b), schedule.CyclicMomentum(m%2 == 0, a, b)))
		case 3:
			s, err = nilIfSched(schedule.NewCosineAnnealingWarmRestarts(o, n, m, b))
		case 4:
			s, err = nilIfSched(schedule.NewSWALR(o, b, schedule.AnnealEpochs(n), schedule.AnnealStrategy([]string{"cos", "linear", "sine"}[uint(m)%3])))
		case 5:
			s, err = nilIfSched(schedule.NewMultiplicativeLR(o, func(e int) float64 { return a * float64(e%3) }))
		}
		if err != nil {
			if s != nil {
				t.Fatalf("error %v with a scheduler", err)
			}
			if after := rates(o); !equalBits(before, after) {
				t.Fatalf("refused (%v), and the optimizer went from %v to %v", err, before, after)
			}
			return
		}
		for k := range 40 {
			for g := range o.NumGroups() {
				if lr, mom := o.GroupLR(g), o.GroupMomentum(g); !(lr >= 0 && lr <= math.MaxFloat64) || !(mom >= 0 && mom <= 1) {
					t.Fatalf("step %d: lr %v, momentum %v", k, lr, mom)
				}
			}
			prev := rates(o)
			if err := s.Step(); err != nil {
				if after := rates(o); !equalBits(prev, after) {
					t.Fatalf("a failed Step (%v) changed the optimizer from %v to %v", err, prev, after)
				}
				return
			}
		}
	})
}

// nilIfSched returns an untyped nil Scheduler for a nil result.
func nilIfSched[S interface {
	comparable
	schedule.Scheduler
}](s S, err error) (schedule.Scheduler, error) {
	var zero S
	if s == zero {
		return nil, err
	}
	return s, err
}
