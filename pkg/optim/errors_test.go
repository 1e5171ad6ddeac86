package optim_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

func newParams() []*tensor.Tensor[float64] {
	w, _ := tensor.New("w", []int{2}, []float64{1, -2})
	return []*tensor.Tensor[float64]{w}
}

// TestConstructorErrors checks that every constructor rejects each
// out-of-range hyperparameter and each option it does not take, with a
// message naming the value and the allowed range.
func TestConstructorErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		opt  string
		opts []optim.Option
		want string
	}{
		{"SGD", nil, "optim: SGD: the learning rate is required"},
		{"SGD", []optim.Option{optim.LR(-0.1)}, "optim: SGD: lr = -0.1 is outside [0, inf)"},
		{"SGD", []optim.Option{optim.LR(nan)}, "lr = NaN is outside [0, inf)"},
		{"SGD", []optim.Option{optim.LR(inf)}, "lr = +Inf is outside [0, inf)"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(-0.5)}, "momentum = -0.5 is outside [0, 1]"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(1.5)}, "momentum = 1.5 is outside [0, 1]"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Dampening(2)}, "dampening = 2 is outside [0, 1]"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.WeightDecay(-1)}, "weight_decay = -1 is outside [0, inf)"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Nesterov(true)}, "Nesterov momentum needs momentum > 0 and dampening = 0, got momentum = 0, dampening = 0"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(0.9), optim.Dampening(0.1), optim.Nesterov(true)}, "got momentum = 0.9, dampening = 0.1"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Betas(0.9, 0.99)}, "optim: SGD does not take option Betas"},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Eps(1e-8)}, "optim: SGD does not take option Eps"},

		{"Adagrad", []optim.Option{optim.LR(-1)}, "optim: Adagrad: lr = -1 is outside [0, inf)"},
		{"Adagrad", []optim.Option{optim.LRDecay(-0.1)}, "lr_decay = -0.1 is outside [0, inf)"},
		{"Adagrad", []optim.Option{optim.WeightDecay(-1)}, "weight_decay = -1 is outside [0, inf)"},
		{"Adagrad", []optim.Option{optim.InitialAccumulatorValue(-1)}, "initial_accumulator_value = -1 is outside [0, inf)"},
		{"Adagrad", []optim.Option{optim.Eps(0)}, "optim: Adagrad: eps = 0 is outside (0, inf)"},
		{"Adagrad", []optim.Option{optim.Eps(-1e-10)}, "eps = -1e-10 is outside (0, inf)"},
		{"Adagrad", []optim.Option{optim.Momentum(0.9)}, "optim: Adagrad does not take option Momentum"},

		{"RMSprop", []optim.Option{optim.LR(-1)}, "optim: RMSprop: lr = -1 is outside [0, inf)"},
		{"RMSprop", []optim.Option{optim.Alpha(1)}, "alpha = 1 is outside [0, 1)"},
		{"RMSprop", []optim.Option{optim.Alpha(-0.1)}, "alpha = -0.1 is outside [0, 1)"},
		{"RMSprop", []optim.Option{optim.Eps(0)}, "eps = 0 is outside (0, inf)"},
		{"RMSprop", []optim.Option{optim.Momentum(-1)}, "momentum = -1 is outside [0, 1]"},
		{"RMSprop", []optim.Option{optim.WeightDecay(nan)}, "weight_decay = NaN is outside [0, inf)"},
		{"RMSprop", []optim.Option{optim.Betas(0.9, 0.99)}, "optim: RMSprop does not take option Betas"},

		{"Adam", []optim.Option{optim.Betas(1, 0.999)}, "optim: Adam: beta1 = 1 is outside [0, 1)"},
		{"Adam", []optim.Option{optim.Betas(-0.1, 0.999)}, "beta1 = -0.1 is outside [0, 1)"},
		{"Adam", []optim.Option{optim.Betas(0.9, 1)}, "beta2 = 1 is outside [0, 1)"},
		{"Adam", []optim.Option{optim.Eps(0)}, "eps = 0 is outside (0, inf)"},
		{"Adam", []optim.Option{optim.LR(-0.001)}, "lr = -0.001 is outside [0, inf)"},
		{"Adam", []optim.Option{optim.WeightDecay(-0.01)}, "weight_decay = -0.01 is outside [0, inf)"},
		{"Adam", []optim.Option{optim.Momentum(0.9)}, "optim: Adam does not take option Momentum"},
		{"Adam", []optim.Option{optim.Centered(true)}, "optim: Adam does not take option Centered"},

		{"AdamW", []optim.Option{optim.Betas(0.9, 1.5)}, "optim: AdamW: beta2 = 1.5 is outside [0, 1)"},
		{"AdamW", []optim.Option{optim.WeightDecay(-0.01)}, "weight_decay = -0.01 is outside [0, inf)"},
		{"AdamW", []optim.Option{optim.Nesterov(true)}, "optim: AdamW does not take option Nesterov"},

		{"Adadelta", []optim.Option{optim.Rho(1.5)}, "optim: Adadelta: rho = 1.5 is outside [0, 1]"},
		{"Adadelta", []optim.Option{optim.Eps(0)}, "eps = 0 is outside (0, inf)"},
		{"Adadelta", []optim.Option{optim.LR(-1)}, "lr = -1 is outside [0, inf)"},
		{"Adadelta", []optim.Option{optim.Alpha(0.9)}, "optim: Adadelta does not take option Alpha"},

		{"Adamax", []optim.Option{optim.Betas(0.9, -1)}, "optim: Adamax: beta2 = -1 is outside [0, 1)"},
		{"Adamax", []optim.Option{optim.Eps(-1)}, "eps = -1 is outside (0, inf)"},
		{"Adamax", []optim.Option{optim.AMSGrad(true)}, "optim: Adamax does not take option AMSGrad"},

		{"NAdam", []optim.Option{optim.MomentumDecay(-1)}, "optim: NAdam: momentum_decay = -1 is outside [0, inf)"},
		{"NAdam", []optim.Option{optim.Betas(0.9, 1)}, "beta2 = 1 is outside [0, 1)"},
		{"NAdam", []optim.Option{optim.Maximize(true)}, "optim: NAdam does not take option Maximize"},

		{"RAdam", []optim.Option{optim.Betas(2, 0.999)}, "optim: RAdam: beta1 = 2 is outside [0, 1)"},
		{"RAdam", []optim.Option{optim.Eps(0)}, "eps = 0 is outside (0, inf)"},
		{"RAdam", []optim.Option{optim.Maximize(false)}, "optim: RAdam does not take option Maximize"},
		{"RAdam", []optim.Option{optim.MomentumDecay(0.004)}, "optim: RAdam does not take option MomentumDecay"},

		{"Rprop", []optim.Option{optim.LR(-1)}, "optim: Rprop: lr = -1 is outside [0, inf)"},
		{"Rprop", []optim.Option{optim.Etas(0, 1.2)}, "optim: Rprop: etaminus = 0 is outside (0, inf)"},
		{"Rprop", []optim.Option{optim.Etas(1, 1.2)}, "optim: Rprop: etas = (1, 1.2): want 0 < etaminus < 1 < etaplus"},
		{"Rprop", []optim.Option{optim.Etas(0.5, 1)}, "optim: Rprop: etas = (0.5, 1): want 0 < etaminus < 1 < etaplus"},
		{"Rprop", []optim.Option{optim.Etas(1.2, 0.5)}, "etas = (1.2, 0.5): want 0 < etaminus < 1 < etaplus"},
		{"Rprop", []optim.Option{optim.StepSizes(-1, 50)}, "optim: Rprop: step_size_min = -1 is outside [0, inf)"},
		{"Rprop", []optim.Option{optim.StepSizes(1, 0.5)}, "optim: Rprop: step_sizes = (1, 0.5): want step_size_min <= step_size_max"},
		{"Rprop", []optim.Option{optim.WeightDecay(0.1)}, "optim: Rprop does not take option WeightDecay"},

		{"ASGD", []optim.Option{optim.LR(-1)}, "optim: ASGD: lr = -1 is outside [0, inf)"},
		{"ASGD", []optim.Option{optim.Lambd(-1e-4)}, "optim: ASGD: lambd = -0.0001 is outside [0, inf)"},
		{"ASGD", []optim.Option{optim.Alpha(-0.5)}, "optim: ASGD: alpha = -0.5 is outside [0, inf)"},
		{"ASGD", []optim.Option{optim.T0(math.NaN())}, "optim: ASGD: t0 = NaN is outside [0, inf)"},
		{"ASGD", []optim.Option{optim.WeightDecay(-1)}, "optim: ASGD: weight_decay = -1 is outside [0, inf)"},
		{"ASGD", []optim.Option{optim.Eps(1e-8)}, "optim: ASGD does not take option Eps"},

		{"Lion", []optim.Option{optim.LR(-1)}, "optim: Lion: lr = -1 is outside [0, inf)"},
		{"Lion", []optim.Option{optim.Betas(1, 0.99)}, "optim: Lion: beta1 = 1 is outside [0, 1)"},
		{"Lion", []optim.Option{optim.Betas(0.9, math.NaN())}, "optim: Lion: beta2 = NaN is outside [0, 1)"},
		{"Lion", []optim.Option{optim.WeightDecay(-0.1)}, "optim: Lion: weight_decay = -0.1 is outside [0, inf)"},
		{"Lion", []optim.Option{optim.Eps(1e-8)}, "optim: Lion does not take option Eps"},
		{"Lion", []optim.Option{optim.Maximize(true)}, "optim: Lion does not take option Maximize"},

		{"AdamWScheduleFree", []optim.Option{optim.LR(-1)}, "optim: AdamWScheduleFree: lr = -1 is outside [0, inf)"},
		{"AdamWScheduleFree", []optim.Option{optim.Betas(0, 0.999)}, "optim: AdamWScheduleFree: beta1 = 0: want beta1 > 0"},
		{"AdamWScheduleFree", []optim.Option{optim.Betas(0.9, 1)}, "optim: AdamWScheduleFree: beta2 = 1 is outside [0, 1)"},
		{"AdamWScheduleFree", []optim.Option{optim.Eps(0)}, "optim: AdamWScheduleFree: eps = 0 is outside (0, inf)"},
		{"AdamWScheduleFree", []optim.Option{optim.WarmupSteps(-1)}, "optim: AdamWScheduleFree: warmup_steps = -1 is outside [0, inf)"},
		{"AdamWScheduleFree", []optim.Option{optim.AveragePower(-0.5)}, "optim: AdamWScheduleFree: r = -0.5 is outside [0, inf)"},
		{"AdamWScheduleFree", []optim.Option{optim.WeightLRPower(math.Inf(1))}, "optim: AdamWScheduleFree: weight_lr_power = +Inf is outside [0, inf)"},
		{"AdamWScheduleFree", []optim.Option{optim.AMSGrad(true)}, "optim: AdamWScheduleFree does not take option AMSGrad"},
	}
	for _, c := range cases {
		o, err := optim.New(c.opt, newParams(), c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s%v: error %v, want one containing %q", c.opt, c.opts, err, c.want)
		}
		if err != nil && o != nil {
			t.Errorf("%s%v: error and a non-nil optimizer", c.opt, c.opts)
		}
	}
	if _, err := optim.New("SparseAdam", newParams()); err == nil || !strings.Contains(err.Error(), `unknown optimizer "SparseAdam"; known: SGD, Adagrad, RMSprop, Adam, AdamW, Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD, LBFGS`) {
		t.Errorf("New(SparseAdam): error %v", err)
	}
}

