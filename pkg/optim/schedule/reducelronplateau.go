package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// ReduceLROnPlateau multiplies the learning rates by a factor when a metric
// (a validation loss, say) has stopped improving for a number of steps, as
// torch.optim.lr_scheduler.ReduceLROnPlateau. Its Step takes the metric, so
// it is not a Scheduler and cannot be sequenced.
//
// In mode "min" (the default) the metric improves when it falls below
// best*(1-threshold) (threshold mode "rel", the default) or best-threshold
// ("abs"); in mode "max" when it rises above best*(1+threshold) or
// best+threshold. After more than patience steps without improvement each
// group's lr becomes max(lr*factor, min_lr), unless that changes it by eps
// or less; then cooldown steps pass before bad steps count again. A NaN
// metric never improves, as in torch.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type ReduceLROnPlateau struct {
	opt optim.LRGroups
	plateauConfig
	best            float64
	numBadEpochs    int
	cooldownCounter int
	lastEpoch       int
	lastLRs         []float64
}

type plateauConfig struct {
	mode          string
	factor        float64
	patience      int
	threshold     float64
	thresholdMode string
	cooldown      int
	minLRs        []float64
	eps           float64
}

// PlateauOption sets one of ReduceLROnPlateau's keyword arguments.
// An option is a value: it may be shared and used from several goroutines.
type PlateauOption struct{ set func(*plateauConfig) }

// Mode sets whether the metric should fall ("min", the default) or rise ("max").
func Mode(mode string) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.mode = mode }}
}

// Factor sets the factor the learning rates are multiplied by, in [0, 1);
// default 0.1.
func Factor(f float64) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.factor = f }}
}

// Patience sets the number of steps without improvement that are tolerated
// (>= 0); default 10.
func Patience(n int) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.patience = n }}
}

// Threshold sets the least change that counts as an improvement (>= 0);
// default 1e-4.
func Threshold(t float64) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.threshold = t }}
}

// ThresholdMode sets whether Threshold is relative ("rel", the default) or
// absolute ("abs").
func ThresholdMode(mode string) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.thresholdMode = mode }}
}

// Cooldown sets the number of steps after a reduction during which bad
// steps are not counted (>= 0); default 0.
func Cooldown(n int) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.cooldown = n }}
}

// MinLR sets the lower bound of the learning rates: one value for every
// group, or one per group; default 0.
func MinLR(lrs ...float64) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.minLRs = append([]float64(nil), lrs...) }}
}

// Eps sets the smallest change of a learning rate that is applied (>= 0);
// default 1e-8.
func Eps(eps float64) PlateauOption {
	return PlateauOption{func(c *plateauConfig) { c.eps = eps }}
}

// NewReduceLROnPlateau attaches a ReduceLROnPlateau to opt. Unlike the other
// schedulers it takes no initial step.
func NewReduceLROnPlateau(opt optim.LRGroups, opts ...PlateauOption) (*ReduceLROnPlateau, error) {
	if err := checkOptimizer("ReduceLROnPlateau", opt); err != nil {
		return nil, err
	}
	n := opt.NumGroups()
	c := plateauConfig{mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: "rel", minLRs: []float64{0}, eps: 1e-8}
	for _, o := range opts {
		if o.set != nil {
			o.set(&c)
		}
	}
	if len(c.minLRs) == 1 && n > 1 {
		for range n - 1 {
			c.minLRs = append(c.minLRs, c.minLRs[0])
		}
	}
	if err := c.check(n); err != nil {
		return nil, err
	}
	s := &ReduceLROnPlateau{opt: opt, plateauConfig: c, lastLRs: make([]float64, n)}
	s.best = s.worst()
	for g := range n {
		s.lastLRs[g] = opt.GroupLR(g)
	}
	return s, nil
}

func (c *plateauConfig) check(groups int) error {
	const name = "ReduceLROnPlateau"
	switch {
	case c.mode != "min" && c.mode != "max":
		return fmt.Errorf("schedule: %s: mode %q is unknown: use \"min\" or \"max\"", name, c.mode)
	case c.thresholdMode != "rel" && c.thresholdMode != "abs":
		return fmt.Errorf("schedule: %s: threshold mode %q is unknown: use \"rel\" or \"abs\"", name, c.thresholdMode)
	case !(c.factor >= 0 && c.factor < 1):
		return fmt.Errorf("schedule: %s: factor = %v is outside [0, 1)", name, c.factor)
	case c.patience < 0 || c.cooldown < 0:
		return fmt.Errorf("schedule: %s: patience = %d and cooldown = %d must be >= 0", name, c.patience, c.cooldown)
	case len(c.minLRs) != groups:
		return fmt.Errorf("schedule: %s: %d min_lr values for %d parameter groups", name, len(c.minLRs), groups)
	}
	for _, p := range []struct {
		name string
		x    float64
	}{{"threshold", c.threshold}, {"eps", c.eps}} {
		if err := checkNonNegative(name, p.name, p.x); err != nil {
			return err
		}
	}
	for _, lr := range c.minLRs {
		if err := checkNonNegative(name, "min_lr", lr); err != nil {
			return err
		}
	}
	return nil
}

