package schedule

import (
	"fmt"
	"math"
	"reflect"

	"github.com/descentlab/descent/pkg/optim"
)

// Scheduler changes the learning rates of an optimizer's parameter groups,
// once per Step, as the schedulers of torch.optim.lr_scheduler.
//
// No scheduler of this package is safe for concurrent use: a scheduler and
// the optimizer it drives belong to one goroutine at a time (the training
// loop's), as the optimizer does; Step reads and sets the optimizer's rates.
type Scheduler interface {
	// Step advances the schedule by one step and sets the optimizer's
	// learning rates for the next optimizer step. Call it after the
	// optimizer's Step. An error (a learning rate that would leave
	// [0, inf), a OneCycleLR stepped past its total) changes nothing.
	Step() error
	// LR returns the learning rate the last Step (or the constructor) gave
	// group 0, torch's get_last_lr()[0].
	LR() float64
	// GroupLR returns the learning rate the last Step gave group g; it
	// panics if g is out of range.
	GroupLR(g int) float64

	optim.Stateful
}

// core is the state and step of torch's _LRScheduler, which StepLR,
// MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR and OneCycleLR
// share: the epoch counter, the base learning rates, and the learning rates
// of the last step.
type core struct {
	name      string
	opt       optim.LRGroups
	rule      rule
	baseLRs   []float64
	lastLRs   []float64
	lastEpoch int
	next      []float64 // scratch: the learning rates of the step being taken
	mom, prev []float64 // scratch of OneCycleLR: the momenta being set and those before
}

// rule is a scheduler's formula.
type rule interface {
	// lr returns group g's learning rate at epoch lastEpoch: torch's
	// chainable get_lr from its current learning rate cur, or, if closed,
	// its _get_closed_form_lr where the scheduler has one (torch uses it for
	// step(epoch), which SequentialLR calls at its milestones).
	lr(g int, cur float64, closed bool) float64
}

// newCore attaches a scheduler named name to opt. Its base learning rates
// are opt's current ones; the caller then performs the initial step.
func newCore(name string, opt optim.LRGroups) (core, error) {
	if err := checkOptimizer(name, opt); err != nil {
		return core{}, err
	}
	n := opt.NumGroups()
	c := core{name: name, opt: opt, lastEpoch: -1,
		baseLRs: make([]float64, n), lastLRs: make([]float64, n), next: make([]float64, n)}
	for g := range n {
		c.baseLRs[g] = opt.GroupLR(g)
	}
	copy(c.lastLRs, c.baseLRs)
	return c, nil
}

// Step advances the schedule by one step; see Scheduler.
func (c *core) Step() error { return c.stepTo(c.lastEpoch+1, false) }

// LR returns the learning rate the last step gave group 0.
func (c *core) LR() float64 { return c.lastLRs[0] }

// GroupLR returns the learning rate the last step gave group g.
func (c *core) GroupLR(g int) float64 { return c.lastLRs[g] }

func (c *core) base() *core { return c }

// restart is torch's step(0), which SequentialLR performs at a milestone:
// back to epoch 0 with the closed form where the scheduler has one.
func (c *core) restart() error { return c.stepTo(0, true) }

// epochChecker is implemented by rules that refuse some epochs.
type epochChecker interface{ checkEpoch(epoch int) error }

// momentumRule is implemented by rules that also set the momentum factor.
type momentumRule interface {
	momentum(g int) float64
}

