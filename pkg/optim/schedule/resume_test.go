package schedule_test

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// stepper is a scheduler under test: Step for those that take no metric.
type stepper interface {
	optim.Stateful
	LR() float64
}

// schedCase builds a scheduler on opt and steps it given the last loss.
type schedCase struct {
	name string
	opt  string // optimizer kind
	make func(opt optim.Optimizer[float64]) (stepper, error)
}

func stepOf(s stepper, loss float64) error {
	if p, ok := s.(*schedule.ReduceLROnPlateau); ok {
		return p.Step(loss)
	}
	return s.(schedule.Scheduler).Step()
}

var schedCases = []schedCase{
	{"StepLR", "SGD", func(o optim.Optimizer[float64]) (stepper, error) { return schedule.NewStepLR(o, 4, 0.5) }},
	{"MultiStepLR", "Adam", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewMultiStepLR(o, []int{3, 9, 9}, 0.3)
	}},
	{"ExponentialLR", "RMSprop", func(o optim.Optimizer[float64]) (stepper, error) { return schedule.NewExponentialLR(o, 0.93) }},
	{"CosineAnnealingLR", "AdamW", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewCosineAnnealingLR(o, 7, 1e-3)
	}},
	{"LinearLR", "NAdam", func(o optim.Optimizer[float64]) (stepper, error) { return schedule.NewLinearLR(o, 0.2, 1, 8) }},
	{"OneCycleLR", "SGD", func(o optim.Optimizer[float64]) (stepper, error) { return schedule.NewOneCycleLR(o, 0.5, 30) }},
	{"OneCycleLR/Adam", "Adam", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewOneCycleLR(o, 0.1, 30, schedule.ThreePhase(true), schedule.AnnealLinear(true))
	}},
	{"ConstantLR", "Adam", func(o optim.Optimizer[float64]) (stepper, error) { return schedule.NewConstantLR(o, 0.25, 6) }},
	{"LambdaLR", "SGD", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewLambdaLR(o, func(e int) float64 { return 1 / (1 + 0.1*float64(e)) }, func(e int) float64 { return math.Min(1, float64(e+1)/5) })
	}},
	{"MultiplicativeLR", "RMSprop", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewMultiplicativeLR(o, func(e int) float64 { return 0.97 })
	}},
	{"PolynomialLR", "Adamax", func(o optim.Optimizer[float64]) (stepper, error) { return schedule.NewPolynomialLR(o, 17, 1.5) }},
	{"CyclicLR", "SGD", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewCyclicLR(o, 0.01, 0.1, schedule.StepSizes(3, 4), schedule.CyclicMode("triangular2"))
	}},
	{"CyclicLR/Adam", "Adam", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewCyclicLR(o, 0.001, 0.01, schedule.StepSizes(5, -1), schedule.CyclicMode("exp_range"), schedule.CyclicGamma(0.97),
			schedule.CyclicMomentum(true, 0.85, 0.95))
	}},
	{"CyclicLR/scale", "Adagrad", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewCyclicLR(o, 0.001, 0.01, schedule.StepSizes(2, 3), schedule.ScaleFunc(func(x int) float64 { return 1 / float64(x) }, true),
			schedule.CyclicMomentum(false, 0, 0))
	}},
	{"CosineAnnealingWarmRestarts", "NAdam", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewCosineAnnealingWarmRestarts(o, 3, 2, 1e-4)
	}},
	{"SWALR", "SGD", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewSWALR(o, 0.02, schedule.AnnealEpochs(8), schedule.AnnealStrategy("linear"))
	}},
	{"halving", "AdamW", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.New("halving", o, schedule.RuleFunc(func(e, g int, cur, base float64) float64 {
			if e > 0 && e%4 == 0 {
				return cur / 2
			}
			return cur
		}))
	}},
	{"ReduceLROnPlateau", "Adagrad", func(o optim.Optimizer[float64]) (stepper, error) {
		return schedule.NewReduceLROnPlateau(o, schedule.Patience(1), schedule.Threshold(0.05), schedule.Cooldown(1), schedule.Factor(0.7))
	}},
	{"SequentialLR", "SGD", func(o optim.Optimizer[float64]) (stepper, error) {
		warm, err := schedule.NewLinearLR(o, 0.1, 1, 5)
		if err != nil {
			return nil, err
		}
		cos, err := schedule.NewCosineAnnealingLR(o, 10, 0)
		if err != nil {
			return nil, err
		}
		exp, err := schedule.NewExponentialLR(o, 0.8)
		if err != nil {
			return nil, err
		}
		return schedule.NewSequentialLR(o, []schedule.Scheduler{warm, cos, exp}, []int{5, 12})
	}},
	{"ChainedScheduler", "RAdam", func(o optim.Optimizer[float64]) (stepper, error) {
		warm, err := schedule.NewLinearLR(o, 0.5, 1, 3)
		if err != nil {
			return nil, err
		}
		step, err := schedule.NewStepLR(o, 5, 0.5)
		if err != nil {
			return nil, err
		}
		return schedule.NewChainedScheduler(warm, step)
	}},
}

