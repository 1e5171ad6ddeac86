package reference

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/optim/swa"
	"github.com/descentlab/descent/pkg/tensor"
)

// TolLBFGS is the float64 tolerance of LBFGS runs (reference-more's
// README): a one-ulp change of every gradient moves them by up to 7e-13.
const TolLBFGS = 1e-10

// RunTolerance returns the tolerance of the run's parameters, losses and
// averages: [Tolerance] of its dtype, except [TolLBFGS] for LBFGS in
// float64.
func RunTolerance(r *Run) (float64, error) {
	tol, err := Tolerance(r.Dtype)
	if err == nil && r.Optimizer == "LBFGS" && r.Dtype == "float64" {
		tol = TolLBFGS
	}
	return tol, err
}

// FullModeOnly reports whether the run can only be replayed in full mode,
// computing the loss and gradient at every closure call: LBFGS runs, which
// record no gradients.
func (r *Run) FullModeOnly() bool { return r.GradsAtStep == nil }

// ClosureStepper is an optimizer whose step evaluates the loss and gradient
// itself, as many times as it needs, by calling closure (LBFGS). The
// closure computes the loss at the current parameters, writes the gradient
// into their Grad and returns the loss; the step returns the loss of the
// first call, torch's opt.step(closure).
type ClosureStepper interface {
	StepClosure(closure func() (float64, error)) (float64, error)
}

// Protocol is what a harness does around the optimizer of one run, beyond
// the plain loop of ../shared/reference/README.md: the scheduler built
// right after the optimizer and stepped after each of its steps, the LBFGS
// closure protocol, SWA's averaged model (and SWALR), and the recording of
// every field a run may hold besides the parameters and losses: lr_per_step,
// momentum_per_step, averaged_after_step (ASGD's ax), evals_at_step and
// swa_params_after_step. Compare checks them against the run. Both parity
// harnesses (pkg/optim and internal/integration) drive their runs through
// it, so they cannot disagree on a protocol.
type Protocol[T tensor.Float] struct {
	run    *Run
	opt    optim.Optimizer[T]
	params []*tensor.Tensor[T] // in param_layout order
	sched  func(metric float64) error
	avg    *swa.Averaged[T]
	swaLR  schedule.Scheduler

	lr, momentum, averaged, swaParams [][]float64
	evals                             []int
}

