package gonumopt

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"

	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
)

// Names of the extras that Minimize records (plotting.ComparePlot labels
// its x axis with them) with each point of a trace,
// beside plotting.ExtraStepSize: the evaluations of f, ∇f and ∇²f made
// since the start, so that runs can be compared by their work, not only by
// their iterations (a line search evaluates several times per iteration).
const (
	ExtraFuncEvaluations = "evaluations of f"
	ExtraGradEvaluations = "evaluations of the gradient"
	ExtraHessEvaluations = "evaluations of the Hessian"
)

// Minimize runs optimize.Minimize on f (through [Problem]) from start with
// the given settings and method, and records the run as a trace: one record
// per major iteration, the start as step 0, with the point, f there, a
// learning rate of NaN (gonum's methods have none), the length of the step
// from the previous point (plotting.ExtraStepSize, NaN at the start) and the evaluations so
// far (ExtraFuncEvaluations, ExtraGradEvaluations, ExtraHessEvaluations).
// The trace is named after the method's type ("LBFGS", "NelderMead"; for a
// [Method], its optimizer's: "Adam").
//
// A nil start is f.Start(); a nil settings is gonum's defaults; a nil
// method is Minimize's choice (LBFGS, as f has a gradient). A Recorder in
// settings is called as well, after the trace's. The caller's settings are
// not modified.
//
// Errors are returned, not panics, for what Minimize would panic on: a nil
// function, a start of the wrong length, a method that cannot use the
// problem (optimize.Method.Uses). The error of Minimize itself (a method's
// failure, a Recorder's error) is returned with the trace and result so
// far.
func Minimize(f testfunc.Function, start []float64, settings *optimize.Settings, method optimize.Method) (*plotting.Trace, *optimize.Result, error) {
	if f == nil {
		return nil, nil, errors.New("gonumopt: Minimize: nil function")
	}
	if start == nil {
		start = f.Start()
	}
	if err := testfunc.CheckDim(f, start, nil); err != nil {
		return nil, nil, fmt.Errorf("gonumopt: Minimize: start: %w", err)
	}
	p, err := Problem(f)
	if err != nil {
		return nil, nil, err
	}
	if method == nil {
		method = &optimize.LBFGS{}
	}
	if _, err := method.Uses(optimize.Available{Grad: true, Hess: true}); err != nil {
		return nil, nil, fmt.Errorf("gonumopt: Minimize: %s: %w", typeName(method), err)
	}
	var s optimize.Settings
	if settings != nil {
		s = *settings
	}
	name := typeName(method)
	if m, ok := method.(*Method); ok && m.name != "" {
		name = m.name
	}
	rec := &traceRecorder{trace: plotting.NewTrace(name), next: s.Recorder}
	s.Recorder = rec
	res, err := optimize.Minimize(p, start, &s, method)
	return rec.trace, res, err
}

// traceRecorder is an optimize.Recorder that records major iterations in a
// trace, then passes every call on to next.
type traceRecorder struct {
	trace *plotting.Trace
	prev  []float64 // the previous major iteration's point
	next  optimize.Recorder
}

func (r *traceRecorder) Init() error {
	if r.next != nil {
		return r.next.Init()
	}
	return nil
}

func (r *traceRecorder) Record(loc *optimize.Location, op optimize.Operation, stats *optimize.Stats) error {
	// Minimize does not call the Recorder at the major iteration that ends
	// the run (by a limit or the Converger); PostIteration then brings it.
	if op == optimize.MajorIteration || op == optimize.PostIteration && r.trace.Len() < stats.MajorIterations {
		step := r.trace.Len()
		size := math.NaN() // no step yet, as in lesson.Descent's traces
		if r.prev == nil {
			r.prev = make([]float64, len(loc.X))
		} else {
			size = floats.Distance(r.prev, loc.X, 2)
		}
		copy(r.prev, loc.X)
		extras := []plotting.Extra{
			{Name: plotting.ExtraStepSize, Value: size},
			{Name: ExtraFuncEvaluations, Value: float64(stats.FuncEvaluations)},
			{Name: ExtraGradEvaluations, Value: float64(stats.GradEvaluations)},
			{Name: ExtraHessEvaluations, Value: float64(stats.HessEvaluations)},
		}
		if err := r.trace.Record(step, loc.F, loc.X, math.NaN(), extras...); err != nil {
			return err
		}
	}
	if r.next != nil {
		return r.next.Record(loc, op, stats)
	}
	return nil
}
