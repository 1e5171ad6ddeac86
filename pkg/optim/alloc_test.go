package optim_test

import (
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// allocCases lists, per optimizer, the option sets that change which state
// and code paths Step uses.
var allocCases = []struct {
	name string
	opts []optim.Option
}{
	{"SGD", []optim.Option{optim.LR(0.01)}},
	{"SGD", []optim.Option{optim.LR(0.01), optim.Momentum(0.9), optim.Dampening(0.1)}},
	{"SGD", []optim.Option{optim.LR(0.01), optim.Momentum(0.9), optim.Nesterov(true), optim.WeightDecay(0.1), optim.Maximize(true)}},
	{"Adagrad", nil},
	{"Adagrad", []optim.Option{optim.LRDecay(0.1), optim.InitialAccumulatorValue(0.1), optim.WeightDecay(0.1)}},
	{"RMSprop", nil},
	{"RMSprop", []optim.Option{optim.Centered(true), optim.Momentum(0.9), optim.WeightDecay(0.1)}},
	{"Adam", nil},
	{"Adam", []optim.Option{optim.AMSGrad(true), optim.WeightDecay(0.1), optim.Maximize(true)}},
	{"AdamW", nil},
	{"AdamW", []optim.Option{optim.AMSGrad(true)}},
	{"Adadelta", nil},
	{"Adadelta", []optim.Option{optim.WeightDecay(0.1)}},
	{"Adamax", nil},
	{"Adamax", []optim.Option{optim.WeightDecay(0.1)}},
	{"NAdam", nil},
	{"NAdam", []optim.Option{optim.WeightDecay(0.1)}},
	{"RAdam", nil}, // 100 steps: both the momentum and the rectified phase
	{"RAdam", []optim.Option{optim.WeightDecay(0.1)}},
	{"Rprop", nil},
	{"Rprop", []optim.Option{optim.Maximize(true), optim.StepSizes(0, 1e-3)}},
	{"ASGD", nil},
	{"ASGD", []optim.Option{optim.T0(2), optim.WeightDecay(0.1), optim.Maximize(true)}}, // 100 steps: averaging from step 4
	{"Lion", nil},
	{"Lion", []optim.Option{optim.WeightDecay(0.1)}},
	{"AdamWScheduleFree", nil},
	{"AdamWScheduleFree", []optim.Option{optim.WeightDecay(0.1), optim.WarmupSteps(50), optim.AveragePower(1)}},
}

// TestStepAllocatesNothing checks that Step allocates only on its first
// call, when it creates the optimizer state.
func TestStepAllocatesNothing(t *testing.T) {
	t.Run("float64", testStepAllocs[float64])
	t.Run("float32", testStepAllocs[float32])
}

func testStepAllocs[T tensor.Float](t *testing.T) {
	for _, c := range allocCases {
		w := tensor.Zeros[T]("w", 40, 25)
		b := tensor.Zeros[T]("b", 3)
		for i := range w.Grad {
			w.Grad[i] = T(i%7) - 3
		}
		b.Grad[0] = 1
		opt, err := optim.New(c.name, []*tensor.Tensor[T]{w, b}, c.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { _ = opt.Step() }); n != 0 {
			t.Errorf("%s%v: Step allocates %v times per call", c.name, c.opts, n)
		}
	}
}

// TestGroupsAllocateNothing checks Step with two parameter groups, and the
// learning-rate and momentum setters schedulers call at every step.
func TestGroupsAllocateNothing(t *testing.T) {
	for _, name := range steppers() {
		w, b := tensor.Zeros[float32]("w", 30), tensor.Zeros[float32]("b", 3)
		for i := range w.Grad {
			w.Grad[i] = float32(i%5) - 2
		}
		group := []optim.Option{optim.LR(0.1), optim.WeightDecay(0.5)}
		if name == "Rprop" { // it has no weight decay
			group = group[:1]
		}
		opt, err := optim.New(name, []*tensor.Tensor[float32]{w}, optim.LR(0.01),
			optim.ParamGroup([]*tensor.Tensor[float32]{b}, group...))
		if err != nil {
			t.Fatal(err)
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		mg, hasMomentum := opt.(optim.MomentumGroups)
		if n := testing.AllocsPerRun(50, func() {
			_ = opt.SetGroupLR(1, 0.05)
			_ = opt.SetLR(0.02)
			if hasMomentum {
				_ = mg.SetGroupMomentum(0, 0.5)
			}
			_ = opt.Step()
		}); n != 0 {
			t.Errorf("%s: Step and the setters allocate %v times per call", name, n)
		}
	}
}

// steppers returns the names of the optimizers whose Step takes no closure:
// all but LBFGS, whose step is StepClosure.
func steppers() []string {
	var names []string
	for _, name := range optim.Names() {
		if name != "LBFGS" {
			names = append(names, name)
		}
	}
	return names
}
