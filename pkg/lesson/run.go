package lesson

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
)

// Descent is one run of an optimizer of pkg/optim on a function of
// pkg/testfunc: which optimizer, with which options, from where, for how
// many steps. Run performs it. Like torch's, optim's SGD has no default
// learning rate: give it optim.LR.
type Descent struct {
	// Name labels the run in legends.
	// If Name is "", it will be defaulted to Optimizer.
	Name string

	// Optimizer is a torch class name that optim.New knows ("SGD", "Adam", …).
	// If Optimizer is "", it will be defaulted to "SGD".
	Optimizer string

	// Options configure the optimizer (optim.LR, optim.Momentum, …).
	Options []optim.Option

	// Start is the first point.
	// If Start is nil, it will be defaulted to the function's f.Start().
	Start []float64

	// Steps is the number of optimizer steps.
	Steps int

	// Observe, if not nil, is called after every step with the step number
	// (1, 2, …) and the optimizer, to look inside it (optim.State). An error
	// stops the run and is returned.
	Observe func(step int, opt optim.Optimizer[float64]) error
}

// Run performs the descent on f and returns its trace: the start as step
// 0, then the point and loss after each step, with the length of that step
// as the extra plotting.ExtraStepSize. Each step is the training loop of
// pkg/optim: ZeroGrad, the gradient of f into the parameter's Grad, Step.
//
// A run that diverges is a result, not an error: as soon as the loss or a
// coordinate is no longer finite, that point is recorded and the run
// stops early, so the trace's last loss is NaN or ±Inf (plots mark it with
// an ×). A gradient that is no longer finite at a finite point, which
// optim would refuse, is recorded as a last step where nothing moved and
// the loss is +Inf. Use Diverged to ask. Errors are for a run that cannot be made:
// an unknown optimizer, an invalid option, a start of the wrong length.
func (d Descent) Run(f testfunc.Function) (*plotting.Trace, error) {
	if f == nil {
		return nil, errors.New("lesson: Descent.Run: no function")
	}
	name := d.Optimizer
	if name == "" {
		name = "SGD"
	}
	start := d.Start
	if start == nil {
		start = f.Start()
	}
	if len(start) != f.Dim() {
		return nil, fmt.Errorf("lesson: Descent.Run: start has %d coordinates, %s takes %d", len(start), f.Name(), f.Dim())
	}
	if d.Steps < 0 {
		return nil, fmt.Errorf("lesson: Descent.Run: Steps = %d, want ≥ 0", d.Steps)
	}
	x := tensor.FromSlice("x", append([]float64(nil), start...))
	opt, err := optim.New(name, []*tensor.Tensor[float64]{x}, d.Options...)
	if err != nil {
		return nil, fmt.Errorf("lesson: Descent.Run: %w", err)
	}
	label := d.Name
	if label == "" {
		label = name
	}
	tr := plotting.NewTrace(label)
	tr.Grow(d.Steps + 1)
	if err := tr.Record(0, f.Func(x.Value), x.Value, opt.LR()); err != nil {
		return nil, err
	}
	prev := make([]float64, len(x.Value))
	for step := 1; step <= d.Steps; step++ {
		copy(prev, x.Value)
		opt.ZeroGrad()
		f.Grad(x.Grad, x.Value)
		if !finite(x.Grad) {
			// The gradient overflowed at a finite point: optim would refuse
			// the step. The run has diverged; say so with an infinite loss.
			if err := tr.Record(step, math.Inf(1), x.Value, opt.LR()); err != nil {
				return nil, err
			}
			break
		}
		if err := opt.Step(); err != nil {
			return nil, fmt.Errorf("lesson: Descent.Run: step %d: %w", step, err)
		}
		loss := f.Func(x.Value)
		size := plotting.Extra{Name: plotting.ExtraStepSize, Value: distance(prev, x.Value)}
		if err := tr.Record(step, loss, x.Value, opt.LR(), size); err != nil {
			return nil, err
		}
		if d.Observe != nil {
			if err := d.Observe(step, opt); err != nil {
				return nil, err
			}
		}
		if math.IsNaN(loss) || math.IsInf(loss, 0) || !finite(x.Value) {
			break
		}
	}
	return tr, nil
}

// Diverged reports whether the trace ends at a loss or a point that is not
// finite: the run left the numbers (see Descent.Run).
func Diverged(tr *plotting.Trace) bool {
	ls := tr.Losses()
	if len(ls) == 0 {
		return false
	}
	last := ls[len(ls)-1]
	return math.IsNaN(last) || math.IsInf(last, 0) || !finite(tr.Params(tr.Len()-1))
}

// StepsBelow returns the first step at which the trace's loss is below
// level, or -1 if it never is.
func StepsBelow(tr *plotting.Trace, level float64) int {
	steps := tr.Steps()
	for i, l := range tr.Losses() {
		if l < level {
			return int(steps[i])
		}
	}
	return -1
}

func finite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// distance returns the Euclidean distance between a and b.
func distance(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}