// TestConstructorAcceptsBoundaries checks the edges of the allowed ranges.
func TestConstructorAcceptsBoundaries(t *testing.T) {
	for _, c := range []struct {
		opt  string
		opts []optim.Option
	}{
		{"SGD", []optim.Option{optim.LR(0), optim.Momentum(1), optim.Dampening(1)}},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(0.9), optim.Nesterov(true)}},
		{"Adam", []optim.Option{optim.Betas(0, 0), optim.Eps(math.SmallestNonzeroFloat64)}},
		{"Adadelta", []optim.Option{optim.Rho(0)}},
		{"Adadelta", []optim.Option{optim.Rho(1)}},
		{"RMSprop", []optim.Option{optim.Alpha(0), optim.Momentum(1)}},
		{"NAdam", []optim.Option{optim.MomentumDecay(0)}},
		{"ASGD", []optim.Option{optim.Alpha(2.5), optim.Lambd(0), optim.T0(0)}}, // alpha is a power here, not RMSprop's [0, 1)
		{"Adam", []optim.Option{{}, optim.AllowNonFinite(true)}},
	} {
		if _, err := optim.New(c.opt, newParams(), c.opts...); err != nil {
			t.Errorf("%s%v: %v", c.opt, c.opts, err)
		}
	}
}

