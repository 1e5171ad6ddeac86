package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// CyclicLR cycles the learning rate of every group between baseLR and
// maxLR (Smith, 2017, "Cyclical Learning Rates for Training Neural
// Networks", https://arxiv.org/abs/1506.01186), as
// torch.optim.lr_scheduler.CyclicLR: up over step_size_up steps, down over
// step_size_down, with the amplitude scaled per cycle (triangular2) or per
// step (exp_range, or a scale function of your own). By default it cycles the
// momentum factor the other way, between max_momentum and base_momentum: the
// momentum of SGD and RMSprop, β1 of the Adam family (torch 1.13 cycles only
// an optimizer's "momentum"; later releases cycle β1 too).
//
// In torch 1.13's order of operations, with e the epoch:
//
//	total = up + down, ratio = up/total, cycle = floor(1 + e/total), x = 1 + e/total - cycle
//	sf = x/ratio if x <= ratio, else (x - 1)/(ratio - 1)
//	lr = base_lr + ((max_lr - base_lr)*sf)*scale
//	momentum = max_m - ((max_m - base_m)*sf)*scale
//
// with scale 1 (triangular), 1/2^(cycle-1) (triangular2), gamma^e
// (exp_range, correctly rounded) or the scale function's value at the cycle
// or the epoch. It is not safe for concurrent use, and neither is the
// optimizer it sets while it steps.
type CyclicLR struct {
	core
	cfg           cyclicConfig
	baseLR, maxLR float64
	total, ratio  float64
	scale         func(int) float64 // custom scale function, or nil
	scaleByEpoch  bool              // the scale is a function of the epoch, not the cycle
}

type cyclicConfig struct {
	up, down      int
	mode          string
	gamma         float64
	scale         func(int) float64
	scaleMode     string
	cycleMomentum bool
	baseMomentum  float64
	maxMomentum   float64
}

// CyclicOption sets one of CyclicLR's keyword arguments.
// An option is a value: it may be shared and used from several goroutines.
type CyclicOption struct{ set func(*cyclicConfig) }

// StepSizes sets the number of steps of the rising and of the falling half
// of a cycle, torch's step_size_up and step_size_down: up >= 1, down >= 0
// (down < 0 means "as up", torch's None). Default 2000 and as up.
func StepSizes(up, down int) CyclicOption {
	return CyclicOption{func(c *cyclicConfig) { c.up, c.down = up, down }}
}

// CyclicMode sets the amplitude policy, torch's mode: "triangular" (the
// default, constant), "triangular2" (halved every cycle) or "exp_range"
// (multiplied by gamma every step, see CyclicGamma).
func CyclicMode(mode string) CyclicOption {
	return CyclicOption{func(c *cyclicConfig) { c.mode = mode }}
}

// CyclicGamma sets exp_range's factor per step, torch's gamma, in
// (0, inf); default 1.
func CyclicGamma(gamma float64) CyclicOption {
	return CyclicOption{func(c *cyclicConfig) { c.gamma = gamma }}
}

// ScaleFunc replaces the mode with a scale function of your own, torch's
// scale_fn and scale_mode: f is called with the cycle number (1, 2, ...) if
// perCycle, else with the epoch, and must return a number; the resulting
// learning rate must be >= 0.
func ScaleFunc(f func(x int) float64, perCycle bool) CyclicOption {
	return CyclicOption{func(c *cyclicConfig) {
		c.scale = f
		c.scaleMode = "iterations"
		if perCycle {
			c.scaleMode = "cycle"
		}
	}}
}

// CyclicMomentum turns the cycling of the momentum factor on (the default)
// or off, torch's cycle_momentum, and sets its range: base (reached with
// max_lr) and max, torch's base_momentum and max_momentum, defaults 0.8 and
// 0.9. Both must be momentum factors (or β1) the optimizer accepts.
func CyclicMomentum(on bool, base, max float64) CyclicOption {
	return CyclicOption{func(c *cyclicConfig) { c.cycleMomentum, c.baseMomentum, c.maxMomentum = on, base, max }}
}