// build returns case c's optimizer, with two parameter groups, and scheduler.
func build(t testing.TB, c schedCase) (optim.Optimizer[float64], stepper) {
	w := tensor.FromSlice("w", []float64{1.5, -2, 0.5})
	b := tensor.FromSlice("b", []float64{0.25})
	opts := []optim.Option{optim.LR(0.05), optim.ParamGroup([]*tensor.Tensor[float64]{b}, optim.LR(0.02))}
	if c.opt == "SGD" {
		opts = append(opts, optim.Momentum(0.5))
	}
	opt, err := optim.New(c.opt, []*tensor.Tensor[float64]{w}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.make(opt)
	if err != nil {
		t.Fatal(err)
	}
	return opt, s
}

// train takes n steps of the optimizer and the scheduler on a quadratic
// with a step-dependent target, and returns the learning rates used.
func train(t testing.TB, opt optim.Optimizer[float64], s stepper, n int) []float64 {
	var used []float64
	for range n {
		k := opt.StepCount()
		loss := 0.0
		for _, p := range opt.Params() {
			for i, v := range p.Value {
				d := v - math.Sin(float64(k+i))
				p.Grad[i] = 2 * d
				loss += d * d
			}
		}
		used = append(used, opt.GroupLR(0), opt.GroupLR(1))
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		if err := stepOf(s, loss); err != nil {
			t.Fatal(err)
		}
	}
	return used
}

func state(t testing.TB, s optim.Stateful) []byte {
	t.Helper()
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestResume checks, for every scheduler, that k steps, a checkpoint of the
// optimizer and the scheduler, a restore into fresh ones and n-k more steps
// give the learning rates, parameters and states of n straight steps, bit
// for bit.
func TestResume(t *testing.T) {
	const n = 25
	for _, c := range schedCases {
		t.Run(c.name, func(t *testing.T) {
			opt, s := build(t, c)
			straight := train(t, opt, s, n)
			for _, k := range []int{0, 3, 11} {
				first, fs := build(t, c)
				used := train(t, first, fs, k)
				path := filepath.Join(t.TempDir(), "ckpt")
				if err := optim.SaveFile(path, first, fs); err != nil {
					t.Fatal(err)
				}
				again, as := build(t, c)
				if err := optim.LoadFile(path, again, as); err != nil {
					t.Fatal(err)
				}
				used = append(used, train(t, again, as, n-k)...)
				for i, lr := range straight {
					if math.Float64bits(lr) != math.Float64bits(used[i]) {
						t.Fatalf("k=%d: learning rate %d: %v resumed, %v straight", k, i, used[i], lr)
					}
				}
				if !bytes.Equal(state(t, opt), state(t, again)) || !bytes.Equal(state(t, s), state(t, as)) {
					t.Fatalf("k=%d: the states after resuming differ from those after %d straight steps", k, n)
				}
			}
		})
	}
}

// TestRestoreErrors checks that a scheduler state of another kind or for
// another number of groups is refused with ErrMismatch, that every
// truncation and corrupted byte gives ErrCorrupt, and that nothing changes.
func TestRestoreErrors(t *testing.T) {
	states := map[string][]byte{}
	for _, c := range schedCases {
		opt, s := build(t, c)
		train(t, opt, s, 4)
		states[c.name] = state(t, s)
	}
	for _, c := range schedCases {
		_, s := build(t, c)
		before := state(t, s)
		for name, data := range states {
			err := s.UnmarshalBinary(data)
			if name == c.name {
				if err != nil {
					t.Errorf("%s: own state: %v", c.name, err)
				}
				continue
			}
			if strings.HasPrefix(name, c.name+"/") || strings.HasPrefix(c.name, name+"/") {
				continue // the same kind, other settings
			}
			if !errors.Is(err, optim.ErrMismatch) {
				t.Errorf("%s from %s: error %v, want ErrMismatch", c.name, name, err)
			}
		}
		if err := s.UnmarshalBinary(before); err != nil {
			t.Fatal(err)
		}
		good := states[c.name]
		for n := range good {
			if err := s.UnmarshalBinary(good[:n]); !errors.Is(err, optim.ErrCorrupt) {
				t.Fatalf("%s truncated to %d bytes: error %v", c.name, n, err)
			}
		}
		for i := range good {
			bad := bytes.Clone(good)
			bad[i] ^= 0x24
			if err := s.UnmarshalBinary(bad); !errors.Is(err, optim.ErrCorrupt) {
				t.Fatalf("%s with byte %d flipped: error %v", c.name, i, err)
			}
		}
		if !bytes.Equal(before, state(t, s)) {
			t.Errorf("%s: a refused restore changed the scheduler", c.name)
		}
	}
	// Another number of parameter groups.
	one, _ := optim.NewSGD([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 1)}, optim.LR(0.1))
	s, _ := schedule.NewStepLR(one, 4, 0.5)
	if err := s.UnmarshalBinary(states["StepLR"]); !errors.Is(err, optim.ErrMismatch) || !strings.Contains(err.Error(), "it was saved for 2 parameter groups, the optimizer has 1") {
		t.Errorf("groups: error %v", err)
	}
	// A sequence of another length.
	warm, _ := schedule.NewLinearLR(one, 0.1, 1, 5)
	cos, _ := schedule.NewCosineAnnealingLR(one, 10, 0)
	seq, _ := schedule.NewSequentialLR(one, []schedule.Scheduler{warm, cos}, []int{5})
	if err := seq.UnmarshalBinary(states["SequentialLR"]); !errors.Is(err, optim.ErrMismatch) {
		t.Errorf("sequence: error %v", err)
	}
}

// TestConstructorErrors checks that bad settings are errors naming the value.
func TestConstructorErrors(t *testing.T) {
	sgd := func() *optim.SGD[float64] {
		o, _ := optim.NewSGD([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 1)}, optim.LR(0.1))
		return o
	}
	adagrad, _ := optim.NewAdagrad([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 1)})
	o := sgd()
	other := sgd()
	stepLR, _ := schedule.NewStepLR(o, 2, 0.5)
	foreign, _ := schedule.NewStepLR(other, 2, 0.5)
	plateau, _ := schedule.NewReduceLROnPlateau(o)
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(schedule.NewStepLR(o, 0, 0.5)), "schedule: StepLR: step_size = 0, want at least 1"},
		{second(schedule.NewStepLR(o, 1, -0.5)), "schedule: StepLR: gamma = -0.5 is outside [0, inf)"},
		{second(schedule.NewStepLR(nil, 1, 0.5)), "schedule: StepLR: the optimizer is nil"},
		{second(schedule.NewMultiStepLR(o, []int{3, -1}, 0.5)), "schedule: MultiStepLR: milestone -1 is negative"},
		{second(schedule.NewExponentialLR(o, math.NaN())), "schedule: ExponentialLR: gamma = NaN is outside [0, inf)"},
		{second(schedule.NewCosineAnnealingLR(o, 0, 0)), "schedule: CosineAnnealingLR: T_max = 0, want at least 1"},
		{second(schedule.NewCosineAnnealingLR(o, 5, -1)), "eta_min = -1 is outside [0, inf)"},
		{second(schedule.NewLinearLR(o, 0, 1, 5)), "schedule: LinearLR: start_factor = 0 is outside (0, 1]"},
		{second(schedule.NewLinearLR(o, 0.5, 1.5, 5)), "end_factor = 1.5 is outside [0, 1]"},
		{second(schedule.NewLinearLR(o, 0.5, 1, 0)), "total_iters = 0, want at least 1"},
		{second(schedule.NewOneCycleLR(o, 1, 0)), "schedule: OneCycleLR: total_steps = 0 is outside [1, 2147483647]"},
		{second(schedule.NewOneCycleLR(o, 1, 10, schedule.PctStart(1.5))), "pct_start = 1.5 is outside [0, 1]"},
		{second(schedule.NewOneCycleLR(o, 1, 10, schedule.DivFactor(0))), "div_factor = 0 is outside (0, inf)"},
		{second(schedule.NewOneCycleLR(o, -1, 10)), "max_lr = -1 is outside [0, inf)"},
		{second(schedule.NewOneCycleLR(adagrad, 1, 10)), "the optimizer (*optim.Adagrad[float64]) has no momentum or betas to cycle: pass CycleMomentum(false)"},
		{second(schedule.NewOneCycleLR(o, 1, 10, schedule.MaxMomentum(1.5))), "max_momentum: optim: SGD: momentum = 1.5 is outside [0, 1]"},
		{second(schedule.NewReduceLROnPlateau(o, schedule.Mode("mean"))), `schedule: ReduceLROnPlateau: mode "mean" is unknown: use "min" or "max"`},
		{second(schedule.NewReduceLROnPlateau(o, schedule.ThresholdMode("pct"))), `threshold mode "pct" is unknown`},
		{second(schedule.NewReduceLROnPlateau(o, schedule.Factor(1))), "factor = 1 is outside [0, 1)"},
		{second(schedule.NewReduceLROnPlateau(o, schedule.Patience(-1))), "patience = -1 and cooldown = 0 must be >= 0"},
		{second(schedule.NewReduceLROnPlateau(o, schedule.MinLR(0.1, 0.2))), "2 min_lr values for 1 parameter groups"},
		{second(schedule.NewSequentialLR(o, []schedule.Scheduler{stepLR}, []int{3})), "schedule: SequentialLR: 1 schedulers need 0 milestones, got 1"},
		{second(schedule.NewSequentialLR(o, []schedule.Scheduler{stepLR, stepLR}, []int{3})), "scheduler 1 is scheduler 0 again"},
		{second(schedule.NewSequentialLR(o, []schedule.Scheduler{stepLR, foreign}, []int{3})), "scheduler 1 (StepLR) is attached to another optimizer"},
		{second(schedule.NewSequentialLR(o, nil, nil)), "schedule: SequentialLR: no schedulers"},
		{second(schedule.NewChainedScheduler(stepLR, mustSeq(t, o))), "scheduler 1 (*schedule.SequentialLR) cannot be sequenced or chained"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("error %v, want %q", c.err, c.want)
		}
	}
	_ = plateau
	if o.GroupMomentum(0) != 0 {
		t.Errorf("a refused OneCycleLR left momentum %v", o.GroupMomentum(0))
	}
}

