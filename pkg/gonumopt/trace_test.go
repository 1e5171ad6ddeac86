package gonumopt_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/descentlab/descent/pkg/gonumopt"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
)

// gonumMethods are gonum's local methods, each new at every call.
func gonumMethods() []optimize.Method {
	return []optimize.Method{
		&optimize.GradientDescent{},
		&optimize.BFGS{},
		&optimize.LBFGS{},
		&optimize.CG{},
		&optimize.Newton{},
		&optimize.NelderMead{},
	}
}

// TestMinimizeGonumMethodsOnTestfunc runs every gonum method on testfunc's
// functions with a minimum, with gonum's default settings, and checks that
// each reaches a known minimum and that the trace is the run's path: the
// start first, Result.X last, one record per major iteration, evaluation
// counts that never decrease and end at Result's.
func TestMinimizeGonumMethodsOnTestfunc(t *testing.T) {
	rosen4, err := testfunc.NewRosenbrockN(4)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []testfunc.Function{testfunc.Rosenbrock{}, testfunc.Beale{}, testfunc.IllConditioned{}, testfunc.Quadratic3D(), rosen4} {
		for _, m := range gonumMethods() {
			name := f.Name() + "/" + strings.TrimPrefix(strings.TrimPrefix(typeString(m), "*"), "optimize.")
			t.Run(name, func(t *testing.T) {
				// gonum's tests of gradient methods (testLocal): no function
				// convergence, stop on the gradient's norm.
				settings := &optimize.Settings{GradientThreshold: 1e-10, Converger: optimize.NeverTerminate{}, MajorIterations: 100000}
				tol := 1e-8
				if _, ok := m.(*optimize.NelderMead); ok {
					// Gradient-free: gonum's tests ask it for function
					// convergence only (1e-12 over 20 iterations).
					settings = &optimize.Settings{Converger: &optimize.FunctionConverge{Absolute: 1e-12, Iterations: 20}}
					tol = 1e-4
				}
				tr, res, err := gonumopt.Minimize(f, nil, settings, m)
				if _, gd := m.(*optimize.GradientDescent); gd && f.Name() == "quadratic-3d" {
					// f* = −4.5: once ‖∇f‖ is near 1e-9, the decrease a step
					// could make is below the rounding of f, and gonum's
					// backtracking (Armijo) line search, which compares
					// values of f, stops with an error before the gradient
					// threshold. The point is still the minimum.
					if err == nil || !strings.Contains(err.Error(), "no change in location") {
						t.Errorf("GradientDescent on %s: error %v, want gonum's line search stalling", f.Name(), err)
					}
					err = nil
				}
				if err != nil {
					t.Fatal(err)
				}
				near := false
				for _, min := range f.Minima() {
					if floats.EqualApprox(min.X, res.X, tol) {
						near = true
					}
				}
				if !near {
					t.Errorf("ended at %v (f = %v, status %v): not within %v of a known minimum", res.X, res.F, res.Status, tol)
				}
				if tr.Len() != res.MajorIterations {
					t.Errorf("trace has %d records, the run %d major iterations", tr.Len(), res.MajorIterations)
				}
				if !slices.Equal(tr.Params(0), f.Start()) || tr.Losses()[0] != f.Func(f.Start()) {
					t.Errorf("first record %v (f = %v), want the start %v", tr.Params(0), tr.Losses()[0], f.Start())
				}
				last := tr.Len() - 1
				if !slices.Equal(tr.Params(last), res.X) || tr.Losses()[last] != res.F {
					t.Errorf("last record %v (f = %v), Result %v (f = %v)", tr.Params(last), tr.Losses()[last], res.X, res.F)
				}
				fe, _ := tr.Extra(gonumopt.ExtraFuncEvaluations)
				he, _ := tr.Extra(gonumopt.ExtraHessEvaluations)
				if !slices.IsSorted(fe) || fe[last] > float64(res.FuncEvaluations) || he[last] > float64(res.HessEvaluations) {
					t.Errorf("evaluation counts %v (Hessian %v), Result %d and %d", fe, he, res.FuncEvaluations, res.HessEvaluations)
				}
				if _, newton := m.(*optimize.Newton); newton != (res.HessEvaluations > 0) {
					t.Errorf("%d Hessian evaluations", res.HessEvaluations)
				}
				sizes, _ := tr.Extra("step_size")
				if !math.IsNaN(sizes[0]) {
					t.Errorf("step size at the start %v, want NaN", sizes[0])
				}
				for i := 1; i < tr.Len(); i++ {
					if d := floats.Distance(tr.Params(i-1), tr.Params(i), 2); sizes[i] != d {
						t.Fatalf("step size %d = %v, distance %v", i, sizes[i], d)
					}
				}
			})
		}
	}
}

