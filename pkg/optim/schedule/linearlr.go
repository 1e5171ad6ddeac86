package schedule

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// LinearLR scales the learning rate of every group by a factor that moves
// linearly from startFactor to endFactor over totalIters steps, then stays
// there, as torch.optim.lr_scheduler.LinearLR: from a constant start,
//
//	lr_k = lr_0 * (start + (end - start) * min(k, total_iters) / total_iters)
//
// A warm-up is NewLinearLR(opt, 0.1, 1, n), usually followed by a decay in a
// SequentialLR. torch computes it recursively from the previous learning
// rate, and so does this type.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type LinearLR struct {
	core
	start, end float64
	total      int
}

// NewLinearLR attaches a LinearLR to opt and performs torch's initial step,
// which multiplies the learning rates by startFactor. startFactor must be in
// (0, 1], endFactor in [0, 1] and totalIters at least 1.
func NewLinearLR(opt optim.LRGroups, startFactor, endFactor float64, totalIters int) (*LinearLR, error) {
	if err := checkLinear(startFactor, endFactor, int64(totalIters)); err != nil {
		return nil, err
	}
	c, err := newCore("LinearLR", opt)
	if err != nil {
		return nil, err
	}
	s := &LinearLR{core: c, start: startFactor, end: endFactor, total: totalIters}
	s.rule = s
	return initial(s)
}

func checkLinear(start, end float64, total int64) error {
	switch {
	case !(start > 0 && start <= 1):
		return fmt.Errorf("schedule: LinearLR: start_factor = %v is outside (0, 1]", start)
	case !(end >= 0 && end <= 1):
		return fmt.Errorf("schedule: LinearLR: end_factor = %v is outside [0, 1]", end)
	case total < 1:
		return fmt.Errorf("schedule: LinearLR: total_iters = %d, want at least 1", total)
	}
	return nil
}

func (s *LinearLR) lr(g int, cur float64, closed bool) float64 {
	k, T := s.lastEpoch, float64(s.total)
	if closed {
		return s.baseLRs[g] * (s.start + float64((s.end-s.start)*float64(min(s.total, k)))/T)
	}
	switch {
	case k == 0:
		return cur * s.start
	case k > s.total:
		return cur
	}
	d := s.end - s.start
	return cur * (1 + d/(float64(T*s.start)+float64(float64(k-1)*d)))
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *LinearLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) { e.Float64(s.start); e.Float64(s.end); e.Int64(int64(s.total)) }), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a LinearLR
// attached to an optimizer with as many parameter groups. On error nothing
// changes.
func (s *LinearLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		start, end, total := d.Float64(), d.Float64(), d.Int64()
		if err := checkLinear(start, end, total); d.Err() == nil && err != nil {
			return nil, err
		}
		return func() { s.start, s.end, s.total = start, end, int(total) }, nil
	})
}