// TestParamErrors checks the parameter list every constructor validates.
func TestParamErrors(t *testing.T) {
	a, _ := tensor.New("a", []int{2}, []float64{1, 2})
	b := tensor.Scalar[float64]("b", 3)
	short := &tensor.Tensor[float64]{Name: "short", Shape: []int{2}, Value: []float64{1, 2}, Grad: []float64{0}}
	alias := &tensor.Tensor[float64]{Name: "alias", Shape: []int{2}, Value: a.Value, Grad: make([]float64, 2)}
	cases := []struct {
		params []*tensor.Tensor[float64]
		want   string
	}{
		{nil, "no parameters to optimize"},
		{[]*tensor.Tensor[float64]{a, nil}, "parameter 1 is nil"},
		{[]*tensor.Tensor[float64]{short}, `parameter 0: tensor "short": shape [2] holds 2 values, Grad has 1`},
		{[]*tensor.Tensor[float64]{a, b, a}, `parameter 2 ("a") is the same tensor as parameter 0`},
		{[]*tensor.Tensor[float64]{a, alias}, `parameter 1 ("alias") shares its values with parameter 0`},
	}
	for _, name := range optim.Names() {
		for _, c := range cases {
			_, err := optim.New(name, c.params, optim.LR(0.1))
			if err == nil || !strings.Contains(err.Error(), "optim: "+name+": "+c.want) {
				t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
			}
		}
	}
}