func typeString(v any) string { return strings.SplitN(strings.TrimPrefix(typeOf(v), "*"), "[", 2)[0] }

// TestMinimizeMethodTraceMatchesLesson checks a descent optimizer's trace
// through Minimize against its names and steps, and that the trace is named
// after the optimizer.
func TestMinimizeMethodTrace(t *testing.T) {
	f := testfunc.Rosenbrock{}
	m := newMethod(t, "Adam", f.Start(), optim.LR(0.02))
	const n = 50
	tr, res, err := gonumopt.Minimize(f, nil, &optimize.Settings{MajorIterations: n + 1, Converger: optimize.NeverTerminate{}}, m)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Name != "Adam" {
		t.Errorf("trace named %q, want Adam", tr.Name)
	}
	want := descentLoop(t, "Adam", f.Grad, f.Start(), n, optim.LR(0.02))
	if tr.Len() != len(want) || res.Status != optimize.IterationLimit {
		t.Fatalf("%d records, status %v; want %d, %v", tr.Len(), res.Status, len(want), optimize.IterationLimit)
	}
	for i := range want {
		if !slices.Equal(tr.Params(i), want[i]) || tr.Losses()[i] != f.Func(want[i]) {
			t.Fatalf("record %d: %v, f = %v; loop %v", i, tr.Params(i), tr.Losses()[i], want[i])
		}
	}
}

// countRecorder counts the calls of a Recorder.
type countRecorder struct{ inits, records int }

func (r *countRecorder) Init() error { r.inits++; return nil }
func (r *countRecorder) Record(*optimize.Location, optimize.Operation, *optimize.Stats) error {
	r.records++
	return nil
}

// TestMinimizeKeepsSettings checks that the caller's Recorder is still
// called and the caller's Settings not modified.
func TestMinimizeKeepsSettings(t *testing.T) {
	rec := &countRecorder{}
	settings := &optimize.Settings{MajorIterations: 5, Recorder: rec}
	tr, _, err := gonumopt.Minimize(testfunc.Rosenbrock{}, nil, settings, &optimize.BFGS{})
	if err != nil {
		t.Fatal(err)
	}
	if settings.Recorder != optimize.Recorder(rec) {
		t.Errorf("settings.Recorder replaced")
	}
	if rec.inits != 1 || rec.records < tr.Len() {
		t.Errorf("caller's Recorder: %d Init, %d Record calls for %d major iterations", rec.inits, rec.records, tr.Len())
	}
}

// TestMinimizeErrors checks the errors Minimize returns where
// optimize.Minimize would panic.
func TestMinimizeErrors(t *testing.T) {
	f := testfunc.Rosenbrock{}
	for _, c := range []struct {
		name  string
		f     testfunc.Function
		start []float64
		m     optimize.Method
		want  string
	}{
		{"nil function", nil, nil, nil, "nil function"},
		{"start length", f, []float64{1, 2, 3}, nil, "length 2, got 3"},
		{"method needs more", f, nil, needsMore{}, "needs something"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, res, err := gonumopt.Minimize(c.f, c.start, nil, c.m)
			if err == nil || !strings.Contains(err.Error(), c.want) || tr != nil || res != nil {
				t.Fatalf("Minimize = %v, %v, %v; want only an error containing %q", tr, res, err, c.want)
			}
		})
	}
}

