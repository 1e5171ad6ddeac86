package gonumopt

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

var (
	_ optimize.Method   = (*Method)(nil)
	_ optimize.Statuser = (*Method)(nil)
)

// defaultGradStopThreshold is gonum's default for its methods'
// GradStopThreshold.
const defaultGradStopThreshold = 1e-12

// Method is a descent optimizer run as a gonum optimize.Method. Each of its
// iterations is one step of the optimizer: it asks optimize.Minimize for
// the function value and the gradient at the current point
// (FuncEvaluation|GradEvaluation), writes the gradient into the
// parameter's Grad, calls the optimizer's Step and reports the new point as
// a MajorIteration, where Minimize checks its Settings and Converger.
//
// Minimize starts the run from its initX, which Run copies into the
// optimizer's parameter; when Minimize returns, the parameter holds the
// last point reached (Result.X is the last point reported as a major
// iteration). The optimizer's state (momentum buffers, moments, step count)
// lives on from one Minimize call to the next, as it does from one training
// loop to the next: give each run a new optimizer to start afresh.
//
// A Method is not safe for concurrent use: it runs one Minimize call at a
// time, and nothing else may use its optimizer meanwhile. It asks for one
// evaluation at a time, whatever Settings.Concurrent allows.
type Method struct {
	// GradStopThreshold stops the run with status
	// optimize.GradientThreshold when the infinity norm of the gradient at
	// a major iteration is below it, as it does for gonum's methods.
	// If GradStopThreshold is 0, it is defaulted to 1e-12.
	// If GradStopThreshold is NaN, the check is off.
	GradStopThreshold float64

	opt  optim.Optimizer[float64]
	x    *tensor.Tensor[float64]
	name string

	dim    int             // the dimension Minimize gave Init
	status optimize.Status // the status Status reports after MethodDone
	err    error
}

// NewMethod returns opt as a gonum Method. opt must be an optimizer of
// pkg/optim over exactly one parameter, a vector (a tensor of rank 1); a
// nil optimizer or any other list of parameters is an error. The
// optimizer's Step must work on its own: optim.LBFGS, which only steps with
// a closure, fails at its first step with the optimizer's error.
func NewMethod(opt optim.Optimizer[float64]) (*Method, error) {
	if opt == nil {
		return nil, errors.New("gonumopt: NewMethod: nil optimizer")
	}
	if v := reflect.ValueOf(opt); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, fmt.Errorf("gonumopt: NewMethod: nil %T", opt)
	}
	params := opt.Params()
	if len(params) != 1 {
		return nil, fmt.Errorf("gonumopt: NewMethod: the optimizer has %d parameters, want one vector", len(params))
	}
	x := params[0]
	if x == nil {
		return nil, errors.New("gonumopt: NewMethod: the optimizer's parameter is nil")
	}
	if len(x.Shape) != 1 {
		return nil, fmt.Errorf("gonumopt: NewMethod: parameter %q has shape %v, want a vector", x.Name, x.Shape)
	}
	if err := x.Check(); err != nil {
		return nil, fmt.Errorf("gonumopt: NewMethod: %w", err)
	}
	return &Method{opt: opt, x: x, name: typeName(opt)}, nil
}

// Optimizer returns the wrapped optimizer.
func (m *Method) Optimizer() optim.Optimizer[float64] { return m.opt }

// Uses reports that the method needs the gradient: a Problem without Grad
// is optimize.ErrMissingGrad.
func (m *Method) Uses(has optimize.Available) (optimize.Available, error) {
	if !has.Grad {
		return optimize.Available{}, optimize.ErrMissingGrad
	}
	return optimize.Available{Grad: true}, nil
}

// Init prepares a run of dimension dim and returns 1: the method performs
// one evaluation at a time.
func (m *Method) Init(dim, tasks int) int {
	m.dim = dim
	m.status = optimize.NotTerminated
	m.err = nil
	return 1
}

// Status reports why the method ended a run itself: optimize.GradientThreshold
// when the gradient fell below GradStopThreshold, optimize.Failure with an
// error when the run could not go on (a dimension other than the
// parameter's, a function value or gradient that is not finite, an error
// of the optimizer's Step), and optimize.NotTerminated otherwise.
func (m *Method) Status() (optimize.Status, error) { return m.status, m.err }