// stepCase builds one optimizer of every kind, with the options that give it
// the most state.
var stepCases = []struct {
	name string
	opts []optim.Option
}{
	{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(0.9), optim.Nesterov(true), optim.WeightDecay(0.1)}},
	{"Adagrad", []optim.Option{optim.LRDecay(0.1), optim.InitialAccumulatorValue(0.1), optim.WeightDecay(0.1)}},
	{"RMSprop", []optim.Option{optim.Momentum(0.5), optim.Centered(true), optim.WeightDecay(0.1)}},
	{"Adam", []optim.Option{optim.LR(0.1), optim.AMSGrad(true), optim.WeightDecay(0.1)}},
	{"AdamW", []optim.Option{optim.LR(0.1), optim.AMSGrad(true)}},
	{"Adadelta", []optim.Option{optim.WeightDecay(0.1)}},
	{"Adamax", []optim.Option{optim.WeightDecay(0.1)}},
	{"NAdam", []optim.Option{optim.WeightDecay(0.1)}},
	{"RAdam", []optim.Option{optim.WeightDecay(0.1)}},
	{"Rprop", []optim.Option{optim.Etas(0.3, 1.5), optim.StepSizes(1e-3, 1), optim.Maximize(true)}},
	{"ASGD", []optim.Option{optim.Lambd(0.1), optim.T0(1), optim.WeightDecay(0.1)}},
	{"Lion", []optim.Option{optim.LR(0.01), optim.WeightDecay(0.1)}},
	{"AdamWScheduleFree", []optim.Option{optim.WeightDecay(0.1), optim.WarmupSteps(2)}},
}

