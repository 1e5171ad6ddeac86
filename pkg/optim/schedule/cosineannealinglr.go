package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// CosineAnnealingLR anneals the learning rate of every group from its base
// value lr_0 to etaMin along half a cosine over tMax steps (Loshchilov &
// Hutter, 2017, "SGDR", https://arxiv.org/abs/1608.03983, without restarts),
// as torch.optim.lr_scheduler.CosineAnnealingLR:
//
//	lr_k = eta_min + (lr_0 - eta_min) * (1 + cos(π k / T_max)) / 2
//
// torch computes it recursively from the previous learning rate, and so does
// this type, in the same order of operations:
//
//	lr_k = (1 + cos(π k/T)) / (1 + cos(π (k-1)/T)) * (lr_{k-1} - eta_min) + eta_min
//
// except at k = T+1, 3T+1, ..., where the denominator is zero and torch adds
// (lr_0 - eta_min)(1 - cos(π/T))/2 instead. After T_max steps the learning
// rate therefore climbs back along the cosine. The cosines are correctly
// rounded, as the C library's cos that Python calls, so the learning rates
// are torch's bit for bit.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type CosineAnnealingLR struct {
	core
	tMax   int
	etaMin float64
}

// NewCosineAnnealingLR attaches a CosineAnnealingLR to opt and performs
// torch's initial step. tMax must be at least 1 and etaMin in [0, inf).
func NewCosineAnnealingLR(opt optim.LRGroups, tMax int, etaMin float64) (*CosineAnnealingLR, error) {
	if err := checkCosine(int64(tMax), etaMin); err != nil {
		return nil, err
	}
	c, err := newCore("CosineAnnealingLR", opt)
	if err != nil {
		return nil, err
	}
	s := &CosineAnnealingLR{core: c, tMax: tMax, etaMin: etaMin}
	s.rule = s
	return initial(s)
}

func checkCosine(tMax int64, etaMin float64) error {
	if tMax < 1 {
		return fmt.Errorf("schedule: CosineAnnealingLR: T_max = %d, want at least 1", tMax)
	}
	return checkNonNegative("CosineAnnealingLR", "eta_min", etaMin)
}

func (s *CosineAnnealingLR) lr(g int, cur float64, closed bool) float64 {
	k, T, eta := float64(s.lastEpoch), float64(s.tMax), s.etaMin
	base := s.baseLRs[g]
	switch {
	case closed:
		return eta + float64((base-eta)*(1+xmath.Cos(math.Pi*k/T)))/2
	case s.lastEpoch == 0:
		return cur
	case (s.lastEpoch-1-s.tMax)%(2*s.tMax) == 0:
		return cur + float64((base-eta)*(1-xmath.Cos(math.Pi/T)))/2
	}
	ratio := (1 + xmath.Cos(math.Pi*k/T)) / (1 + xmath.Cos(math.Pi*(k-1)/T))
	return float64(ratio*(cur-eta)) + eta
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *CosineAnnealingLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) { e.Int64(int64(s.tMax)); e.Float64(s.etaMin) }), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// CosineAnnealingLR attached to an optimizer with as many parameter groups.
// On error nothing changes.
func (s *CosineAnnealingLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		tMax, etaMin := d.Int64(), d.Float64()
		if err := checkCosine(tMax, etaMin); d.Err() == nil && err != nil {
			return nil, err
		}
		if d.Err() == nil && tMax > math.MaxInt32 {
			return nil, fmt.Errorf("T_max = %d is too large", tMax)
		}
		return func() { s.tMax, s.etaMin = int(tMax), etaMin }, nil
	})
}
