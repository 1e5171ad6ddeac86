package optim_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestParamGroupsMatchSeparateOptimizers checks, for every optimizer in both
// dtypes, that one optimizer with two parameter groups takes the same steps,
// bit for bit, as two optimizers, one per group, each with the group's
// hyperparameters.
func TestParamGroupsMatchSeparateOptimizers(t *testing.T) {
	t.Run("float32", testGroupsMatchSeparate[float32])
	t.Run("float64", testGroupsMatchSeparate[float64])
}

func testGroupsMatchSeparate[T tensor.Float](t *testing.T) {
	for _, rc := range resumeCases {
		w, b := resumeParams[T]()
		grouped, err := optim.New(rc.name, []*tensor.Tensor[T]{w}, append(rc.opts, optim.ParamGroup([]*tensor.Tensor[T]{b}, rc.group...))...)
		if err != nil {
			t.Fatal(err)
		}
		w2, b2 := resumeParams[T]()
		first, err := optim.New(rc.name, []*tensor.Tensor[T]{w2}, rc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		second, err := optim.New(rc.name, []*tensor.Tensor[T]{b2}, append(slices.Clone(rc.opts), rc.group...)...)
		if err != nil {
			t.Fatal(err)
		}
		for k := range 25 {
			setGrads(grouped.Params(), k)
			setGrads(first.Params(), k)
			setGrads(second.Params(), k)
			for _, o := range []optim.Optimizer[T]{grouped, first, second} {
				if err := o.Step(); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !slices.Equal(w.Value, w2.Value) || !slices.Equal(b.Value, b2.Value) {
			t.Errorf("%s: grouped %v %v, separate %v %v", rc.name, w.Value, b.Value, w2.Value, b2.Value)
		}
	}
}

// TestParamGroupOptions checks how the options of the constructor and of
// each group combine, and the group accessors.
func TestParamGroupOptions(t *testing.T) {
	w, b, c := tensor.Zeros[float64]("w", 2), tensor.Zeros[float64]("b", 1), tensor.Zeros[float64]("c", 3)
	opt, err := optim.NewAdam([]*tensor.Tensor[float64]{w},
		optim.ParamGroup([]*tensor.Tensor[float64]{b}, optim.WeightDecay(0), optim.LR(0.5)),
		optim.WeightDecay(0.1), // after the group: still applies to every group without its own
		optim.ParamGroup([]*tensor.Tensor[float64]{c}, optim.Betas(0.5, 0.6)),
		optim.LR(0.01))
	if err != nil {
		t.Fatal(err)
	}
	want := []optim.AdamConfig{
		{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.1},
		{LR: 0.5, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0},
		{LR: 0.01, Beta1: 0.5, Beta2: 0.6, Eps: 1e-8, WeightDecay: 0.1},
	}
	if opt.NumGroups() != len(want) {
		t.Fatalf("%d groups, want %d", opt.NumGroups(), len(want))
	}
	for g, cfg := range want {
		if got := opt.GroupConfig(g); got != cfg {
			t.Errorf("group %d: config %+v, want %+v", g, got, cfg)
		}
		if got := opt.GroupLR(g); got != cfg.LR {
			t.Errorf("group %d: lr %v, want %v", g, got, cfg.LR)
		}
	}
	if opt.Config() != want[0] || opt.LR() != 0.01 {
		t.Errorf("Config %+v, LR %v: want group 0's", opt.Config(), opt.LR())
	}
	if got := opt.Params(); len(got) != 3 || got[0] != w || got[1] != b || got[2] != c {
		t.Errorf("Params %v, want w, b, c", got)
	}
	if got := opt.GroupParams(2); len(got) != 1 || got[0] != c {
		t.Errorf("GroupParams(2) = %v", got)
	}
	// No parameters outside the groups: the groups are numbered from 0.
	only, err := optim.NewSGD[float64](nil, optim.LR(0.1), optim.ParamGroup([]*tensor.Tensor[float64]{w}, optim.LR(0.2)))
	if err != nil || only.NumGroups() != 1 || only.LR() != 0.2 {
		t.Errorf("groups only: %v groups, lr %v, error %v", only.NumGroups(), only.LR(), err)
	}
	if s := optim.ParamGroup([]*tensor.Tensor[float64]{w, b}, optim.LR(0.1)).String(); s != "ParamGroup(2 tensors, LR(0.1))" {
		t.Errorf("String() = %q", s)
	}
}

// TestParamGroupErrors checks what the constructors refuse in groups.
func TestParamGroupErrors(t *testing.T) {
	w, b := tensor.Zeros[float64]("w", 2), tensor.Zeros[float64]("b", 1)
	w32 := tensor.Zeros[float32]("w32", 2)
	ps := func(ts ...*tensor.Tensor[float64]) []*tensor.Tensor[float64] { return ts }
	for _, c := range []struct {
		name string
		opts []optim.Option
		want string
	}{
		{"Adam", []optim.Option{optim.ParamGroup(ps(b), optim.Betas(0.9, 1))}, "optim: Adam: parameter group 1: beta2 = 1 is outside [0, 1)"},
		{"Adam", []optim.Option{optim.LR(-1), optim.ParamGroup(ps(b), optim.LR(1))}, "optim: Adam: parameter group 0: lr = -1 is outside [0, inf)"},
		{"Adam", []optim.Option{optim.ParamGroup(ps(b), optim.Momentum(0.9))}, "optim: Adam does not take option Momentum (in parameter group 1)"},
		{"Adam", []optim.Option{optim.ParamGroup(ps(b), optim.AllowNonFinite(true))}, "optim: Adam: parameter group 1: AllowNonFinite applies to the whole optimizer"},
		{"Adam", []optim.Option{optim.ParamGroup(ps(b), optim.ParamGroup(ps(b)))}, "parameter group 1: ParamGroup applies to the whole optimizer"},
		{"Adagrad", []optim.Option{optim.ParamGroup(ps(b), optim.InitialAccumulatorValue(1))}, "parameter group 1: InitialAccumulatorValue applies to the whole optimizer"},
		{"Adam", []optim.Option{optim.ParamGroup(ps())}, "optim: Adam: parameter group 1 has no parameters"},
		{"Adam", []optim.Option{optim.ParamGroup(ps(w))}, `optim: Adam: parameter 1 ("w") is the same tensor as parameter 0`},
		{"Adam", []optim.Option{optim.ParamGroup([]*tensor.Tensor[float32]{w32})}, "optim: Adam: a ParamGroup holds tensors of another element type than the optimizer's float64"},
		{"SGD", []optim.Option{optim.ParamGroup(ps(b), optim.LR(0.1))}, "optim: SGD: parameter group 0 has no learning rate: pass LR(lr) to the constructor or to its ParamGroup"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.ParamGroup(ps(b), optim.Nesterov(true))}, "optim: SGD: parameter group 1: Nesterov momentum needs momentum > 0"},
	} {
		if _, err := optim.New(c.name, ps(w), c.opts...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s%v: error %v, want %q", c.name, c.opts, err, c.want)
		}
	}
}

// TestSetLR checks that a learning rate set before the first step is the
// same as one given to the constructor, and that lr 0 freezes the
// parameters of every optimizer while its state moves on.
func TestSetLR(t *testing.T) {
	for c, rc := range resumeCases {
		a, b := newResumeOpt[float64](t, c), newResumeOpt[float64](t, c)
		for g := range a.NumGroups() {
			lr := a.GroupLR(g)
			if err := b.SetGroupLR(g, 3*lr); err != nil {
				t.Fatal(err)
			}
			if b.GroupLR(g) != 3*lr {
				t.Fatalf("%s: GroupLR(%d) = %v after SetGroupLR(%v)", rc.name, g, b.GroupLR(g), 3*lr)
			}
			if err := a.SetGroupLR(g, 3*lr); err != nil {
				t.Fatal(err)
			}
		}
		takeSteps(t, a, 10)
		takeSteps(t, b, 10)
		if !slices.Equal(a.Params()[0].Value, b.Params()[0].Value) {
			t.Errorf("%s: SetGroupLR before the first step changes the trajectory", rc.name)
		}
		if rc.name == "Rprop" {
			continue // its lr is only the step sizes' start: later it changes nothing, as in torch
		}
		if err := a.SetLR(0); err != nil {
			t.Fatal(err)
		}
		if rc.name == "ASGD" {
			takeSteps(t, a, 1) // its step uses the η of the step before, from the lr of then, as torch's
		}
		// What lr 0 freezes: the parameters, except in AdamWScheduleFree,
		// whose y moves towards z as the average x catches up: its z.
		still := func() []float64 { return a.Params()[0].Value }
		if rc.name == "AdamWScheduleFree" {
			still = func() []float64 { st, _ := optim.State(a, 0); return st["z"] }
		}
		frozen := slices.Clone(still())
		before := marshal(t, a)
		takeSteps(t, a, 3)
		if !slices.Equal(frozen, still()) {
			t.Errorf("%s: parameters moved with lr 0", rc.name)
		}
		if a.LR() != 0 || a.GroupLR(1) != 0 {
			t.Errorf("%s: SetLR(0) left lr %v, %v", rc.name, a.LR(), a.GroupLR(1))
		}
		if slices.Equal(before, marshal(t, a)) {
			t.Errorf("%s: the state did not move with lr 0", rc.name)
		}
	}
}

// TestSetLRTakesEffect checks the next step against hand-computed values:
// plain SGD, and AdamW, whose decoupled decay 1 - lr*weight_decay uses the
// current lr.
func TestSetLRTakesEffect(t *testing.T) {
	p := tensor.FromSlice("p", []float64{1})
	sgd, _ := optim.NewSGD([]*tensor.Tensor[float64]{p}, optim.LR(0.1))
	p.Grad[0] = 2
	_ = sgd.Step() // 1 - 0.1*2
	if err := sgd.SetLR(0.25); err != nil {
		t.Fatal(err)
	}
	_ = sgd.Step()                // 0.8 - 0.25*2
	lr1, lr2, g := 0.1, 0.25, 2.0 // variables: Go would evaluate constants exactly
	if want := (1 + float64((-lr1)*g)) + float64((-lr2)*g); p.Value[0] != want {
		t.Errorf("SGD after SetLR: %v, want %v", p.Value[0], want)
	}
	q := tensor.FromSlice("q", []float64{2})
	adamw, _ := optim.NewAdamW([]*tensor.Tensor[float64]{q}, optim.LR(0.1), optim.WeightDecay(0.5))
	if err := adamw.SetLR(0.2); err != nil {
		t.Fatal(err)
	}
	_ = adamw.Step() // zero gradient: only the decay moves q
	lr, wd := 0.2, 0.5
	if want := 2 * (1 - float64(lr*wd)); q.Value[0] != want {
		t.Errorf("AdamW after SetLR: %v, want %v", q.Value[0], want)
	}
}

// TestSetLRErrors checks that a bad learning rate or group index is an
// error naming it, and changes nothing.
func TestSetLRErrors(t *testing.T) {
	opt := newResumeOpt[float64](t, 3)
	for _, c := range []struct {
		set  func() error
		want string
	}{
		{func() error { return opt.SetLR(-0.1) }, "optim: Adam: parameter group 0: lr = -0.1 is outside [0, inf)"},
		{func() error { return opt.SetLR(math.NaN()) }, "lr = NaN is outside [0, inf)"},
		{func() error { return opt.SetGroupLR(1, math.Inf(1)) }, "optim: Adam: parameter group 1: lr = +Inf is outside [0, inf)"},
		{func() error { return opt.SetGroupLR(2, 0.1) }, "optim: Adam: parameter group 2 does not exist; there are 2"},
		{func() error { return opt.SetGroupLR(-1, 0.1) }, "parameter group -1 does not exist"},
	} {
		if err := c.set(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	if opt.GroupLR(0) != 0.05 || opt.GroupLR(1) != 0.05 {
		t.Errorf("refused SetLR calls changed the lr: %v, %v", opt.GroupLR(0), opt.GroupLR(1))
	}
}

// TestSetGroupMomentum checks the momentum factor schedulers cycle: its
// range per optimizer, and SGD's buffer created at the first step with
// momentum, as torch does, which takes the gradient undamped.
func TestSetGroupMomentum(t *testing.T) {
	p := tensor.FromSlice("p", []float64{1})
	sgd, _ := optim.NewSGD([]*tensor.Tensor[float64]{p}, optim.LR(0.1), optim.Dampening(0.5))
	p.Grad[0] = 1
	_ = sgd.Step() // no momentum: 1 - 0.1
	if err := sgd.SetGroupMomentum(0, 0.9); err != nil {
		t.Fatal(err)
	}
	_ = sgd.Step() // buf = g = 1 (first momentum step: undamped): 0.9 - 0.1
	_ = sgd.Step() // buf = 0.9*1 + 0.5*1 = 1.4: 0.8 - 0.14
	lr, m, damp := 0.1, 0.9, 0.5
	if want := ((1 - lr) - lr) + float64((-lr)*(m+(1-damp))); p.Value[0] != want || sgd.GroupMomentum(0) != 0.9 {
		t.Errorf("SGD with momentum set after the first step: %v, want %v", p.Value[0], want)
	}
	adam, _ := optim.NewAdam([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 1)})
	if err := adam.SetGroupMomentum(0, 1); err == nil || !strings.Contains(err.Error(), "optim: Adam: beta1 = 1 is outside [0, 1)") {
		t.Errorf("Adam β1 = 1: error %v", err)
	}
	if err := sgd.SetGroupMomentum(0, 1.5); err == nil || !strings.Contains(err.Error(), "momentum = 1.5 is outside [0, 1]") {
		t.Errorf("SGD momentum 1.5: error %v", err)
	}
	nest, _ := optim.NewSGD([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 1)}, optim.LR(0.1), optim.Momentum(0.9), optim.Nesterov(true))
	if err := nest.SetGroupMomentum(0, 0); err == nil || !strings.Contains(err.Error(), "Nesterov momentum needs momentum > 0") {
		t.Errorf("Nesterov momentum 0: error %v", err)
	}
	if adam.GroupMomentum(0) != 0.9 || nest.GroupMomentum(0) != 0.9 {
		t.Error("a refused SetGroupMomentum changed the momentum")
	}
}
