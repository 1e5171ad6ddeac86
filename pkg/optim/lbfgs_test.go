package optim_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/autograd"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// quadratic2dClosure returns the closure of f(p) = 0.1*p0² + 2*p1², the
// reference's quadratic2d, computed in T.
func quadratic2dClosure[T tensor.Float](p *tensor.Tensor[T]) func() (float64, error) {
	return func() (float64, error) {
		x, y := p.Value[0], p.Value[1]
		p.Grad[0], p.Grad[1] = T(0.2)*x, T(4)*y
		return float64(T(T(0.1)*x*x) + T(T(2)*y*y)), nil
	}
}

// TestLBFGSFloat32Converges checks that LBFGS reaches the minimum of
// quadratic2d in float32 to float32 precision, with and without the line
// search (there is no float32 torch reference: reference-more's README).
func TestLBFGSFloat32Converges(t *testing.T) {
	for _, opts := range [][]optim.Option{
		{optim.LineSearchFn("strong_wolfe")},
		{optim.LR(1)},
		{optim.LR(0.5), optim.HistorySize(2), optim.MaxIter(5)},
	} {
		// The default tolerances stop where a step would change the loss
		// by less than 1e-9, at about 1e-5 from the minimum: no tolerance
		// here, so that only float32 stops it.
		opts = append(opts, optim.ToleranceGrad(0), optim.ToleranceChange(0))
		p := tensor.FromSlice("p", []float32{-5, -2})
		opt, err := optim.NewLBFGS([]*tensor.Tensor[float32]{p}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			if _, err := opt.StepClosure(quadratic2dClosure(p)); err != nil {
				t.Fatal(err)
			}
		}
		if math.Abs(float64(p.Value[0])) > 1e-6 || math.Abs(float64(p.Value[1])) > 1e-6 {
			t.Errorf("%v: float32 LBFGS stopped at %v, want (0, 0) to float32 precision", opts, p.Value)
		}
	}
}

// TestLBFGSErrors checks what LBFGS refuses, and that a failed step puts
// the parameters back where it started.
func TestLBFGSErrors(t *testing.T) {
	p := func() []*tensor.Tensor[float64] {
		return []*tensor.Tensor[float64]{tensor.FromSlice("p", []float64{-5, -2})}
	}
	for _, c := range []struct {
		opts []optim.Option
		want string
	}{
		{[]optim.Option{optim.MaxIter(0)}, "optim: LBFGS: max_iter = 0 is outside (0, inf)"},
		{[]optim.Option{optim.MaxEval(-1)}, "max_eval = -1 is outside (0, inf)"},
		{[]optim.Option{optim.HistorySize(0)}, "history_size = 0 is outside (0, inf)"},
		{[]optim.Option{optim.ToleranceGrad(-1)}, "tolerance_grad = -1 is outside [0, inf)"},
		{[]optim.Option{optim.LineSearchFn("backtracking")}, `line_search_fn: want one of ["" "strong_wolfe"]`},
		{[]optim.Option{optim.Momentum(0.9)}, "optim: LBFGS does not take option Momentum"},
		{[]optim.Option{optim.ParamGroup(p())}, "LBFGS takes one parameter group"},
	} {
		if _, err := optim.NewLBFGS(p(), c.opts...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.opts, err, c.want)
		}
	}
	if o, err := optim.OptionFromTorch("max_iter", 2.5); err != nil {
		t.Fatal(err)
	} else if _, err := optim.NewLBFGS(p(), o); err == nil || !strings.Contains(err.Error(), "max_iter = 2.5 is not a whole number") {
		t.Errorf("max_iter 2.5: error %v", err)
	}
	opt, err := optim.NewLBFGS(p(), optim.LineSearchFn("strong_wolfe"))
	if err != nil {
		t.Fatal(err)
	}
	if err := opt.Step(); err == nil || !strings.Contains(err.Error(), "call StepClosure") {
		t.Errorf("Step without a closure: error %v", err)
	}
	if _, err := opt.StepClosure(nil); err == nil {
		t.Error("StepClosure(nil) succeeded")
	}
	params := opt.Params()[0]
	start := slices.Clone(params.Value)
	boom := errors.New("boom")
	for _, c := range []struct {
		name    string
		failAt  int
		fail    func(p *tensor.Tensor[float64]) error
		wantErr func(error) bool
	}{
		{"closure error", 3, func(*tensor.Tensor[float64]) error { return boom }, func(err error) bool { return errors.Is(err, boom) }},
		{"NaN gradient", 2, func(p *tensor.Tensor[float64]) error { p.Grad[1] = math.NaN(); return nil },
			func(err error) bool {
				var nf *optim.NonFiniteError
				return errors.As(err, &nf) && nf.Optimizer == "LBFGS"
			}},
	} {
		calls := 0
		f := quadratic2dClosure(params)
		_, err := opt.StepClosure(func() (float64, error) {
			calls++
			loss, _ := f()
			if calls == c.failAt {
				return loss, c.fail(params)
			}
			return loss, nil
		})
		if !c.wantErr(err) {
			t.Errorf("%s: error %v", c.name, err)
		}
		if !slices.Equal(params.Value, start) || opt.StepCount() != 0 {
			t.Errorf("%s: a failed step left the parameters at %v (from %v), step count %d", c.name, params.Value, start, opt.StepCount())
		}
	}
}

