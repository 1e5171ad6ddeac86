package reference

import (
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestLambda checks the named functions against reference-more's table,
// written out independently.
func TestLambda(t *testing.T) {
	for name, want := range map[string]func(e int) float64{
		"inverse_time":  func(e int) float64 { return 1 / (1 + 0.1*float64(e)) },
		"warmup5":       func(e int) float64 { return math.Min(1, float64(e+1)/5) },
		"exp095":        func(e int) float64 { return math.Pow(0.95, float64(e)) },
		"const095":      func(int) float64 { return 0.95 },
		"halve_every10": func(e int) float64 { return map[bool]float64{true: 0.5, false: 1}[e%10 == 0] },
	} {
		fn, err := Lambda(name)
		if err != nil {
			t.Fatal(err)
		}
		for e := range 60 {
			// math.Pow is a few ulps off; the others agree exactly.
			if got, w := fn(e), want(e); math.Abs(got-w) > 1e-14*w {
				t.Errorf("%s(%d) = %v, want %v", name, e, got, w)
			}
		}
	}
	if _, err := Lambda("cubic"); err == nil || !strings.Contains(err.Error(), `unknown lr_lambda "cubic"; known: const095, exp095, halve_every10, inverse_time, warmup5`) {
		t.Errorf("unknown name: error %v", err)
	}
}

func TestRunTolerance(t *testing.T) {
	for _, c := range []struct {
		opt, dtype string
		want       float64
	}{{"LBFGS", "float64", 1e-10}, {"LBFGS", "float32", 1e-5}, {"ASGD", "float64", 1e-12}, {"Rprop", "float32", 1e-5}} {
		if got, err := RunTolerance(&Run{Optimizer: c.opt, Dtype: c.dtype}); err != nil || got != c.want {
			t.Errorf("%s %s: %v, %v; want %v", c.opt, c.dtype, got, err, c.want)
		}
	}
}

// TestProtocolRefuses checks that a run the optimizer cannot reproduce is
// an error before any step: a momentum of an optimizer without one, an
// unknown average, and a run without gradients for an optimizer without a
// closure step.
func TestProtocolRefuses(t *testing.T) {
	ps := []*tensor.Tensor[float64]{tensor.FromSlice("x", []float64{1, 2})}
	adagrad, err := optim.New("Adagrad", ps)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		run  Run
		want string
	}{
		{Run{Optimizer: "Adagrad", Scheduler: &Scheduler{Name: "StepLR", Params: map[string]any{"step_size": 2}}, MomentumPerStep: [][]float64{{0.9}}, GradsAtStep: [][]float64{}},
			"momentum_per_step: Adagrad has no momentum factor"},
		{Run{Optimizer: "Adagrad", SWA: &SWA{Avg: "median"}, GradsAtStep: [][]float64{}}, `swa avg "median" is unknown`},
		{Run{Optimizer: "Adagrad", SWA: &SWA{Avg: "emaX"}, GradsAtStep: [][]float64{}}, `swa avg "emaX": the decay is not a number`},
		{Run{Optimizer: "Adagrad", SWA: &SWA{Avg: "swa", SWALR: map[string]any{"swa_lr": -1.0}}, GradsAtStep: [][]float64{}}, "swa_lr = -1 is outside [0, inf)"},
		{Run{Optimizer: "Adagrad", EvalsAtStep: []int{1}}, "Adagrad records no gradients, and its optimizer takes no closure"},
	} {
		if _, err := NewProtocol(&c.run, adagrad, ps); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}