// TestStepErrors checks what Step rejects, that the message names the
// tensor, index and value, and that a rejected Step changes nothing: the
// trajectory afterwards is the one of an optimizer that never saw the bad
// gradient, bit for bit.
func TestStepErrors(t *testing.T) {
	good := [][]float64{{0.5, -1, 2}, {0.25, 3, -0.5}, {-1, 0.5, 0.125}}
	bad := []struct {
		grad []float64
		want string
	}{
		{[]float64{0, math.NaN(), 1}, `gradient of "w" has NaN at index 1`},
		{[]float64{math.Inf(1), 0, 1}, `gradient of "w" has +Inf at index 0`},
		{[]float64{0, 1, math.Inf(-1)}, `gradient of "w" has -Inf at index 2`},
	}
	for _, sc := range stepCases {
		for _, failAt := range []int{0, 2} { // before the state exists, and after
			for _, b := range bad {
				w, _ := tensor.New("w", []int{3}, []float64{1, -2, 0.5})
				ref, _ := tensor.New("w", []int{3}, []float64{1, -2, 0.5})
				opt, err := optim.New(sc.name, []*tensor.Tensor[float64]{w}, sc.opts...)
				if err != nil {
					t.Fatal(err)
				}
				fresh, _ := optim.New(sc.name, []*tensor.Tensor[float64]{ref}, sc.opts...)
				for k, g := range good {
					if k == failAt {
						before := slices.Clone(w.Value)
						copy(w.Grad, b.grad)
						err := opt.Step()
						var nf *optim.NonFiniteError
						if err == nil || !strings.Contains(err.Error(), "optim: "+sc.name+": "+b.want) || !errors.As(err, &nf) || nf.Name != "w" {
							t.Errorf("%s: Step with %v: error %v, want %q", sc.name, b.grad, err, b.want)
						}
						if !slices.Equal(w.Value, before) || stepCount(opt) != k {
							t.Errorf("%s: a rejected Step changed the parameters or the step count", sc.name)
						}
					}
					copy(w.Grad, g)
					copy(ref.Grad, g)
					if err := opt.Step(); err != nil {
						t.Fatal(err)
					}
					if err := fresh.Step(); err != nil {
						t.Fatal(err)
					}
				}
				if !slices.Equal(w.Value, ref.Value) || stepCount(opt) != len(good) {
					t.Errorf("%s: after a rejected Step at %d: params %v, want %v (from an optimizer that never failed)", sc.name, failAt, w.Value, ref.Value)
				}
			}
		}
	}
}

func stepCount(o any) int { return o.(interface{ StepCount() int }).StepCount() }