// NewCyclicLR attaches a CyclicLR between baseLR and maxLR (every group) to
// opt: as torch's constructor, it sets every group's learning rate to
// baseLR and, with momentum cycling, its momentum factor to max_momentum.
// With momentum cycling (the default) opt must implement
// optim.MomentumGroups. Every setting is checked before the optimizer
// changes; on error the scheduler is nil and the optimizer as it was.
func NewCyclicLR(opt optim.LRGroups, baseLR, maxLR float64, opts ...CyclicOption) (*CyclicLR, error) {
	const name = "CyclicLR"
	cfg := cyclicConfig{up: 2000, down: -1, mode: "triangular", gamma: 1, cycleMomentum: true, baseMomentum: 0.8, maxMomentum: 0.9}
	for _, o := range opts {
		if o.set != nil {
			o.set(&cfg)
		}
	}
	if err := checkOptimizer(name, opt); err != nil {
		return nil, err
	}
	if cfg.down < 0 {
		cfg.down = cfg.up
	}
	if err := checkCyclic(&cfg, baseLR, maxLR); err != nil {
		return nil, err
	}
	var mg optim.MomentumGroups
	if cfg.cycleMomentum {
		var ok bool
		if mg, ok = opt.(optim.MomentumGroups); !ok {
			return nil, fmt.Errorf("schedule: %s: the optimizer (%T) has no momentum or betas to cycle: pass CyclicMomentum(false, 0, 0)", name, opt)
		}
		if err := checkMomenta(name, mg, opt.NumGroups(), namedValue{"base_momentum", cfg.baseMomentum}, namedValue{"max_momentum", cfg.maxMomentum}); err != nil {
			return nil, err
		}
	}
	c, err := newCore(name, opt)
	if err != nil {
		return nil, err
	}
	n := opt.NumGroups()
	s := &CyclicLR{core: c, cfg: cfg, baseLR: baseLR, maxLR: maxLR}
	s.rule = s
	s.derive()
	saved := saveRates(opt)
	for g := range n {
		s.baseLRs[g] = baseLR
		if err := opt.SetGroupLR(g, baseLR); err != nil { // cannot fail: checked
			saved.restore(opt)
			return nil, fmt.Errorf("schedule: %s: base_lr: %w", name, err)
		}
	}
	if cfg.cycleMomentum {
		s.mom, s.prev = make([]float64, n), make([]float64, n)
	}
	if err := s.Step(); err != nil {
		saved.restore(opt)
		return nil, err
	}
	return s, nil
}

// derive computes what the configuration implies, as torch's constructor.
func (s *CyclicLR) derive() {
	up, down := float64(s.cfg.up), float64(s.cfg.down)
	s.total = up + down
	s.ratio = up / s.total
	s.scale = s.cfg.scale
	s.scaleByEpoch = s.cfg.scaleMode == "iterations" || s.cfg.scale == nil && s.cfg.mode == "exp_range"
}

func checkCyclic(c *cyclicConfig, baseLR, maxLR float64) error {
	const name = "CyclicLR"
	for _, p := range []struct {
		name string
		x    float64
	}{{"base_lr", baseLR}, {"max_lr", maxLR}} {
		if err := checkNonNegative(name, p.name, p.x); err != nil {
			return err
		}
	}
	if c.up < 1 || c.up > maxEpochs || c.down < 0 || c.down > maxEpochs {
		return fmt.Errorf("schedule: %s: step_size_up = %d and step_size_down = %d: want up in [1, %d] and down in [0, %d]", name, c.up, c.down, maxEpochs, maxEpochs)
	}
	if c.scale == nil {
		switch c.mode {
		case "triangular", "triangular2", "exp_range":
		default:
			return fmt.Errorf("schedule: %s: mode %q is unknown: use \"triangular\", \"triangular2\" or \"exp_range\"", name, c.mode)
		}
	}
	if !(c.gamma > 0 && c.gamma <= math.MaxFloat64) {
		return fmt.Errorf("schedule: %s: gamma = %v is outside (0, inf)", name, c.gamma)
	}
	if c.cycleMomentum {
		for _, p := range []struct {
			name string
			x    float64
		}{{"base_momentum", c.baseMomentum}, {"max_momentum", c.maxMomentum}} {
			if err := checkNonNegative(name, p.name, p.x); err != nil {
				return err
			}
		}
	}
	return nil
}

