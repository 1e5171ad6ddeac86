package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// CosineAnnealingWarmRestarts anneals the learning rate of every group from
// its base rate to etaMin along half a cosine over T_i steps, then restarts
// (Loshchilov & Hutter, 2017, "SGDR", https://arxiv.org/abs/1608.03983), as
// torch.optim.lr_scheduler.CosineAnnealingWarmRestarts: the first period is
// T_0 steps, each next one T_mult times longer. In torch 1.13's order:
//
//	T_cur += 1; if T_cur >= T_i { T_cur -= T_i; T_i *= T_mult }
//	lr = eta_min + (base_lr - eta_min)*(1 + cos(π*T_cur/T_i))/2
//
// with a correctly rounded cosine. StepTo moves to any epoch, fractional
// ones too, as torch's step(epoch) (for example epoch + i/iters_per_epoch
// after each mini-batch). It is not safe for concurrent use, and neither is
// the optimizer it sets while it steps.
type CosineAnnealingWarmRestarts struct {
	core
	t0, tMult int
	etaMin    float64
	ti        int64   // the current period T_i
	tCur      float64 // the epochs since the last restart, T_cur
	// the pending values of a step being taken, and the saved ones of
	// ChainedScheduler's undo
	nextTi, savedTi     int64
	nextTCur, savedTCur float64
}

// NewCosineAnnealingWarmRestarts attaches a CosineAnnealingWarmRestarts to
// opt and performs torch's initial step, which leaves the learning rates at
// their base values. t0 must be at least 1, tMult at least 1 (torch's
// default), etaMin in [0, inf) (default 0).
func NewCosineAnnealingWarmRestarts(opt optim.LRGroups, t0, tMult int, etaMin float64) (*CosineAnnealingWarmRestarts, error) {
	if err := checkWarmRestarts(int64(t0), int64(tMult), etaMin); err != nil {
		return nil, err
	}
	c, err := newCore("CosineAnnealingWarmRestarts", opt)
	if err != nil {
		return nil, err
	}
	s := &CosineAnnealingWarmRestarts{core: c, t0: t0, tMult: tMult, etaMin: etaMin, ti: int64(t0), tCur: -1}
	s.rule = s
	if err := s.StepTo(0); err != nil {
		return nil, err
	}
	return s, nil
}

func checkWarmRestarts(t0, tMult int64, etaMin float64) error {
	const name = "CosineAnnealingWarmRestarts"
	if t0 < 1 || t0 > maxEpochs {
		return fmt.Errorf("schedule: %s: T_0 = %d is outside [1, %d]", name, t0, maxEpochs)
	}
	if tMult < 1 || tMult > maxEpochs {
		return fmt.Errorf("schedule: %s: T_mult = %d is outside [1, %d]", name, tMult, maxEpochs)
	}
	return checkNonNegative(name, "eta_min", etaMin)
}

// Step advances the schedule by one epoch; see Scheduler.
func (s *CosineAnnealingWarmRestarts) Step() error {
	if s.lastEpoch < 0 { // wound back by SequentialLR: torch's step() takes epoch 0 then
		return s.StepTo(0)
	}
	ti, tCur := s.ti, s.tCur+1
	if tCur >= float64(ti) {
		if ti > (1<<53)/int64(s.tMult) {
			return fmt.Errorf("schedule: CosineAnnealingWarmRestarts: step %d: the next period, T_i*T_mult = %d*%d, exceeds 2^53", s.lastEpoch+1, ti, s.tMult)
		}
		tCur -= float64(ti)
		ti *= int64(s.tMult)
	}
	return s.move(s.lastEpoch+1, ti, tCur)
}

// StepTo moves the schedule to epoch, which may be fractional, as torch's
// step(epoch): within the first period T_cur = epoch; later, with T_mult = 1,
// T_cur = epoch mod T_0, else the period n = floor(log_{T_mult}(epoch/T_0 *
// (T_mult-1) + 1)), T_cur = epoch - T_0*(T_mult^n - 1)/(T_mult - 1) and T_i =
// T_0*T_mult^n. The epoch counter becomes floor(epoch), and Step continues
// from there. epoch must be a number >= 0; on error nothing changes.
func (s *CosineAnnealingWarmRestarts) StepTo(epoch float64) error {
	const name = "CosineAnnealingWarmRestarts"
	if !(epoch >= 0 && epoch <= maxEpochs) {
		return fmt.Errorf("schedule: %s: epoch %v is outside [0, %d]", name, epoch, maxEpochs)
	}
	t0, m := float64(s.t0), s.tMult
	ti, tCur := int64(s.t0), epoch
	if epoch >= t0 {
		if m == 1 {
			tCur = math.Mod(epoch, t0)
		} else {
			n := int(math.Log(epoch/t0*float64(m-1)+1) / math.Log(float64(m)))
			pow := int64(1)
			for range n {
				pow *= int64(m)
			}
			tCur = epoch - float64(int64(s.t0)*(pow-1))/float64(m-1)
			ti = int64(s.t0) * pow
		}
	}
	return s.move(int(math.Floor(epoch)), ti, tCur)
}

// move sets the learning rates of epoch with period ti and position tCur.
func (s *CosineAnnealingWarmRestarts) move(epoch int, ti int64, tCur float64) error {
	s.nextTi, s.nextTCur = ti, tCur
	if err := s.stepTo(epoch, false); err != nil {
		return err
	}
	s.ti, s.tCur = ti, tCur
	return nil
}

// restart is torch's step(0), which SequentialLR performs at a milestone.
func (s *CosineAnnealingWarmRestarts) restart() error { return s.StepTo(0) }

func (s *CosineAnnealingWarmRestarts) save() { s.savedTi, s.savedTCur = s.ti, s.tCur }
func (s *CosineAnnealingWarmRestarts) undo() { s.ti, s.tCur = s.savedTi, s.savedTCur }

func (s *CosineAnnealingWarmRestarts) lr(g int, _ float64, _ bool) float64 {
	eta := s.etaMin
	c := 1 + xmath.Cos(math.Pi*s.nextTCur/float64(s.nextTi))
	return eta + float64((s.baseLRs[g]-eta)*c)/2
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *CosineAnnealingWarmRestarts) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) {
		e.Int64(int64(s.t0))
		e.Int64(int64(s.tMult))
		e.Float64(s.etaMin)
		e.Int64(s.ti)
		e.Float64(s.tCur)
	}), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// CosineAnnealingWarmRestarts attached to an optimizer with as many
// parameter groups. On error nothing changes.
func (s *CosineAnnealingWarmRestarts) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		t0, tMult, etaMin, ti, tCur := d.Int64(), d.Int64(), d.Float64(), d.Int64(), d.Float64()
		if d.Err() != nil {
			return nil, nil
		}
		if err := checkWarmRestarts(t0, tMult, etaMin); err != nil {
			return nil, err
		}
		if ti < t0 || ti > 1<<53 || !(tCur >= 0 && tCur < float64(ti)) {
			return nil, fmt.Errorf("T_i = %d and T_cur = %v are impossible with T_0 = %d", ti, tCur, t0)
		}
		return func() { s.t0, s.tMult, s.etaMin, s.ti, s.tCur = int(t0), int(tMult), etaMin, ti, tCur }, nil
	})
}