// TestStepShapeErrors checks Step's checks of the tensors themselves.
func TestStepShapeErrors(t *testing.T) {
	for _, sc := range stepCases {
		w, _ := tensor.New("w", []int{2}, []float64{1, 2})
		u := tensor.Scalar[float64]("", 1)
		opt, err := optim.New(sc.name, []*tensor.Tensor[float64]{w, u}, sc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		w.Grad = []float64{1}
		if err := opt.Step(); err == nil || !strings.Contains(err.Error(), `optim: `+sc.name+`: parameter 0: tensor "w": shape [2] holds 2 values, Grad has 1`) {
			t.Errorf("%s: short Grad: error %v", sc.name, err)
		}
		w.Grad = []float64{1, 1}
		u.Grad[0] = math.NaN()
		if err := opt.Step(); err == nil || !strings.Contains(err.Error(), "gradient of parameter 1 has NaN at index 0") {
			t.Errorf("%s: NaN in an unnamed tensor: error %v", sc.name, err)
		}
		u.Grad[0] = 1
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		// Resizing a tensor after the first step leaves its state the wrong size.
		w.Shape, w.Value, w.Grad = []int{3}, []float64{1, 2, 3}, []float64{1, 1, 1}
		if err := opt.Step(); err == nil || !strings.Contains(err.Error(), `"w" has 3 values but its optimizer state has 2`) {
			t.Errorf("%s: resized tensor: error %v", sc.name, err)
		}
	}
}

// TestAllowNonFinite checks that AllowNonFinite(true) lets NaN through, as
// torch does: into the parameter, except in Rprop, which steps by the sign
// of the gradient, and torch's sign of NaN is 0 (pytorch/pytorch#41245): the
// parameter stays, and the NaN goes into the previous gradient; and Lion,
// whose sign step is 0 too, so that only its weight decay moves it.
func TestAllowNonFinite(t *testing.T) {
	for _, sc := range stepCases {
		w := tensor.Scalar[float64]("w", 1)
		opt, err := optim.New(sc.name, []*tensor.Tensor[float64]{w}, append(slices.Clone(sc.opts), optim.AllowNonFinite(true))...)
		if err != nil {
			t.Fatal(err)
		}
		w.Grad[0] = math.NaN()
		if err := opt.Step(); err != nil {
			t.Errorf("%s: Step with AllowNonFinite(true): %v", sc.name, err)
		}
		if sc.name == "Rprop" {
			st, _ := optim.State(opt, 0)
			if w.Value[0] != 1 || !math.IsNaN(st["prev"][0]) {
				t.Errorf("Rprop: a NaN gradient gave %v and prev %v, want 1 and NaN", w.Value[0], st["prev"])
			}
			continue
		}
		if sc.name == "Lion" { // the same sign of NaN: only the decoupled decay moves w
			st, _ := optim.State(opt, 0)
			if want := 1 * (1 - 0.01*0.1); w.Value[0] != want || !math.IsNaN(st["exp_avg"][0]) {
				t.Errorf("Lion: a NaN gradient gave %v and exp_avg %v, want %v and NaN", w.Value[0], st["exp_avg"], want)
			}
			continue
		}
		if !math.IsNaN(w.Value[0]) {
			t.Errorf("%s: a NaN gradient gave %v, want NaN", sc.name, w.Value[0])
		}
	}
}

// TestOptionFromTorch checks the mapping of torch keyword arguments.
func TestOptionFromTorch(t *testing.T) {
	for _, c := range []struct {
		name  string
		value any
		want  string
	}{
		{"lr", 0.01, "LR(0.01)"},
		{"lr", 1, "LR(1)"},
		{"momentum", 0.9, "Momentum(0.9)"},
		{"dampening", 0.1, "Dampening(0.1)"},
		{"nesterov", true, "Nesterov(true)"},
		{"weight_decay", 0.0, "WeightDecay(0)"},
		{"maximize", false, "Maximize(false)"},
		{"betas", []any{0.9, 0.99}, "Betas(0.9, 0.99)"},
		{"betas", []float64{0.5, 0.9}, "Betas(0.5, 0.9)"},
		{"eps", 1e-8, "Eps(1e-08)"},
		{"amsgrad", true, "AMSGrad(true)"},
		{"lr_decay", 0.01, "LRDecay(0.01)"},
		{"initial_accumulator_value", 0.1, "InitialAccumulatorValue(0.1)"},
		{"alpha", 0.99, "Alpha(0.99)"},
		{"centered", true, "Centered(true)"},
		{"rho", 0.9, "Rho(0.9)"},
		{"momentum_decay", 0.004, "MomentumDecay(0.004)"},
		{"foreach", nil, "Option{}"},
		{"capturable", false, "Option{}"},
		{"differentiable", false, "Option{}"},
		{"fused", false, "Option{}"},
	} {
		o, err := optim.OptionFromTorch(c.name, c.value)
		if err != nil || o.String() != c.want {
			t.Errorf("OptionFromTorch(%q, %v) = %v, %v; want %s", c.name, c.value, o, err, c.want)
		}
	}
	for _, c := range []struct {
		name  string
		value any
		want  string
	}{
		{"lr", "0.1", `torch option lr = 0.1 (string): want a number`},
		{"nesterov", 1.0, "torch option nesterov = 1 (float64): want true or false"},
		{"betas", []any{0.9}, "torch option betas = [0.9]: want a list of two numbers"},
		{"foreach", true, "torch option foreach = true is not supported"},
		{"fused", true, "torch option fused = true is not supported"},
		{"capturable", true, "torch option capturable = true is not supported"},
		{"decoupled_weight_decay", true, `unknown torch option "decoupled_weight_decay"`},
	} {
		if _, err := optim.OptionFromTorch(c.name, c.value); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("OptionFromTorch(%q, %v): error %v, want %q", c.name, c.value, err, c.want)
		}
	}
}

