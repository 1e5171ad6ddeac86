package schedule

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// MultiStepLR multiplies the learning rate of every group by gamma at each
// milestone step, as torch.optim.lr_scheduler.MultiStepLR: a milestone
// listed n times multiplies it by gamma^n.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type MultiStepLR struct {
	core
	milestones []int // sorted
	gamma      float64
}

// NewMultiStepLR attaches a MultiStepLR to opt and performs torch's initial
// step. The milestones must be >= 0, in any order; gamma in [0, inf).
func NewMultiStepLR(opt optim.LRGroups, milestones []int, gamma float64) (*MultiStepLR, error) {
	ms := slices.Clone(milestones)
	slices.Sort(ms)
	if err := checkMultiStepLR(ms, gamma); err != nil {
		return nil, err
	}
	c, err := newCore("MultiStepLR", opt)
	if err != nil {
		return nil, err
	}
	s := &MultiStepLR{core: c, milestones: ms, gamma: gamma}
	s.rule = s
	return initial(s)
}

func checkMultiStepLR(sorted []int, gamma float64) error {
	if len(sorted) > 0 && sorted[0] < 0 {
		return fmt.Errorf("schedule: MultiStepLR: milestone %d is negative", sorted[0])
	}
	return checkNonNegative("MultiStepLR", "gamma", gamma)
}

func (s *MultiStepLR) lr(g int, cur float64, closed bool) float64 {
	if closed { // base_lr * gamma ** bisect_right(milestones, last_epoch)
		n := sort.SearchInts(s.milestones, s.lastEpoch+1)
		return s.baseLRs[g] * xmath.PowInt(s.gamma, n)
	}
	lo := sort.SearchInts(s.milestones, s.lastEpoch)
	n := sort.SearchInts(s.milestones, s.lastEpoch+1) - lo
	if n == 0 {
		return cur
	}
	return cur * xmath.PowInt(s.gamma, n)
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *MultiStepLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) {
		e.Len(len(s.milestones))
		for _, m := range s.milestones {
			e.Int64(int64(m))
		}
		e.Float64(s.gamma)
	}), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// MultiStepLR attached to an optimizer with as many parameter groups. On
// error nothing changes.
func (s *MultiStepLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		ms := make([]int, d.Len(8))
		for i := range ms {
			m := d.Int64()
			if d.Err() == nil && (m < 0 || m > math.MaxInt32 || i > 0 && int(m) < ms[i-1]) {
				return nil, fmt.Errorf("milestone %d is %d: the milestones must be sorted, >= 0 and below 2^31", i, m)
			}
			ms[i] = int(m)
		}
		gamma := d.Float64()
		if err := checkMultiStepLR(ms, gamma); d.Err() == nil && err != nil {
			return nil, err
		}
		return func() { s.milestones, s.gamma = ms, gamma }, nil
	})
}
