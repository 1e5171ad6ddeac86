package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// SWALR anneals the learning rate of every group to a constant swa_lr over
// anneal_epochs steps, for stochastic weight averaging (see package swa), as
// torch.optim.swa_utils.SWALR. Its constructor leaves the learning rates as
// they are; then, with s the number of Steps taken and E = anneal_epochs,
// in torch 1.13's recursive form:
//
//	t = clip(s/E, 0, 1), pt = clip((s-1)/E, 0, 1), α(t) = (1 - cos(πt))/2 (cos) or t (linear)
//	prev = swa_lr if α(pt) == 1, else (lr - α(pt)*swa_lr) / (1 - α(pt))
//	lr = swa_lr*α(t) + prev*(1 - α(t))
//
// with a correctly rounded cosine. It is not safe for concurrent use, and
// neither is the optimizer it sets while it steps.
type SWALR struct {
	core
	swaLR  float64
	epochs int
	linear bool
	// steps is torch's _step_count: the steps taken, the constructor's
	// included. Unlike the epoch, SequentialLR does not wind it back, and
	// its restart at a milestone counts as a step, as in torch.
	steps, savedSteps int
}

// SWALROption sets one of SWALR's keyword arguments.
// An option is a value: it may be shared and used from several goroutines.
type SWALROption struct{ set func(*swalrConfig) }

type swalrConfig struct {
	epochs   int
	strategy string
}

// AnnealEpochs sets the number of steps of the annealing, torch's
// anneal_epochs (>= 0); default 10.
func AnnealEpochs(n int) SWALROption { return SWALROption{func(c *swalrConfig) { c.epochs = n }} }

// AnnealStrategy sets the shape of the annealing, torch's anneal_strategy:
// "cos" (the default) or "linear".
func AnnealStrategy(strategy string) SWALROption {
	return SWALROption{func(c *swalrConfig) { c.strategy = strategy }}
}

// NewSWALR attaches a SWALR annealing to swaLR (every group) to opt and
// performs torch's initial step. swaLR must be in [0, inf).
func NewSWALR(opt optim.LRGroups, swaLR float64, opts ...SWALROption) (*SWALR, error) {
	const name = "SWALR"
	cfg := swalrConfig{epochs: 10, strategy: "cos"}
	for _, o := range opts {
		if o.set != nil {
			o.set(&cfg)
		}
	}
	if cfg.strategy != "cos" && cfg.strategy != "linear" {
		return nil, fmt.Errorf("schedule: %s: anneal_strategy %q is unknown: use \"cos\" or \"linear\"", name, cfg.strategy)
	}
	if err := checkSWALR(swaLR, int64(cfg.epochs)); err != nil {
		return nil, err
	}
	c, err := newCore(name, opt)
	if err != nil {
		return nil, err
	}
	s := &SWALR{core: c, swaLR: swaLR, epochs: cfg.epochs, linear: cfg.strategy == "linear"}
	s.rule = s
	return initial(s)
}

func checkSWALR(swaLR float64, epochs int64) error {
	if epochs < 0 || epochs > maxEpochs {
		return fmt.Errorf("schedule: SWALR: anneal_epochs = %d is outside [0, %d]", epochs, maxEpochs)
	}
	return checkNonNegative("SWALR", "swa_lr", swaLR)
}

// alpha is the annealing function at t.
func (s *SWALR) alpha(t float64) float64 {
	if s.linear {
		return t
	}
	return (1 - xmath.Cos(math.Pi*t)) / 2
}

// Step advances the annealing by one step; see Scheduler.
func (s *SWALR) Step() error { return s.counted(s.core.Step) }

// restart is torch's step(0) at a SequentialLR milestone, which SWALR
// counts as one more step.
func (s *SWALR) restart() error { return s.counted(s.core.restart) }

// initialStep is torch's _initial_step, which SequentialLR performs on its
// first scheduler: the step count starts again.
func (s *SWALR) initialStep() error {
	saved := s.steps
	s.steps = 0
	if err := s.Step(); err != nil {
		s.steps = saved
		return err
	}
	return nil
}

func (s *SWALR) counted(step func() error) error {
	s.steps++
	if err := step(); err != nil {
		s.steps--
		return err
	}
	return nil
}

func (s *SWALR) save() { s.savedSteps = s.steps }
func (s *SWALR) undo() { s.steps = s.savedSteps }

func (s *SWALR) lr(_ int, cur float64, _ bool) float64 {
	step := s.steps - 1 // torch's _step_count - 1
	if s.epochs == 0 {
		step = max(1, step)
	}
	E := float64(max(1, s.epochs))
	prevAlpha := s.alpha(max(0, min(1, float64(step-1)/E)))
	prev := s.swaLR
	if prevAlpha != 1 {
		prev = (cur - float64(prevAlpha*s.swaLR)) / (1 - prevAlpha)
	}
	a := s.alpha(max(0, min(1, float64(step)/E)))
	return float64(s.swaLR*a) + float64(prev*(1-a))
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *SWALR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) {
		e.Float64(s.swaLR)
		e.Int64(int64(s.epochs))
		e.Bool(s.linear)
		e.Int64(int64(s.steps))
	}), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a SWALR
// attached to an optimizer with as many parameter groups. On error nothing
// changes.
func (s *SWALR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		swaLR, epochs, linear, steps := d.Float64(), d.Int64(), d.Bool(), d.Int64()
		if d.Err() != nil {
			return nil, nil
		}
		if err := checkSWALR(swaLR, epochs); err != nil {
			return nil, err
		}
		if steps < 0 || steps > maxEpochs {
			return nil, fmt.Errorf("step count %d is outside [0, %d]", steps, maxEpochs)
		}
		return func() { s.swaLR, s.epochs, s.linear, s.steps = swaLR, int(epochs), linear, int(steps) }, nil
	})
}
