package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// PolynomialLR decays the learning rate of every group to zero over
// totalIters steps along a polynomial of degree power, as
// torch.optim.lr_scheduler.PolynomialLR: from a constant start
//
//	lr_k = lr_0 * (1 - min(k, total_iters)/total_iters)^power
//
// computed recursively as torch 1.13 does, with a correctly rounded power:
//
//	lr_k = lr_{k-1} * ((1 - k/N) / (1 - (k-1)/N))^power   for 0 < k <= N, else lr_{k-1}
//
// which is exactly 0 from k = N on.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type PolynomialLR struct {
	core
	total int
	power float64
}

// NewPolynomialLR attaches a PolynomialLR to opt and performs torch's
// initial step, which leaves the learning rates as they are. totalIters must
// be at least 1 and power a number >= 0; torch's defaults are 5 and 1.
func NewPolynomialLR(opt optim.LRGroups, totalIters int, power float64) (*PolynomialLR, error) {
	if err := checkPolynomial(int64(totalIters), power); err != nil {
		return nil, err
	}
	c, err := newCore("PolynomialLR", opt)
	if err != nil {
		return nil, err
	}
	s := &PolynomialLR{core: c, total: totalIters, power: power}
	s.rule = s
	return initial(s)
}

func checkPolynomial(total int64, power float64) error {
	if total < 1 || total > maxEpochs {
		return fmt.Errorf("schedule: PolynomialLR: total_iters = %d is outside [1, %d]", total, maxEpochs)
	}
	if !(power >= 0 && power <= math.MaxFloat64) {
		return fmt.Errorf("schedule: PolynomialLR: power = %v is outside [0, inf)", power)
	}
	return nil
}

func (s *PolynomialLR) lr(g int, cur float64, closed bool) float64 {
	k, N := s.lastEpoch, float64(s.total)
	if closed {
		return s.baseLRs[g] * xmath.Pow(1-float64(min(s.total, k))/N, s.power)
	}
	if k == 0 || k > s.total {
		return cur
	}
	decay := xmath.Pow((1-float64(k)/N)/(1-float64(k-1)/N), s.power)
	return cur * decay
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *PolynomialLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) { e.Int64(int64(s.total)); e.Float64(s.power) }), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// PolynomialLR attached to an optimizer with as many parameter groups. On
// error nothing changes.
func (s *PolynomialLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		total, power := d.Int64(), d.Float64()
		if err := checkPolynomial(total, power); d.Err() == nil && err != nil {
			return nil, err
		}
		return func() { s.total, s.power = int(total), power }, nil
	})
}