// stepTo moves to epoch and sets the learning rates (and momenta) of that
// epoch, all of them or, with an error, none.
func (c *core) stepTo(epoch int, closed bool) error {
	if ec, ok := c.rule.(epochChecker); ok {
		if err := ec.checkEpoch(epoch); err != nil {
			return err
		}
	}
	prevEpoch := c.lastEpoch
	c.lastEpoch = epoch
	for g := range c.next {
		c.next[g] = c.rule.lr(g, c.opt.GroupLR(g), closed)
		if lr := c.next[g]; !(lr >= 0 && lr <= math.MaxFloat64) {
			c.lastEpoch = prevEpoch
			return fmt.Errorf("schedule: %s: step %d would set the learning rate of group %d to %v, outside [0, inf)", c.name, epoch, g, lr)
		}
	}
	mr, setsMomentum := c.rule.(momentumRule)
	if setsMomentum && c.mom != nil {
		mg := c.opt.(optim.MomentumGroups)
		for g := range c.mom {
			c.mom[g] = mr.momentum(g)
			c.prev[g] = mg.GroupMomentum(g)
		}
		for g := range c.mom {
			if err := mg.SetGroupMomentum(g, c.mom[g]); err != nil {
				for h := range g {
					_ = mg.SetGroupMomentum(h, c.prev[h])
				}
				c.lastEpoch = prevEpoch
				return fmt.Errorf("schedule: %s: step %d: %w", c.name, epoch, err)
			}
		}
	}
	for g, lr := range c.next {
		if err := c.opt.SetGroupLR(g, lr); err != nil { // cannot fail: lr was checked
			panic(fmt.Sprintf("schedule: %s: %v", c.name, err))
		}
	}
	copy(c.lastLRs, c.next)
	return nil
}

// chainable is a scheduler that SequentialLR and ChainedScheduler can drive:
// every scheduler of this package except ReduceLROnPlateau, SequentialLR
// and ChainedScheduler.
type chainable interface {
	Scheduler
	base() *core
	restart() error
}

var (
	_ chainable = (*StepLR)(nil)
	_ chainable = (*MultiStepLR)(nil)
	_ chainable = (*ExponentialLR)(nil)
	_ chainable = (*CosineAnnealingLR)(nil)
	_ chainable = (*LinearLR)(nil)
	_ chainable = (*OneCycleLR)(nil)
	_ chainable = (*ConstantLR)(nil)
	_ chainable = (*LambdaLR)(nil)
	_ chainable = (*MultiplicativeLR)(nil)
	_ chainable = (*PolynomialLR)(nil)
	_ chainable = (*CyclicLR)(nil)
	_ chainable = (*CosineAnnealingWarmRestarts)(nil)
	_ chainable = (*SWALR)(nil)
	_ chainable = (*Custom)(nil)
	_ undoer    = (*CosineAnnealingWarmRestarts)(nil)
	_ undoer    = (*SWALR)(nil)
	_ Scheduler = (*SequentialLR)(nil)
	_ Scheduler = (*ChainedScheduler)(nil)
)

// checkOptimizer returns an error if opt is nil, a typed nil (a nil
// *optim.SGD, say, in the interface) or an optimizer without parameter
// groups (a zero value, not built by a constructor of package optim).
func checkOptimizer(name string, opt optim.LRGroups) error {
	if opt == nil {
		return fmt.Errorf("schedule: %s: the optimizer is nil", name)
	}
	if isNil(opt) {
		return fmt.Errorf("schedule: %s: the optimizer is a nil %T", name, opt)
	}
	if n := opt.NumGroups(); n < 1 {
		return fmt.Errorf("schedule: %s: the optimizer (%T) has no parameter groups: build it with a constructor of package optim", name, opt)
	}
	return nil
}

// isNil reports whether x is nil or holds a nil pointer, map, slice,
// function or channel.
func isNil(x any) bool {
	if x == nil {
		return true
	}
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// checkNonNegative returns an error unless x is a finite number >= 0.
func checkNonNegative(sched, name string, x float64) error {
	if !(x >= 0 && x <= math.MaxFloat64) {
		return fmt.Errorf("schedule: %s: %s = %v is outside [0, inf)", sched, name, x)
	}
	return nil
}

// maxEpochs bounds the integer settings (step counts, iterations) of the
// schedulers, as their checkpoints do.
const maxEpochs = math.MaxInt32

// initial performs a new scheduler's initial step, torch's epoch 0, and
// returns the scheduler, or nil and the error; a failed step changes nothing.
func initial[S interface{ Step() error }](s S) (S, error) {
	if err := s.Step(); err != nil {
		var none S
		return none, err
	}
	return s, nil
}
