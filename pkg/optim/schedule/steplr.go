package schedule

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// StepLR multiplies the learning rate of every group by gamma every
// stepSize steps, as torch.optim.lr_scheduler.StepLR:
//
//	lr_k = lr_{k-1} * gamma   if k > 0 and k % step_size == 0, else lr_{k-1}
//
// which from a constant start is lr_0 * gamma^(k / step_size).
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type StepLR struct {
	core
	stepSize int
	gamma    float64
}

// NewStepLR attaches a StepLR to opt and performs torch's initial step.
// stepSize must be at least 1 and gamma in [0, inf).
func NewStepLR(opt optim.LRGroups, stepSize int, gamma float64) (*StepLR, error) {
	if err := checkStepLR(int64(stepSize), gamma); err != nil {
		return nil, err
	}
	c, err := newCore("StepLR", opt)
	if err != nil {
		return nil, err
	}
	s := &StepLR{core: c, stepSize: stepSize, gamma: gamma}
	s.rule = s
	return initial(s)
}

func checkStepLR(stepSize int64, gamma float64) error {
	if stepSize < 1 {
		return fmt.Errorf("schedule: StepLR: step_size = %d, want at least 1", stepSize)
	}
	return checkNonNegative("StepLR", "gamma", gamma)
}

func (s *StepLR) lr(g int, cur float64, closed bool) float64 {
	if closed {
		return s.baseLRs[g] * xmath.PowInt(s.gamma, s.lastEpoch/s.stepSize)
	}
	if s.lastEpoch == 0 || s.lastEpoch%s.stepSize != 0 {
		return cur
	}
	return cur * s.gamma
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *StepLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) { e.Int64(int64(s.stepSize)); e.Float64(s.gamma) }), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a StepLR
// attached to an optimizer with as many parameter groups. On error nothing
// changes.
func (s *StepLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		stepSize, gamma := d.Int64(), d.Float64()
		if err := checkStepLR(stepSize, gamma); d.Err() == nil && err != nil {
			return nil, err
		}
		return func() { s.stepSize, s.gamma = int(stepSize), gamma }, nil
	})
}