// worst is the initial best value: +Inf for "min", -Inf for "max".
func (s *ReduceLROnPlateau) worst() float64 {
	if s.mode == "min" {
		return math.Inf(1)
	}
	return math.Inf(-1)
}

// better reports whether metric a improves on best, torch's is_better.
func (s *ReduceLROnPlateau) better(a, best float64) bool {
	switch {
	case s.mode == "min" && s.thresholdMode == "rel":
		return a < best*(1-s.threshold)
	case s.mode == "min":
		return a < best-s.threshold
	case s.thresholdMode == "rel":
		return a > best*(s.threshold+1)
	}
	return a > best+s.threshold
}

// Step records the metric of one step (call it after the optimizer's Step)
// and reduces the learning rates if it has not improved for more than
// patience steps. It allocates nothing.
func (s *ReduceLROnPlateau) Step(metric float64) error {
	s.lastEpoch++
	if s.better(metric, s.best) {
		s.best = metric
		s.numBadEpochs = 0
	} else {
		s.numBadEpochs++
	}
	if s.cooldownCounter > 0 {
		s.cooldownCounter--
		s.numBadEpochs = 0 // ignore bad steps in cooldown
	}
	if s.numBadEpochs > s.patience {
		for g := range s.lastLRs {
			old := s.opt.GroupLR(g)
			lr := max(old*s.factor, s.minLRs[g])
			if old-lr > s.eps {
				if err := s.opt.SetGroupLR(g, lr); err != nil { // cannot fail: 0 <= lr <= old
					panic(fmt.Sprintf("schedule: ReduceLROnPlateau: %v", err))
				}
			}
		}
		s.cooldownCounter = s.cooldown
		s.numBadEpochs = 0
	}
	for g := range s.lastLRs {
		s.lastLRs[g] = s.opt.GroupLR(g)
	}
	return nil
}

// LR returns group 0's learning rate after the last Step.
func (s *ReduceLROnPlateau) LR() float64 { return s.lastLRs[0] }

// GroupLR returns group g's learning rate after the last Step; it panics if
// g is out of range.
func (s *ReduceLROnPlateau) GroupLR(g int) float64 { return s.lastLRs[g] }

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *ReduceLROnPlateau) MarshalBinary() ([]byte, error) {
	var e ckpt.Encoder
	e.String("ReduceLROnPlateau")
	e.Len(len(s.lastLRs))
	e.String(s.mode)
	e.Float64(s.factor)
	e.Int64(int64(s.patience))
	e.Float64(s.threshold)
	e.String(s.thresholdMode)
	e.Int64(int64(s.cooldown))
	writeLRs(&e, s.minLRs)
	e.Float64(s.eps)
	e.Float64(s.best)
	e.Int64(int64(s.numBadEpochs))
	e.Int64(int64(s.cooldownCounter))
	e.Int64(int64(s.lastEpoch))
	writeLRs(&e, s.lastLRs)
	return ckpt.Seal(ckpt.KindScheduler, e.Bytes()), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// ReduceLROnPlateau attached to an optimizer with as many parameter groups.
// On error nothing changes.
func (s *ReduceLROnPlateau) UnmarshalBinary(data []byte) error {
	const name = "ReduceLROnPlateau"
	d, err := openState(name, data)
	if err != nil {
		return err
	}
	n, err := readGroups(name, d, s.opt)
	if err != nil {
		return err
	}
	var c plateauConfig
	c.mode = d.String()
	c.factor = d.Float64()
	patience := d.Int64()
	c.threshold = d.Float64()
	c.thresholdMode = d.String()
	cooldown := d.Int64()
	c.minLRs = readLRs(d, "min_lr", n)
	c.eps = d.Float64()
	best := d.Float64()
	bad, counter, epoch := d.Int64(), d.Int64(), d.Int64()
	lasts := readLRs(d, "last learning rate", n)
	if err := d.Finish(); err != nil {
		return corrupt(name, d, err)
	}
	for _, v := range []int64{patience, cooldown, bad, counter, epoch} {
		if v < 0 || v > math.MaxInt32 {
			return corrupt(name, d, fmt.Errorf("a counter is %d, outside [0, 2^31)", v))
		}
	}
	c.patience, c.cooldown = int(patience), int(cooldown)
	if err := c.check(n); err != nil {
		return corrupt(name, d, err)
	}
	if best != best || bad > patience || counter > cooldown {
		return corrupt(name, d, fmt.Errorf("best %v, %d bad steps, cooldown counter %d: impossible with patience %d and cooldown %d", best, bad, counter, patience, cooldown))
	}
	s.plateauConfig = c
	s.best, s.numBadEpochs, s.cooldownCounter, s.lastEpoch = best, int(bad), int(counter), int(epoch)
	copy(s.lastLRs, lasts)
	return nil
}
