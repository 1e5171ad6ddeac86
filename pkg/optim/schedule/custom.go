package schedule

import (
	"encoding"
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// Rule is the formula of a scheduler of your own, built with New. The
// schedulers of this package are written the same way: torch's chainable
// get_lr, a learning rate per group and epoch from the group's current rate.
// A Rule is called from its scheduler's Step only, so it needs no locking
// of its own unless it shares state with other goroutines.
type Rule interface {
	// LR returns group g's learning rate at epoch (0 for the constructor's
	// initial step, then 1, 2, ...), given the rate cur the group has now
	// (the one the previous epoch set, unless another scheduler or the user
	// changed it) and its base rate, the group's rate when the scheduler was
	// built. A result that is not a number in [0, inf) fails the step,
	// which then changes nothing.
	LR(epoch, g int, cur, base float64) float64
}

// RuleFunc is a function that is a Rule.
// Calling it is as safe for concurrent use as f is.
type RuleFunc func(epoch, g int, cur, base float64) float64

// LR calls f.
func (f RuleFunc) LR(epoch, g int, cur, base float64) float64 { return f(epoch, g, cur, base) }

// Custom is a scheduler whose formula is a Rule: it keeps the epoch, the
// base rates and the last rates, checks and sets the learning rates all or
// none, saves its state in checkpoints, and can be sequenced (SequentialLR)
// and chained (ChainedScheduler) like the schedulers of this package. If the
// Rule has state of its own it may implement encoding.BinaryMarshaler and
// encoding.BinaryUnmarshaler, and its state is saved with the scheduler's.
//
// A Custom is not safe for concurrent use, and neither is the optimizer it
// sets while it steps; the Rule is called from Step only.
type Custom struct {
	core
	r Rule
}

// New attaches a scheduler named name with formula r to opt and performs the
// initial step, epoch 0, as the constructors of torch's schedulers do.
func New(name string, opt optim.LRGroups, r Rule) (*Custom, error) {
	if name == "" {
		return nil, fmt.Errorf("schedule: New: the scheduler needs a name (its checkpoints carry it)")
	}
	if isNil(r) {
		return nil, fmt.Errorf("schedule: %s: the rule is nil", name)
	}
	c, err := newCore(name, opt)
	if err != nil {
		return nil, err
	}
	s := &Custom{core: c, r: r}
	s.rule = s
	return initial(s)
}

func (s *Custom) lr(g int, cur float64, _ bool) float64 {
	return s.r.LR(s.lastEpoch, g, cur, s.baseLRs[g])
}

// Epoch returns the epoch of the last step: 0 after the constructor.
func (s *Custom) Epoch() int { return s.lastEpoch }

// BaseLR returns group g's base learning rate; it panics if g is out of
// range.
func (s *Custom) BaseLR(g int) float64 { return s.baseLRs[g] }

// MarshalBinary encodes the scheduler's state and, if it has one, its
// Rule's; see ../checkpoint.md.
func (s *Custom) MarshalBinary() ([]byte, error) {
	var own []byte
	if m, ok := s.r.(encoding.BinaryMarshaler); ok {
		var err error
		if own, err = m.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("schedule: %s: the rule's state: %w", s.name, err)
		}
	}
	return s.marshal(func(e *ckpt.Encoder) { e.Block(own) }), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a Custom of
// the same name on an optimizer with as many parameter groups. The Rule's
// state, if any, is restored first; if the rule refuses it, nothing changes.
func (s *Custom) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		own := d.Block()
		if err := d.Finish(); err != nil {
			return nil, err
		}
		u, ok := s.r.(encoding.BinaryUnmarshaler)
		if !ok {
			if len(own) > 0 {
				return nil, mismatch(s.name, "it holds the state of a rule, and this rule keeps none")
			}
			return func() {}, nil
		}
		if err := u.UnmarshalBinary(own); err != nil {
			return nil, fmt.Errorf("the rule's state: %w", err)
		}
		return func() {}, nil
	})
}

// Cos returns cos(x) correctly rounded, as the C library's cos that Python's
// math.cos calls does on every argument torch's schedules use; Go's math.Cos
// is an ulp off on about a quarter of them. For a Rule that should agree with
// a torch scheduler bit for bit.
func Cos(x float64) float64 { return xmath.Cos(x) }

// Pow returns x**y correctly rounded (see package xmath's guarantee), as
// Python's float ** float, for finite x >= 0 and finite y; elsewhere it is
// math.Pow.
func Pow(x, y float64) float64 { return xmath.Pow(x, y) }