// at returns the scale factor sf and the amplitude's scale of the current
// epoch.
func (s *CyclicLR) at() (sf, scale float64) {
	e := float64(s.lastEpoch)
	cycle := math.Floor(1 + e/s.total)
	x := 1. + e/s.total - cycle
	if x <= s.ratio {
		sf = x / s.ratio
	} else {
		sf = (x - 1) / (s.ratio - 1)
	}
	arg := int(cycle)
	if s.scaleByEpoch {
		arg = s.lastEpoch
	}
	switch {
	case s.scale != nil:
		scale = s.scale(arg)
	case s.cfg.mode == "triangular":
		scale = 1
	case s.cfg.mode == "triangular2":
		scale = 1 / math.Ldexp(1, arg-1)
	default: // exp_range
		scale = xmath.PowInt(s.cfg.gamma, arg)
	}
	return sf, scale
}

func (s *CyclicLR) lr(_ int, _ float64, _ bool) float64 {
	sf, scale := s.at()
	height := float64((s.maxLR - s.baseLR) * sf)
	return s.baseLR + float64(height*scale)
}

func (s *CyclicLR) momentum(_ int) float64 {
	sf, scale := s.at()
	height := float64((s.cfg.maxMomentum - s.cfg.baseMomentum) * sf)
	return s.cfg.maxMomentum - float64(height*scale)
}

// MarshalBinary encodes the scheduler's state (not a scale function); see
// ../checkpoint.md.
func (s *CyclicLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) {
		c := &s.cfg
		e.Float64(s.baseLR)
		e.Float64(s.maxLR)
		e.Int64(int64(c.up))
		e.Int64(int64(c.down))
		e.String(c.mode)
		e.Float64(c.gamma)
		e.Bool(c.scale != nil)
		e.String(c.scaleMode)
		e.Bool(c.cycleMomentum)
		e.Float64(c.baseMomentum)
		e.Float64(c.maxMomentum)
	}), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a CyclicLR
// attached to an optimizer with as many parameter groups; one saved with a
// scale function restores only into a CyclicLR built with one (its own is
// kept), and one that cycles the momentum only onto an optimizer that has
// it. On error nothing changes.
func (s *CyclicLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		var c cyclicConfig
		baseLR, maxLR := d.Float64(), d.Float64()
		up, down := d.Int64(), d.Int64()
		c.mode = d.String()
		c.gamma = d.Float64()
		custom := d.Bool()
		c.scaleMode = d.String()
		c.cycleMomentum = d.Bool()
		c.baseMomentum, c.maxMomentum = d.Float64(), d.Float64()
		if d.Err() != nil {
			return nil, nil
		}
		if custom != (s.cfg.scale != nil) {
			return nil, mismatch(s.name, "it was saved with a scale function: %v, this one has one: %v", custom, s.cfg.scale != nil)
		}
		if up > maxEpochs || down > maxEpochs || up < 0 || down < 0 {
			return nil, fmt.Errorf("step sizes %d and %d are out of range", up, down)
		}
		c.up, c.down, c.scale = int(up), int(down), s.cfg.scale
		if err := checkCyclic(&c, baseLR, maxLR); err != nil {
			return nil, err
		}
		if c.scaleMode != "" && c.scaleMode != "cycle" && c.scaleMode != "iterations" {
			return nil, fmt.Errorf("scale mode %q is unknown", c.scaleMode)
		}
		if _, ok := s.opt.(optim.MomentumGroups); c.cycleMomentum && !ok {
			return nil, mismatch(s.name, "it cycles the momentum, and the optimizer has none")
		}
		n := len(s.baseLRs)
		return func() {
			s.cfg, s.baseLR, s.maxLR = c, baseLR, maxLR
			s.derive()
			s.mom, s.prev = nil, nil
			if c.cycleMomentum {
				s.mom, s.prev = make([]float64, n), make([]float64, n)
			}
		}, nil
	})
}