func mustSeq(t testing.TB, o optim.LRGroups) *schedule.SequentialLR {
	a, _ := schedule.NewStepLR(o, 2, 0.5)
	s, err := schedule.NewSequentialLR(o, []schedule.Scheduler{a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func second[A any](_ A, err error) error { return err }

// TestStepAllocatesNothing checks every scheduler's Step.
func TestStepAllocatesNothing(t *testing.T) {
	for _, c := range schedCases {
		opt, s := build(t, c)
		if n := testing.AllocsPerRun(20, func() {
			if err := stepOf(s, 1); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: Step allocates %v times", c.name, n)
		}
		_ = opt
	}
}

// TestFailedStepChangesNothing checks that a Step that fails leaves the
// optimizer and the scheduler as they were, in a chain too.
func TestFailedStepChangesNothing(t *testing.T) {
	opt, _ := optim.NewSGD([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 1)}, optim.LR(0.1), optim.Momentum(0.5))
	exp, _ := schedule.NewExponentialLR(opt, 0.5)
	cycle, _ := schedule.NewOneCycleLR(opt, 1, 3)
	chain, err := schedule.NewChainedScheduler(exp, cycle)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := chain.Step(); err != nil {
			t.Fatal(err)
		}
	}
	before := [][]byte{state(t, opt), state(t, exp), state(t, cycle), state(t, chain)}
	if err := chain.Step(); err == nil || !strings.Contains(err.Error(), "scheduler 1: schedule: OneCycleLR: step 4 is past the end") {
		t.Fatalf("error %v", err)
	}
	after := [][]byte{state(t, opt), state(t, exp), state(t, cycle), state(t, chain)}
	for i := range before {
		if !bytes.Equal(before[i], after[i]) {
			t.Errorf("state %d changed by a failed Step", i)
		}
	}
}
