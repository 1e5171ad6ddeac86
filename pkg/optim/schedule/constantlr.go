package schedule

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// ConstantLR multiplies the learning rate of every group by factor for the
// first totalIters steps, then restores it, as
// torch.optim.lr_scheduler.ConstantLR, recursively as torch 1.13 computes it:
//
//	lr_0 = lr * factor,  lr_k = lr_{k-1} * (1.0/factor) at k = total_iters,  else lr_{k-1}
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type ConstantLR struct {
	core
	factor float64
	total  int
}

// NewConstantLR attaches a ConstantLR to opt and performs torch's initial
// step, which multiplies the learning rates by factor. factor must be in
// (0, 1] (torch also takes 0, and then divides by zero at total_iters) and
// totalIters >= 0; torch's defaults are 1/3 and 5.
func NewConstantLR(opt optim.LRGroups, factor float64, totalIters int) (*ConstantLR, error) {
	if err := checkConstant(factor, int64(totalIters)); err != nil {
		return nil, err
	}
	c, err := newCore("ConstantLR", opt)
	if err != nil {
		return nil, err
	}
	s := &ConstantLR{core: c, factor: factor, total: totalIters}
	s.rule = s
	return initial(s)
}

func checkConstant(factor float64, total int64) error {
	if !(factor > 0 && factor <= 1) {
		return fmt.Errorf("schedule: ConstantLR: factor = %v is outside (0, 1]", factor)
	}
	if total < 0 || total > maxEpochs {
		return fmt.Errorf("schedule: ConstantLR: total_iters = %d is outside [0, %d]", total, maxEpochs)
	}
	return nil
}

func (s *ConstantLR) lr(g int, cur float64, closed bool) float64 {
	if closed {
		f := s.factor
		if s.lastEpoch >= s.total {
			f = 1
		}
		return s.baseLRs[g] * f
	}
	switch s.lastEpoch {
	case 0:
		return cur * s.factor
	case s.total:
		return cur * (1.0 / s.factor)
	}
	return cur
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *ConstantLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) { e.Float64(s.factor); e.Int64(int64(s.total)) }), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// ConstantLR attached to an optimizer with as many parameter groups. On
// error nothing changes.
func (s *ConstantLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		factor, total := d.Float64(), d.Int64()
		if err := checkConstant(factor, total); d.Err() == nil && err != nil {
			return nil, err
		}
		return func() { s.factor, s.total = factor, int(total) }, nil
	})
}
