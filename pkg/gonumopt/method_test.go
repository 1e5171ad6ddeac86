package gonumopt_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/descentlab/descent/pkg/gonumopt"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
	"github.com/descentlab/descent/pkg/testfunc"
)

// gonumFunction is a test function of gonum's optimize/functions.
type gonumFunction interface {
	Func(x []float64) float64
	Grad(grad, x []float64)
	Minima() []functions.Minimum
}

// newMethod returns a descent optimizer named name over a fresh parameter
// holding start, as a Method.
func newMethod(t *testing.T, name string, start []float64, opts ...optim.Option) *gonumopt.Method {
	t.Helper()
	x := tensor.FromSlice("x", slices.Clone(start))
	opt, err := optim.New(name, []*tensor.Tensor[float64]{x}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	m, err := gonumopt.NewMethod(opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// convergenceCases are gonum's test functions from the starts of gonum's
// own tests of gradient methods (optimize/unconstrained_test.go), each with
// a descent optimizer that converges there.
var convergenceCases = []struct {
	name      string
	f         gonumFunction
	start     []float64
	optimizer string
	opts      []optim.Option
}{
	{"ExtendedRosenbrock2/SGD-momentum", functions.ExtendedRosenbrock{}, []float64{-1.2, 1}, "SGD", []optim.Option{optim.LR(1e-3), optim.Momentum(0.9)}},
	{"ExtendedRosenbrock4/SGD-nesterov", functions.ExtendedRosenbrock{}, []float64{-1.2, 1, -1.2, 1}, "SGD", []optim.Option{optim.LR(5e-4), optim.Momentum(0.95), optim.Nesterov(true)}},
	{"Beale/SGD-momentum", functions.Beale{}, []float64{1, 1}, "SGD", []optim.Option{optim.LR(1e-2), optim.Momentum(0.9)}},
	{"Sphere5D/SGD", functions.Sphere{}, []float64{0.00001, 1.00001, 2.00001, 3.00001, 4.00001}, "SGD", []optim.Option{optim.LR(0.25)}},
	{"Wood/SGD-momentum", functions.Wood{}, []float64{-3, -1, -3, -1}, "SGD", []optim.Option{optim.LR(1e-4), optim.Momentum(0.9)}},
}

// TestMethodConvergesOnGonumFunctions runs descent optimizers under
// optimize.Minimize with the settings of gonum's own tests of gradient
// methods (testLocal: GradientThreshold 1e-12, no function convergence) and
// checks what gonum checks: the run ends on the gradient threshold, Result
// holds f and ∇f at Result.X, a rerun from InitValues gives exactly the same
// answer with one evaluation less; and, beyond gonum, that Result.X is the
// function's known minimum.
func TestMethodConvergesOnGonumFunctions(t *testing.T) {
	for _, c := range convergenceCases {
		t.Run(c.name, func(t *testing.T) {
			p := optimize.Problem{Func: c.f.Func, Grad: c.f.Grad}
			settings := &optimize.Settings{GradientThreshold: 1e-12, Converger: optimize.NeverTerminate{}, MajorIterations: 100000}
			res, err := optimize.Minimize(p, c.start, settings, newMethod(t, c.optimizer, c.start, c.opts...))
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != optimize.GradientThreshold {
				t.Fatalf("status %v after %d iterations, want %v", res.Status, res.MajorIterations, optimize.GradientThreshold)
			}
			if got := c.f.Func(res.X); got != res.F {
				t.Errorf("f(Result.X) = %v, Result.F = %v", got, res.F)
			}
			g := make([]float64, len(c.start))
			c.f.Grad(g, res.X)
			if !floats.Equal(g, res.Gradient) {
				t.Errorf("∇f(Result.X) = %v, Result.Gradient = %v", g, res.Gradient)
			}
			if n := floats.Norm(g, math.Inf(1)); n >= settings.GradientThreshold {
				t.Errorf("‖∇f(Result.X)‖∞ = %v, want < %v", n, settings.GradientThreshold)
			}
			near := false
			for _, min := range c.f.Minima() {
				if len(min.X) == len(res.X) && floats.EqualApprox(min.X, res.X, 1e-9) && math.Abs(min.F-res.F) < 1e-12 {
					near = true
				}
			}
			if !near {
				t.Errorf("Result.X = %v, f = %v: not a known minimum of %T", res.X, res.F, c.f)
			}

			// Rerun with the start's values known, as gonum's testLocal does.
			settings.InitValues = &optimize.Location{F: c.f.Func(c.start), Gradient: make([]float64, len(c.start))}
			c.f.Grad(settings.InitValues.Gradient, c.start)
			res2, err := optimize.Minimize(p, c.start, settings, newMethod(t, c.optimizer, c.start, c.opts...))
			if err != nil {
				t.Fatal(err)
			}
			if res2.F != res.F || !floats.Equal(res2.X, res.X) {
				t.Errorf("rerun from InitValues: F = %v at %v, first run %v at %v", res2.F, res2.X, res.F, res.X)
			}
			if res.FuncEvaluations != res2.FuncEvaluations+1 || res.GradEvaluations != res2.GradEvaluations+1 {
				t.Errorf("rerun from InitValues: %d func and %d grad evaluations, first run %d and %d, want one less",
					res2.FuncEvaluations, res2.GradEvaluations, res.FuncEvaluations, res.GradEvaluations)
			}
		})
	}
}

// descentLoop runs the training loop of pkg/optim by hand for n steps and
// returns the start and every iterate.
func descentLoop(t *testing.T, name string, f func(grad, x []float64), start []float64, n int, opts ...optim.Option) [][]float64 {
	t.Helper()
	x := tensor.FromSlice("x", slices.Clone(start))
	opt, err := optim.New(name, []*tensor.Tensor[float64]{x}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	path := [][]float64{slices.Clone(x.Value)}
	for range n {
		opt.ZeroGrad()
		f(x.Grad, x.Value)
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		path = append(path, slices.Clone(x.Value))
	}
	return path
}

// pathRecorder records the point of every major iteration. Minimize does
// not call it at the one that ends the run by a limit: that point comes
// with PostIteration.
type pathRecorder struct{ path [][]float64 }

func (r *pathRecorder) Init() error { return nil }
func (r *pathRecorder) Record(loc *optimize.Location, op optimize.Operation, stats *optimize.Stats) error {
	if op == optimize.MajorIteration || op == optimize.PostIteration && len(r.path) < stats.MajorIterations {
		r.path = append(r.path, slices.Clone(loc.X))
	}
	return nil
}

// TestMethodMatchesDescentLoop checks that optimize.Minimize driving a
// Method for n iterations visits exactly, bit for bit, the points of the
// hand-written training loop of pkg/optim with the same optimizer.
func TestMethodMatchesDescentLoop(t *testing.T) {
	const n = 300
	rosen := testfunc.Rosenbrock{}
	for _, c := range []struct {
		name      string
		optimizer string
		opts      []optim.Option
	}{
		{"SGD", "SGD", []optim.Option{optim.LR(1e-3)}},
		{"SGD-nesterov", "SGD", []optim.Option{optim.LR(1e-3), optim.Momentum(0.9), optim.Nesterov(true)}},
		{"Adam", "Adam", []optim.Option{optim.LR(0.02)}},
		{"RMSprop", "RMSprop", []optim.Option{optim.LR(1e-3)}},
		{"Adagrad", "Adagrad", []optim.Option{optim.LR(0.1)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := rosen.Start()
			want := descentLoop(t, c.optimizer, rosen.Grad, start, n, c.opts...)
			rec := &pathRecorder{}
			// The parameter starts elsewhere: Minimize's initX is the start.
			m := newMethod(t, c.optimizer, []float64{7, 7}, c.opts...)
			m.GradStopThreshold = math.NaN()
			settings := &optimize.Settings{
				MajorIterations: n + 1, // the start is the first major iteration
				Converger:       optimize.NeverTerminate{},
				Recorder:        rec,
			}
			res, err := optimize.Minimize(optimize.Problem{Func: rosen.Func, Grad: rosen.Grad}, start, settings, m)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != optimize.IterationLimit {
				t.Errorf("status %v, want %v", res.Status, optimize.IterationLimit)
			}
			if len(rec.path) != len(want) {
				t.Fatalf("%d major iterations, the loop has %d points", len(rec.path), len(want))
			}
			for i := range want {
				if !slices.Equal(rec.path[i], want[i]) {
					t.Fatalf("iterate %d: Minimize %v, loop %v", i, rec.path[i], want[i])
				}
			}
			if !slices.Equal(res.X, want[n]) || !slices.Equal(m.Optimizer().Params()[0].Value, want[n]) {
				t.Errorf("Result.X %v, parameter %v, loop's last point %v", res.X, m.Optimizer().Params()[0].Value, want[n])
			}
			if res.FuncEvaluations != n+1 || res.GradEvaluations != n+1 || m.Optimizer().StepCount() != n {
				t.Errorf("%d func, %d grad evaluations, %d steps, want %d, %d, %d",
					res.FuncEvaluations, res.GradEvaluations, m.Optimizer().StepCount(), n+1, n+1, n)
			}
		})
	}
}

// stopAt is a Converger that reports convergence at its at-th call.
type stopAt struct{ at, calls int }

func (c *stopAt) Init(int) { c.calls = 0 }
func (c *stopAt) Converged(*optimize.Location) optimize.Status {
	if c.calls++; c.calls >= c.at {
		return optimize.FunctionConvergence
	}
	return optimize.NotTerminated
}

// TestMethodHonoursSettings checks that gonum's limits stop a Method.
func TestMethodHonoursSettings(t *testing.T) {
	rosen := testfunc.Rosenbrock{}
	p := optimize.Problem{Func: rosen.Func, Grad: rosen.Grad}
	for _, c := range []struct {
		name     string
		settings optimize.Settings
		status   optimize.Status
		evals    int
	}{
		{"FuncEvaluations", optimize.Settings{FuncEvaluations: 17}, optimize.FunctionEvaluationLimit, 17},
		{"GradEvaluations", optimize.Settings{GradEvaluations: 9}, optimize.GradientEvaluationLimit, 9},
		{"GradientThreshold", optimize.Settings{GradientThreshold: 1e3, MajorIterations: 50}, optimize.GradientThreshold, 1},
		{"Converger", optimize.Settings{Converger: &stopAt{at: 7}}, optimize.FunctionConvergence, 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := optimize.Minimize(p, rosen.Start(), &c.settings, newMethod(t, "SGD", rosen.Start(), optim.LR(1e-3)))
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != c.status || res.FuncEvaluations != c.evals {
				t.Errorf("status %v after %d evaluations, want %v after %d", res.Status, res.FuncEvaluations, c.status, c.evals)
			}
		})
	}
	t.Run("Concurrent", func(t *testing.T) {
		// The method asks for one evaluation at a time whatever Concurrent
		// allows: the run is the same as with one task.
		var results []*optimize.Result
		for _, tasks := range []int{1, 4} {
			s := &optimize.Settings{MajorIterations: 40, Concurrent: tasks}
			res, err := optimize.Minimize(p, rosen.Start(), s, newMethod(t, "Adam", rosen.Start(), optim.LR(0.02)))
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, res)
		}
		if !slices.Equal(results[0].X, results[1].X) || results[0].FuncEvaluations != results[1].FuncEvaluations {
			t.Errorf("Concurrent 4: %v after %d evaluations, Concurrent 1: %v after %d",
				results[1].X, results[1].FuncEvaluations, results[0].X, results[0].FuncEvaluations)
		}
		if m := newMethod(t, "SGD", rosen.Start(), optim.LR(1e-3)); m.Init(2, 4) != 1 {
			t.Errorf("Init(2, 4) != 1")
		}
	})
	t.Run("default GradStopThreshold", func(t *testing.T) {
		// With no threshold in Settings, the Method's own default, gonum's
		// 1e-12, ends the run.
		m := newMethod(t, "SGD", rosen.Start(), optim.LR(1e-3), optim.Momentum(0.9))
		res, err := optimize.Minimize(p, rosen.Start(), &optimize.Settings{Converger: optimize.NeverTerminate{}, MajorIterations: 100000}, m)
		if err != nil {
			t.Fatal(err)
		}
		if n := floats.Norm(res.Gradient, math.Inf(1)); res.Status != optimize.GradientThreshold || n >= 1e-12 {
			t.Errorf("status %v with ‖∇f‖∞ = %v, want %v below 1e-12", res.Status, n, optimize.GradientThreshold)
		}
	})
	t.Run("GradStopThreshold", func(t *testing.T) {
		m := newMethod(t, "SGD", rosen.Start(), optim.LR(1e-3))
		m.GradStopThreshold = 1
		res, err := optimize.Minimize(p, rosen.Start(), &optimize.Settings{Converger: optimize.NeverTerminate{}}, m)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != optimize.GradientThreshold || floats.Norm(res.Gradient, math.Inf(1)) >= 1 {
			t.Errorf("status %v with ‖∇f‖∞ = %v, want %v below 1", res.Status, floats.Norm(res.Gradient, math.Inf(1)), optimize.GradientThreshold)
		}
		// One iteration earlier the gradient was not below 1.
		prev := descentLoop(t, "SGD", rosen.Grad, rosen.Start(), res.MajorIterations-2, optim.LR(1e-3))
		g := make([]float64, 2)
		rosen.Grad(g, prev[len(prev)-1])
		if floats.Norm(g, math.Inf(1)) < 1 {
			t.Errorf("the gradient was already below 1 one iteration before the stop")
		}
	})
}

// TestNewMethodErrors checks the optimizers NewMethod refuses.
func TestNewMethodErrors(t *testing.T) {
	vec := func() *tensor.Tensor[float64] { return tensor.FromSlice("v", []float64{1, 2}) }
	two, err := optim.NewSGD([]*tensor.Tensor[float64]{vec(), vec()}, optim.LR(0.1))
	if err != nil {
		t.Fatal(err)
	}
	mat, err := tensor.New("m", []int{2, 2}, []float64{1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	matrix, err := optim.NewSGD([]*tensor.Tensor[float64]{mat}, optim.LR(0.1))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opt  optim.Optimizer[float64]
		want string
	}{
		{"nil", nil, "nil optimizer"},
		{"typed nil", (*optim.SGD[float64])(nil), "nil *optim.SGD"},
		{"two parameters", two, "2 parameters"},
		{"matrix", matrix, "shape [2 2]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := gonumopt.NewMethod(c.opt)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("NewMethod = %v, %v; want an error containing %q", m, err, c.want)
			}
			if m != nil {
				t.Errorf("NewMethod returned a Method with its error")
			}
		})
	}
}

// TestMethodFailures checks the runs a Method ends itself with a Failure
// status and an error.
func TestMethodFailures(t *testing.T) {
	rosen := testfunc.Rosenbrock{}
	p := optimize.Problem{Func: rosen.Func, Grad: rosen.Grad}
	t.Run("dimension", func(t *testing.T) {
		m := newMethod(t, "SGD", []float64{0, 0, 0}, optim.LR(1e-3))
		res, err := optimize.Minimize(p, rosen.Start(), nil, m)
		if err == nil || !strings.Contains(err.Error(), "dimension 2") || res.Status != optimize.Failure {
			t.Fatalf("Minimize: status %v, error %v; want Failure naming dimension 2", res.Status, err)
		}
		if res.FuncEvaluations != 0 {
			t.Errorf("%d evaluations before refusing the dimension", res.FuncEvaluations)
		}
	})
	t.Run("non-finite start", func(t *testing.T) {
		m := newMethod(t, "SGD", []float64{0, 0}, optim.LR(1e-3))
		res, err := optimize.Minimize(p, []float64{math.Inf(1), 0}, nil, m)
		var fe optimize.ErrFunc
		if !errors.As(err, &fe) || res.Status != optimize.Failure {
			t.Fatalf("Minimize: status %v, error %v; want Failure with an ErrFunc", res.Status, err)
		}
		if m.Optimizer().StepCount() != 0 {
			t.Errorf("%d steps from a non-finite start", m.Optimizer().StepCount())
		}
	})
	t.Run("divergence", func(t *testing.T) {
		// With lr = 1 SGD on Rosenbrock leaves the numbers in a few steps:
		// the run stops at the first non-finite value, which Result does
		// not hold.
		m := newMethod(t, "SGD", rosen.Start(), optim.LR(1))
		res, err := optimize.Minimize(p, rosen.Start(), nil, m)
		var fe optimize.ErrFunc
		var ge optimize.ErrGrad
		if !errors.As(err, &fe) && !errors.As(err, &ge) || res.Status != optimize.Failure {
			t.Fatalf("Minimize: status %v, error %v; want Failure with an ErrFunc or ErrGrad", res.Status, err)
		}
		if math.IsInf(res.F, 0) || math.IsNaN(res.F) || !floats.Equal(res.X, res.X) {
			t.Errorf("Result F = %v at %v: not the last finite point", res.F, res.X)
		}
		if res.MajorIterations < 2 {
			t.Errorf("stopped after %d major iterations, want at least the start and one step", res.MajorIterations)
		}
	})
	t.Run("missing gradient", func(t *testing.T) {
		m := newMethod(t, "SGD", rosen.Start(), optim.LR(1e-3))
		if _, err := m.Uses(optimize.Available{}); !errors.Is(err, optimize.ErrMissingGrad) {
			t.Errorf("Uses without a gradient: %v, want %v", err, optimize.ErrMissingGrad)
		}
		if uses, err := m.Uses(optimize.Available{Grad: true, Hess: true}); err != nil || uses != (optimize.Available{Grad: true}) {
			t.Errorf("Uses with a gradient and a Hessian: %v, %v; want the gradient only", uses, err)
		}
	})
	t.Run("zero Method", func(t *testing.T) {
		res, err := optimize.Minimize(p, rosen.Start(), nil, &gonumopt.Method{})
		if err == nil || res.Status != optimize.Failure {
			t.Fatalf("Minimize with a zero Method: status %v, error %v; want Failure", res.Status, err)
		}
	})
}