// NewProtocol prepares run on opt, whose parameters params are in the
// file's param_layout order: it builds the run's scheduler, averaged model
// and SWALR, in torch's order. A field the optimizer cannot produce (a
// momentum without MomentumGroups, evaluation counts without a closure
// step) is an error.
func NewProtocol[T tensor.Float](run *Run, opt optim.Optimizer[T], params []*tensor.Tensor[T]) (*Protocol[T], error) {
	p := &Protocol[T]{run: run, opt: opt, params: params}
	if run.Scheduler != nil {
		var err error
		if p.sched, err = run.Scheduler.Build(opt); err != nil {
			return nil, err
		}
	}
	if run.MomentumPerStep != nil {
		if _, ok := opt.(optim.MomentumGroups); !ok {
			return nil, fmt.Errorf("momentum_per_step: %s has no momentum factor", run.Optimizer)
		}
	}
	if _, ok := opt.(ClosureStepper); run.FullModeOnly() && !ok {
		return nil, fmt.Errorf("%s records no gradients, and its optimizer takes no closure", run.Optimizer)
	}
	if run.SWA != nil {
		var err error
		if p.avg, err = newAverage(run.SWA.Avg, params); err != nil {
			return nil, err
		}
		if run.SWA.SWALR != nil {
			if p.swaLR, err = schedule.FromTorch(opt, "SWALR", run.SWA.SWALR); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// newAverage builds the averaged model a run's swa.avg names: "swa" for
// torch's running mean, "ema<decay>" for an exponential moving average.
func newAverage[T tensor.Float](avg string, params []*tensor.Tensor[T]) (*swa.Averaged[T], error) {
	if avg == "swa" {
		return swa.New(params)
	}
	if d, ok := strings.CutPrefix(avg, "ema"); ok {
		decay, err := strconv.ParseFloat(d, 64)
		if err != nil {
			return nil, fmt.Errorf("swa avg %q: the decay is not a number", avg)
		}
		return swa.NewEMA(params, decay)
	}
	return nil, fmt.Errorf("swa avg %q is unknown: want \"swa\" or \"ema<decay>\"", avg)
}

// Before records what step k starts with: the learning rate of every group
// and, for a run that records it, the momentum factor.
func (p *Protocol[T]) Before(k int) {
	lrs := make([]float64, p.opt.NumGroups())
	for g := range lrs {
		lrs[g] = p.opt.GroupLR(g)
	}
	p.lr = append(p.lr, lrs)
	if p.run.MomentumPerStep != nil {
		mg := p.opt.(optim.MomentumGroups)
		ms := make([]float64, len(p.run.MomentumPerStep[k]))
		for g := range ms {
			ms[g] = mg.GroupMomentum(g)
		}
		p.momentum = append(p.momentum, ms)
	}
}

// Step takes optimizer step k. lossGrad computes the loss at the current
// parameters and writes the gradient into their Grad (after zeroing it);
// a plain optimizer calls it once and steps, a closure optimizer (LBFGS)
// calls it as often as it needs, which is counted. It returns the loss at
// the parameters the step started from.
func (p *Protocol[T]) Step(k int, lossGrad func() (float64, error)) (float64, error) {
	if cs, ok := p.opt.(ClosureStepper); ok && p.run.FullModeOnly() {
		calls := 0
		loss, err := cs.StepClosure(func() (float64, error) {
			calls++
			return lossGrad()
		})
		p.evals = append(p.evals, calls)
		return loss, err
	}
	loss, err := lossGrad()
	if err != nil {
		return 0, err
	}
	return loss, p.opt.Step()
}

// After does what follows optimizer step k: the scheduler's step (metric is
// the step's loss, for ReduceLROnPlateau), ASGD's average for a run that
// records it, and from swa.start on the averaged model's update, its
// record and SWALR's step.
func (p *Protocol[T]) After(k int, metric float64) error {
	if p.sched != nil {
		if err := p.sched(metric); err != nil {
			return fmt.Errorf("scheduler: %w", err)
		}
	}
	if p.run.AveragedAfterStep != nil {
		var row []float64
		for i := range p.params {
			st, err := optim.State(p.opt, i)
			if err != nil {
				return err
			}
			ax, ok := st["ax"]
			if !ok {
				return fmt.Errorf("averaged_after_step: %s keeps no state \"ax\"", p.run.Optimizer)
			}
			for _, v := range ax {
				row = append(row, float64(v))
			}
		}
		p.averaged = append(p.averaged, row)
	}
	if p.avg != nil && k >= p.run.SWA.Start {
		if err := p.avg.Update(); err != nil {
			return err
		}
		p.swaParams = append(p.swaParams, Flatten(p.avg.Params()))
		if p.swaLR != nil {
			if err := p.swaLR.Step(); err != nil {
				return fmt.Errorf("SWALR: %w", err)
			}
		}
	}
	return nil
}

// field is one recorded field of a run beside the parameters and losses.
type field struct {
	Name     string
	Ref, Got [][]float64
	Rate     bool // a learning rate or momentum, computed in float64
}

// fields returns the fields the run records and the protocol recorded.
func (p *Protocol[T]) fields() []field {
	var fs []field
	for _, f := range []field{
		{"lr_per_step", p.run.LRPerStep, p.lr, true},
		{"momentum_per_step", p.run.MomentumPerStep, p.momentum, true},
		{"averaged_after_step", p.run.AveragedAfterStep, p.averaged, false},
		{"swa_params_after_step", p.run.SWAParamsAfterStep, p.swaParams, false},
	} {
		if f.Ref != nil {
			fs = append(fs, f)
		}
	}
	return fs
}

// checkEvals compares the closure calls of each step with evals_at_step.
func (p *Protocol[T]) checkEvals() error {
	if p.run.EvalsAtStep == nil {
		return nil
	}
	if len(p.evals) != len(p.run.EvalsAtStep) {
		return fmt.Errorf("evals_at_step: %d steps, want %d", len(p.evals), len(p.run.EvalsAtStep))
	}
	for k, e := range p.run.EvalsAtStep {
		if p.evals[k] != e {
			return fmt.Errorf("evals_at_step: step %d called the closure %d times, torch %d", k, p.evals[k], e)
		}
	}
	return nil
}

// Errors returns the largest error ([MaxErr]) of every field the run
// records beside its parameters and losses, by JSON name, leaving the
// tolerance to the caller: [Tol64] for "lr_per_step" and
// "momentum_per_step" (computed in float64), [RunTolerance] for
// "averaged_after_step" and "swa_params_after_step". Evaluation counts must
// agree exactly; a difference, or a field of the wrong length, is an error.
func (p *Protocol[T]) Errors() (map[string]Worst, error) {
	out := map[string]Worst{}
	for _, f := range p.fields() {
		w, err := MaxErr(f.Ref, f.Got, Floor)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Name, err)
		}
		out[f.Name] = w
	}
	return out, p.checkEvals()
}

// Compare checks what the protocol recorded against the run: learning
// rates and momenta within [Tol64], or bit for bit if exactRates; ASGD's
// and SWA's averages within [RunTolerance], or bit for bit in the run's
// dtype if exactValues; evaluation counts exactly. It returns the largest
// error as a multiple of its tolerance (0 for what must agree exactly).
func (p *Protocol[T]) Compare(exactRates, exactValues bool) (float64, error) {
	tol, err := RunTolerance(p.run)
	if err != nil {
		return 0, err
	}
	var ratio float64
	for _, f := range p.fields() {
		exact, limit := exactValues, tol
		if f.Rate {
			exact, limit = exactRates, Tol64
		}
		if exact {
			if f.Rate {
				err = Bitwise[float64](f.Name, f.Ref, f.Got)
			} else {
				err = Bitwise[T](f.Name, f.Ref, f.Got)
			}
			if err != nil {
				return 0, err
			}
			continue
		}
		w, err := MaxErr(f.Ref, f.Got, Floor)
		if err != nil {
			return 0, fmt.Errorf("%s: %v", f.Name, err)
		}
		if w.Err > limit {
			return w.Err / limit, fmt.Errorf("%s: %v > %g", f.Name, w, limit)
		}
		ratio = max(ratio, w.Err/limit)
	}
	return ratio, p.checkEvals()
}

// Bitwise requires got to equal ref exactly once both are rounded to T (the
// reference holds exact T values widened to float64): what nofma runs
// promise.
func Bitwise[T tensor.Float](what string, ref, got [][]float64) error {
	if len(ref) != len(got) {
		return fmt.Errorf("%s: %d steps, want %d", what, len(got), len(ref))
	}
	for k := range ref {
		if len(ref[k]) != len(got[k]) {
			return fmt.Errorf("%s: step %d: %d values, want %d", what, k, len(got[k]), len(ref[k]))
		}
		for i, a := range ref[k] {
			if T(a) != T(got[k][i]) {
				return fmt.Errorf("%s: step %d element %d: got %v, want %v bit for bit (nofma run)", what, k, i, got[k][i], a)
			}
		}
	}
	return nil
}
