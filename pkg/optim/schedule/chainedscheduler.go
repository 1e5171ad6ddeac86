package schedule

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// ChainedScheduler steps several schedulers together, each from the
// learning rates the one before it set, as
// torch.optim.lr_scheduler.ChainedScheduler: chaining ExponentialLR(0.9)
// with a LinearLR warm-up multiplies the two factors.
//
// It is not safe for concurrent use, nor are its schedulers and the
// optimizer while it steps.
type ChainedScheduler struct {
	opt     optim.LRGroups
	scheds  []chainable
	lastLRs []float64
	saved   []float64 // scratch: the learning rates before a step, to undo it
	savedM  []float64 // and the momentum factors, if the optimizer has them
	undo    []undoState
}

// undoer is a scheduler with state beyond its core's (the epoch and the
// learning rates), which ChainedScheduler saves before each step and
// restores when a later scheduler of the chain fails.
type undoer interface {
	save()
	undo()
}

// undoState is what Step needs to undo a scheduler's step.
type undoState struct {
	lastEpoch int
	lastLRs   []float64
}

// NewChainedScheduler chains schedulers, all attached to the same optimizer.
// Schedulers of this package are accepted except ReduceLROnPlateau,
// SequentialLR and ChainedScheduler. It takes no step of its own.
func NewChainedScheduler(schedulers ...Scheduler) (*ChainedScheduler, error) {
	cs, err := chainables("ChainedScheduler", nil, schedulers)
	if err != nil {
		return nil, err
	}
	opt := cs[0].base().opt
	n := opt.NumGroups()
	s := &ChainedScheduler{opt: opt, scheds: cs, lastLRs: make([]float64, n), saved: make([]float64, n), undo: make([]undoState, len(cs))}
	for i := range s.undo {
		s.undo[i].lastLRs = make([]float64, n)
	}
	if _, ok := opt.(optim.MomentumGroups); ok {
		s.savedM = make([]float64, n)
	}
	for g := range n {
		s.lastLRs[g] = opt.GroupLR(g)
	}
	return s, nil
}

// Step steps every scheduler in order. If one fails, the steps taken before
// it are undone and the optimizer's learning rates (and momentum factors)
// restored.
func (s *ChainedScheduler) Step() error {
	mg, _ := s.opt.(optim.MomentumGroups)
	for g := range s.saved {
		s.saved[g] = s.opt.GroupLR(g)
		if s.savedM != nil {
			s.savedM[g] = mg.GroupMomentum(g)
		}
	}
	for i, c := range s.scheds {
		b := c.base()
		s.undo[i].lastEpoch = b.lastEpoch
		copy(s.undo[i].lastLRs, b.lastLRs)
		if u, ok := c.(undoer); ok {
			u.save()
		}
		if err := c.Step(); err != nil {
			for j := range i {
				b := s.scheds[j].base()
				b.lastEpoch = s.undo[j].lastEpoch
				copy(b.lastLRs, s.undo[j].lastLRs)
				if u, ok := s.scheds[j].(undoer); ok {
					u.undo()
				}
			}
			for g, lr := range s.saved {
				_ = s.opt.SetGroupLR(g, lr) // cannot fail: it was the lr
				if s.savedM != nil {
					_ = mg.SetGroupMomentum(g, s.savedM[g])
				}
			}
			return fmt.Errorf("schedule: ChainedScheduler: scheduler %d: %w", i, err)
		}
	}
	for g := range s.lastLRs {
		s.lastLRs[g] = s.opt.GroupLR(g)
	}
	return nil
}

// LR returns the learning rate the last Step gave group 0.
func (s *ChainedScheduler) LR() float64 { return s.lastLRs[0] }

// GroupLR returns the learning rate the last Step gave group g; it panics
// if g is out of range.
func (s *ChainedScheduler) GroupLR(g int) float64 { return s.lastLRs[g] }

// MarshalBinary encodes the state of the chain and of its schedulers; see
// ../checkpoint.md.
func (s *ChainedScheduler) MarshalBinary() ([]byte, error) {
	var e ckpt.Encoder
	e.String("ChainedScheduler")
	e.Len(len(s.lastLRs))
	writeLRs(&e, s.lastLRs)
	if err := marshalChildren(&e, s.scheds); err != nil {
		return nil, err
	}
	return ckpt.Seal(ckpt.KindScheduler, e.Bytes()), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// ChainedScheduler of the same kinds of schedulers on an optimizer with as
// many parameter groups. On error nothing changes.
func (s *ChainedScheduler) UnmarshalBinary(data []byte) error {
	const name = "ChainedScheduler"
	d, err := openState(name, data)
	if err != nil {
		return err
	}
	n, err := readGroups(name, d, s.opt)
	if err != nil {
		return err
	}
	lasts := readLRs(d, "last learning rate", n)
	blocks := readChildren(d)
	if err := d.Finish(); err != nil {
		return corrupt(name, d, err)
	}
	if len(blocks) != len(s.scheds) {
		return mismatch(name, "it chains %d schedulers, this one %d", len(blocks), len(s.scheds))
	}
	if err := unmarshalChildren(name, s.scheds, blocks); err != nil {
		return err
	}
	copy(s.lastLRs, lasts)
	return nil
}