// TestFloat32Hyperparameters checks that a float32 optimizer validates its
// hyperparameters as float32, the type they meet the tensors in (issue 20,
// item 6): Eps(1e-50) is 0 in float32, where every element with a zero
// gradient would become 0/0 = NaN while Step returns nil, so it is refused
// with a message naming the value, the dtype and the allowed range, for
// every optimizer with an eps; an lr or weight_decay above float32's
// largest value would be +Inf and is refused too. float64 optimizers take
// all of them.
func TestFloat32Hyperparameters(t *testing.T) {
	p32 := func() []*tensor.Tensor[float32] {
		return []*tensor.Tensor[float32]{tensor.FromSlice("w", []float32{1, 0})}
	}
	p64 := func() []*tensor.Tensor[float64] {
		return []*tensor.Tensor[float64]{tensor.FromSlice("w", []float64{1, 0})}
	}
	withEps := []string{"Adagrad", "RMSprop", "Adam", "AdamW", "Adadelta", "Adamax", "NAdam", "RAdam"}
	type repro struct {
		opt  optim.Option
		want string
	}
	cases := map[string][]repro{}
	for _, name := range withEps {
		cases[name] = append(cases[name], repro{optim.Eps(1e-50),
			"optim: " + name + ": eps = 1e-50 rounds to 0 in float32, outside (0, inf): a float32 optimizer takes eps in [1e-45, 3.4028235e+38]"})
	}
	for _, name := range steppers() {
		cases[name] = append(cases[name],
			repro{optim.LR(1e39), "optim: " + name + ": lr = 1e+39 rounds to +Inf in float32, outside [0, inf): a float32 optimizer takes lr in [0, 3.4028235e+38]"})
		if name != "Rprop" { // the only one without weight decay
			cases[name] = append(cases[name], repro{optim.WeightDecay(4e38), "weight_decay = 4e+38 rounds to +Inf in float32, outside [0, inf)"})
		}
	}
	cases["Adam"] = append(cases["Adam"], repro{optim.Betas(0.9, 0.99999999), "beta2 = 0.99999999 rounds to 1 in float32, outside [0, 1): a float32 optimizer takes beta2 in [0, 0.99999994]"})
	cases["RMSprop"] = append(cases["RMSprop"], repro{optim.Alpha(1 - 1e-9), "alpha = 0.999999999 rounds to 1 in float32, outside [0, 1)"})
	// Rprop compares its factors with the sign factor in the element type:
	// an etaminus that is 1 there would zero every gradient whose sign stays.
	cases["Rprop"] = append(cases["Rprop"], repro{optim.Etas(1-1e-9, 1.2), "etas = (0.999999999, 1.2): want 0 < etaminus < 1 < etaplus, after rounding to float32"},
		repro{optim.StepSizes(0, 1e39), "step_size_max = 1e+39 rounds to +Inf in float32"})
	for name, rs := range cases {
		for _, r := range rs {
			opts := []optim.Option{optim.LR(0.1), r.opt}
			if _, err := optim.New(name, p32(), opts...); err == nil || !strings.Contains(err.Error(), r.want) {
				t.Errorf("%s float32 %v: error %v, want %q", name, opts, err, r.want)
			}
			o, err := optim.New(name, p64(), opts...)
			if err != nil {
				t.Errorf("%s float64 %v: %v", name, opts, err)
				continue
			}
			if err := o.Step(); err != nil {
				t.Errorf("%s float64 %v: Step: %v", name, opts, err)
			}
		}
	}
	// The setters a scheduler calls check the same way, and so does a
	// group's own option.
	adam, err := optim.NewAdam(p32())
	if err != nil {
		t.Fatal(err)
	}
	if err := adam.SetLR(1e39); err == nil || !strings.Contains(err.Error(), "lr = 1e+39 rounds to +Inf in float32") || adam.LR() != 1e-3 {
		t.Errorf("SetLR(1e39) on float32: error %v, lr now %v", err, adam.LR())
	}
	if err := adam.SetGroupMomentum(0, 0.999999999); err == nil || !strings.Contains(err.Error(), "beta1 = 0.999999999 rounds to 1 in float32") {
		t.Errorf("SetGroupMomentum(0.999999999) on float32: error %v", err)
	}
	_, err = optim.NewAdam(p32(), optim.ParamGroup([]*tensor.Tensor[float32]{tensor.Scalar[float32]("b", 1)}, optim.Eps(1e-46)))
	if err == nil || !strings.Contains(err.Error(), "optim: Adam: parameter group 1: eps = 1e-46 rounds to 0 in float32") {
		t.Errorf("a group's Eps(1e-46) on float32: error %v", err)
	}
	// What float32 can hold is accepted: its smallest eps, its largest lr.
	if _, err := optim.NewAdam(p32(), optim.Eps(1e-45), optim.LR(math.MaxFloat32)); err != nil {
		t.Errorf("float32 Adam with eps 1e-45 and lr MaxFloat32: %v", err)
	}
	// The float64-only ones are not checked in float32.
	if _, err := optim.NewNAdam(p32(), optim.MomentumDecay(1e39)); err != nil {
		t.Errorf("float32 NAdam with momentum_decay 1e39: %v", err)
	}
}

