package schedule

import (
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// ExponentialLR multiplies the learning rate of every group by gamma at
// every step, as torch.optim.lr_scheduler.ExponentialLR:
// lr_k = lr_{k-1} * gamma, which from a constant start is lr_0 * gamma^k.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type ExponentialLR struct {
	core
	gamma float64
}

// NewExponentialLR attaches an ExponentialLR to opt and performs torch's
// initial step. gamma must be in [0, inf).
func NewExponentialLR(opt optim.LRGroups, gamma float64) (*ExponentialLR, error) {
	if err := checkNonNegative("ExponentialLR", "gamma", gamma); err != nil {
		return nil, err
	}
	c, err := newCore("ExponentialLR", opt)
	if err != nil {
		return nil, err
	}
	s := &ExponentialLR{core: c, gamma: gamma}
	s.rule = s
	return initial(s)
}

func (s *ExponentialLR) lr(g int, cur float64, closed bool) float64 {
	if closed {
		return s.baseLRs[g] * xmath.PowInt(s.gamma, s.lastEpoch)
	}
	if s.lastEpoch == 0 {
		return cur
	}
	return cur * s.gamma
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *ExponentialLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) { e.Float64(s.gamma) }), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into an
// ExponentialLR attached to an optimizer with as many parameter groups. On
// error nothing changes.
func (s *ExponentialLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		gamma := d.Float64()
		if err := checkNonNegative("ExponentialLR", "gamma", gamma); d.Err() == nil && err != nil {
			return nil, err
		}
		return func() { s.gamma = gamma }, nil
	})
}