// needsMore is a Method whose Uses refuses every problem.
type needsMore struct{ optimize.Method }

func (needsMore) Uses(optimize.Available) (optimize.Available, error) {
	return optimize.Available{}, errors.New("needs something else")
}

// TestProblemDimensionError checks that an evaluation of a Problem at a
// point of the wrong length stops optimize.Minimize with an error.
func TestProblemDimensionError(t *testing.T) {
	p, err := gonumopt.Problem(testfunc.Rosenbrock{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := optimize.Minimize(p, []float64{1, 2, 3}, nil, &optimize.LBFGS{})
	if err == nil || !strings.Contains(err.Error(), "length 2, got 3") || res.Status != optimize.Failure {
		t.Fatalf("Minimize at a point of length 3: status %v, error %v", res.Status, err)
	}
	if _, err := gonumopt.Problem(nil); err == nil {
		t.Errorf("Problem(nil): no error")
	}
}

// TestFDHessian checks the finite-difference Hessian against the analytic
// Hessians of gonum's test functions, and Problem's Hess against both
// routes: a function's own Hessian when it has one.
func TestFDHessian(t *testing.T) {
	for _, c := range []struct {
		name string
		f    interface {
			Grad(grad, x []float64)
			Hess(dst *mat.SymDense, x []float64)
		}
		x []float64
	}{
		{"Beale", functions.Beale{}, []float64{1, 1}},
		{"BrownAndDennis", functions.BrownAndDennis{}, []float64{25, 5, -5, -1}},
		{"PowellBadlyScaled", functions.PowellBadlyScaled{}, []float64{0, 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(c.x)
			want := mat.NewSymDense(n, nil)
			c.f.Hess(want, c.x)
			got := mat.NewSymDense(n, nil)
			gonumopt.FDHessian(got, c.f.Grad, c.x)
			scale := mat.Norm(want, math.Inf(1))
			var diff mat.Dense
			diff.Sub(got, want)
			if e := mat.Norm(&diff, math.Inf(1)) / scale; e > 1e-8 || math.IsNaN(e) {
				t.Errorf("relative error %v of the finite-difference Hessian\n got %v\nwant %v", e, mat.Formatted(got), mat.Formatted(want))
			}
		})
	}
	// testfunc's quadratic has the constant Hessian A.
	q := testfunc.Quadratic3D()
	p, err := gonumopt.Problem(q)
	if err != nil {
		t.Fatal(err)
	}
	h := mat.NewSymDense(3, nil)
	p.Hess(h, []float64{0.3, -2, 5})
	a := mat.NewSymDense(3, []float64{4, 1, 0, 1, 3, 1, 0, 1, 2})
	if !mat.EqualApprox(h, a, 1e-8) {
		t.Errorf("Problem(Quadratic3D).Hess = %v, want A = %v", mat.Formatted(h), mat.Formatted(a))
	}
	// A function with its own Hessian keeps it.
	p, err = gonumopt.Problem(withHess{testfunc.Beale{}})
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{1, 1}
	p.Hess(h.SliceSym(0, 2).(*mat.SymDense), x)
	want := mat.NewSymDense(2, nil)
	functions.Beale{}.Hess(want, x)
	if !mat.Equal(h.SliceSym(0, 2), want) {
		t.Errorf("Problem(f).Hess with f a Hessianer = %v, want f.Hess = %v", mat.Formatted(h.SliceSym(0, 2)), mat.Formatted(want))
	}
}

// withHess is testfunc's Beale function with gonum's analytic Hessian of
// the same function.
type withHess struct{ testfunc.Beale }

func (withHess) Hess(dst *mat.SymDense, x []float64) { functions.Beale{}.Hess(dst, x) }

func typeOf(v any) string { return fmt.Sprintf("%T", v) }