// Run performs the optimization, following the protocol of optimize.Method:
// it evaluates what is not known at the start, reports the start as the
// first major iteration, then steps until Minimize sends PostIteration or
// the method stops (see Status). It reads result until Minimize closes it,
// then closes operation.
func (m *Method) Run(operation chan<- optimize.Task, result <-chan optimize.Task, tasks []optimize.Task) {
	defer close(operation)
	defer drain(result)

	task := tasks[0]
	if m.x == nil {
		m.stop(operation, result, task, optimize.Failure, errors.New("gonumopt: Method not made by NewMethod"))
		return
	}
	if m.dim != len(m.x.Value) || len(task.X) != len(m.x.Value) {
		m.stop(operation, result, task, optimize.Failure,
			fmt.Errorf("gonumopt: %s: the problem has dimension %d, the parameter %q has %d elements", m.name, m.dim, m.x.Name, len(m.x.Value)))
		return
	}
	copy(m.x.Value, task.X)

	// Evaluate what Settings.InitValues did not give.
	var op optimize.Operation
	if task.Op&optimize.FuncEvaluation == 0 {
		op |= optimize.FuncEvaluation
	}
	if task.Op&optimize.GradEvaluation == 0 {
		op |= optimize.GradEvaluation
	}
	if op != optimize.NoOperation {
		task.Op = op
		operation <- task
		if task = <-result; task.Op == optimize.PostIteration {
			return
		}
	}
	thresh := m.GradStopThreshold
	if thresh == 0 {
		thresh = defaultGradStopThreshold
	}

	// task.Op has GradEvaluation set: the loop first checks the start.
	task.Op = optimize.FuncEvaluation | optimize.GradEvaluation
	for {
		if task.Op&optimize.GradEvaluation != 0 {
			// An evaluation came back: the new point becomes a major
			// iteration if it is finite.
			if err := checkFinite(task.Location); err != nil {
				m.stop(operation, result, task, optimize.Failure, fmt.Errorf("gonumopt: %s: after step %d: %w", m.name, m.opt.StepCount(), err))
				return
			}
			task.Op = optimize.MajorIteration
		} else {
			// A major iteration came back: check the gradient, then step.
			if !math.IsNaN(thresh) && floats.Norm(task.Gradient, math.Inf(1)) < thresh {
				m.stop(operation, result, task, optimize.GradientThreshold, nil)
				return
			}
			m.opt.ZeroGrad()
			copy(m.x.Grad, task.Gradient)
			if err := m.opt.Step(); err != nil {
				m.stop(operation, result, task, optimize.Failure, fmt.Errorf("gonumopt: %s: step %d: %w", m.name, m.opt.StepCount()+1, err))
				return
			}
			copy(task.X, m.x.Value)
			task.Op = optimize.FuncEvaluation | optimize.GradEvaluation
		}
		operation <- task
		if task = <-result; task.Op == optimize.PostIteration {
			return
		}
	}
}

// stop ends the run from the method's side: it records the status and
// sends MethodDone, after which Minimize sends PostIteration and calls
// Status.
func (m *Method) stop(operation chan<- optimize.Task, result <-chan optimize.Task, task optimize.Task, status optimize.Status, err error) {
	m.status, m.err = status, err
	task.Op = optimize.MethodDone
	operation <- task
}

// drain reads result until Minimize closes it, as Method.Run must before
// it closes operation.
func drain(result <-chan optimize.Task) {
	for range result {
	}
}

// checkFinite returns gonum's error for a function value or gradient that is
// not finite.
func checkFinite(loc *optimize.Location) error {
	if math.IsNaN(loc.F) || math.IsInf(loc.F, 0) {
		return optimize.ErrFunc(loc.F)
	}
	for i, g := range loc.Gradient {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			return optimize.ErrGrad{Grad: g, Index: i}
		}
	}
	return nil
}

// typeName is the name of v's type without package or type arguments:
// "SGD" for *optim.SGD[float64], "LBFGS" for *optimize.LBFGS.
func typeName(v any) string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name, _, _ := strings.Cut(t.Name(), "[")
	return name
}