// TestLBFGSResume checks that k steps, a checkpoint, a restore into a fresh
// LBFGS and the rest give the trajectory and state of a run that never
// stopped, bit for bit, in both dtypes, history full and not.
func TestLBFGSResume(t *testing.T) {
	t.Run("float32", testLBFGSResume[float32])
	t.Run("float64", testLBFGSResume[float64])
}

func testLBFGSResume[T tensor.Float](t *testing.T) {
	const n = 8
	build := func() (*optim.LBFGS[T], *tensor.Tensor[T]) {
		p := tensor.FromSlice("p", []T{-1.5, 2})
		opt, err := optim.NewLBFGS([]*tensor.Tensor[T]{p}, optim.LR(0.5), optim.MaxIter(3), optim.HistorySize(2))
		if err != nil {
			t.Fatal(err)
		}
		return opt, p
	}
	// Rosenbrock: curved, so the history and the line of steps matter.
	closure := func(p *tensor.Tensor[T]) func() (float64, error) {
		return func() (float64, error) {
			x, y := p.Value[0], p.Value[1]
			p.Grad[0] = T(-2)*(1-x) - T(400)*x*(y-x*x)
			p.Grad[1] = T(200) * (y - x*x)
			return float64((1-x)*(1-x) + T(100)*(y-x*x)*(y-x*x)), nil
		}
	}
	straight, ps := build()
	for range n {
		if _, err := straight.StepClosure(closure(ps)); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []int{0, 1, 5} {
		first, pf := build()
		for range k {
			if _, err := first.StepClosure(closure(pf)); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "lbfgs.ckpt")
		if err := optim.SaveFile(path, first); err != nil {
			t.Fatal(err)
		}
		resumed, pr := build()
		if err := optim.LoadFile(path, resumed); err != nil {
			t.Fatal(err)
		}
		for range n - k {
			if _, err := resumed.StepClosure(closure(pr)); err != nil {
				t.Fatal(err)
			}
		}
		if !slices.Equal(pr.Value, ps.Value) || !bytes.Equal(marshal(t, resumed), marshal(t, straight)) {
			t.Errorf("k=%d: resumed at %v, straight at %v", k, pr.Value, ps.Value)
		}
	}
}

// TestLBFGSStepAllocatesNothing checks that once its history is full, an
// LBFGS step allocates nothing.
func TestLBFGSStepAllocatesNothing(t *testing.T) {
	p := tensor.FromSlice("p", []float64{-1.5, 2, 0.5})
	start := slices.Clone(p.Value)
	opt, err := optim.NewLBFGS([]*tensor.Tensor[float64]{p}, optim.HistorySize(3), optim.MaxIter(3), optim.LineSearchFn("strong_wolfe"))
	if err != nil {
		t.Fatal(err)
	}
	closure := func() (float64, error) { // an ill-conditioned quadratic
		var loss float64
		for i, v := range p.Value {
			c := float64(10 * i * i)
			p.Grad[i] = c * 2 * (v - 1)
			loss += c * (v - 1) * (v - 1)
		}
		p.Grad[0] += 2 * p.Value[0]
		return loss + p.Value[0]*p.Value[0], nil
	}
	step := func() {
		copy(p.Value, start) // from the start again, so that every step iterates, with the history full
		if _, err := opt.StepClosure(closure); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		step()
	}
	if n := testing.AllocsPerRun(20, step); n != 0 {
		t.Errorf("StepClosure allocates %v times per call", n)
	}
}

// LBFGS with a pkg/autograd loss: the closure zeroes the gradients, builds
// the loss, runs Backward and returns the loss. On the Rosenbrock function
// f(x, y) = (1-x)² + 100(y-x²)², whose curved valley takes gradient descent
// thousands of steps, a few LBFGS steps with the strong Wolfe line search
// reach the minimum (1, 1).
func ExampleLBFGS() {
	x, y := tensor.Scalar("x", -1.5), tensor.Scalar("y", 2.0)
	opt, err := optim.NewLBFGS([]*tensor.Tensor[float64]{x, y}, optim.LineSearchFn("strong_wolfe"))
	if err != nil {
		panic(err)
	}
	closure := func() (float64, error) {
		opt.ZeroGrad()
		one, hundred := autograd.Scalar(1.0), autograd.Scalar(100.0)
		px, py := autograd.Param(x), autograd.Param(y)
		loss := autograd.Add(autograd.Square(autograd.Sub(one, px)),
			autograd.Mul(hundred, autograd.Square(autograd.Sub(py, autograd.Square(px)))))
		return loss.Item(), loss.Backward()
	}
	for step := 1; step <= 3; step++ {
		loss, err := opt.StepClosure(closure)
		if err != nil {
			panic(err)
		}
		fmt.Printf("step %d: loss before %.4g, now at (%.6f, %.6f)\n", step, loss, x.Value[0], y.Value[0])
	}
	// Output:
	// step 1: loss before 12.5, now at (-0.085119, -0.028757)
	// step 2: loss before 1.307, now at (0.999584, 0.999155)
	// step 3: loss before 1.884e-07, now at (0.999998, 0.999997)
}
