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
	if _, err := optim.New("LBFGS", newParams()); err == nil || !strings.Contains(err.Error(), `unknown optimizer "LBFGS"; known: SGD, Adagrad, RMSprop, Adam, AdamW, Adadelta, Adamax, NAdam, RAdam`) {
		t.Errorf("New(LBFGS): error %v", err)
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

// TestAllowNonFinite checks that AllowNonFinite(true) lets NaN through, as torch does.
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