// TestOverlappingParams checks that parameters whose values share memory in
// part are refused, not only those that start at the same element (issue
// 20, item 7): over buf[0:4] and buf[2:6] the two shared elements would be
// updated twice per Step. A gradient that shares memory with values is
// refused too; gradients may share memory with each other.
func TestOverlappingParams(t *testing.T) {
	buf := make([]float64, 8)
	over := func(name string, v []float64) *tensor.Tensor[float64] {
		return &tensor.Tensor[float64]{Name: name, Shape: []int{len(v)}, Value: v, Grad: make([]float64, len(v))}
	}
	grads := make([]float64, 8)
	cases := []struct {
		params []*tensor.Tensor[float64]
		want   string
	}{
		{[]*tensor.Tensor[float64]{over("a", buf[0:4]), over("b", buf[2:6])},
			`parameter 1 ("b") shares its values with parameter 0 (its elements [0, 2) are elements [2, 4) of parameter 0)`},
		{[]*tensor.Tensor[float64]{over("b", buf[2:6]), over("a", buf[0:4])},
			`parameter 1 ("a") shares its values with parameter 0 (its elements [2, 4) are elements [0, 2) of parameter 0)`},
		{[]*tensor.Tensor[float64]{over("a", buf[0:8]), tensor.Zeros[float64]("c", 2), over("b", buf[3:4])},
			`parameter 2 ("b") shares its values with parameter 0 (its elements [0, 1) are elements [3, 4) of parameter 0)`},
		{[]*tensor.Tensor[float64]{{Name: "g", Shape: []int{4}, Value: buf[0:4], Grad: buf[2:6]}},
			`parameter 0 ("g"): its values share memory with its gradient (elements [2, 4) of the values are elements [0, 2) of the gradient)`},
		{[]*tensor.Tensor[float64]{over("a", buf[0:4]), {Name: "h", Shape: []int{2}, Value: make([]float64, 2), Grad: buf[3:5]}},
			`parameter 1 ("h"): its gradient shares memory with the values of parameter 0 (its elements [0, 1) are elements [3, 4) of those values)`},
	}
	for _, name := range optim.Names() {
		for _, c := range cases {
			if _, err := optim.New(name, c.params, optim.LR(0.1)); err == nil || !strings.Contains(err.Error(), "optim: "+name+": "+c.want) {
				t.Errorf("%s: error %v, want %q", name, err, c.want)
			}
		}
		// Adjacent values, and gradients that overlap each other, are fine.
		ok := []*tensor.Tensor[float64]{
			{Name: "a", Shape: []int{4}, Value: buf[0:4], Grad: grads[0:4]},
			{Name: "b", Shape: []int{4}, Value: buf[4:8], Grad: grads[2:6]},
		}
		if _, err := optim.New(name, ok, optim.LR(0.1)); err != nil {
			t.Errorf("%s: adjacent values: %v", name, err)
		}
	}
}
