package schedule

import (
	"fmt"
	"math"
	"sort"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// SequentialLR runs schedulers one after another, switching at milestone
// steps, as torch.optim.lr_scheduler.SequentialLR: warm-up, then decay,
//
//	warm, _ := schedule.NewLinearLR(opt, 0.1, 1, 5)
//	cos, _ := schedule.NewCosineAnnealingLR(opt, 95, 0)
//	sched, _ := schedule.NewSequentialLR(opt, []schedule.Scheduler{warm, cos}, []int{5})
//
// Build the schedulers right before the SequentialLR and give them to it
// only; afterwards step only the SequentialLR. Its constructor does what
// torch's does: it sets the learning rates back to the base rates of the
// first scheduler, which become every scheduler's base rates (torch's
// initial_lr), winds every scheduler back one step and repeats the first
// one's initial step. At milestone i the next scheduler restarts from epoch
// 0, with its closed form where it has one (torch's step(0)), so that a
// cosine after a warm-up starts from the base learning rate.
//
// It is not safe for concurrent use, nor are its schedulers and the
// optimizer while it steps.
type SequentialLR struct {
	opt        optim.LRGroups
	scheds     []chainable
	milestones []int
	lastEpoch  int
	lastLRs    []float64
}

// NewSequentialLR sequences schedulers, all attached to opt, switching from
// scheduler i to i+1 at step milestones[i]. The milestones must be strictly
// increasing and at least 1, one fewer than the schedulers. Schedulers of
// this package are accepted except ReduceLROnPlateau, SequentialLR and
// ChainedScheduler.
func NewSequentialLR(opt optim.LRGroups, schedulers []Scheduler, milestones []int) (*SequentialLR, error) {
	const name = "SequentialLR"
	if err := checkOptimizer(name, opt); err != nil {
		return nil, err
	}
	cs, err := chainables(name, opt, schedulers)
	if err != nil {
		return nil, err
	}
	if len(milestones) != len(cs)-1 {
		return nil, fmt.Errorf("schedule: %s: %d schedulers need %d milestones, got %d", name, len(cs), len(cs)-1, len(milestones))
	}
	if err := checkMilestones(milestones); err != nil {
		return nil, err
	}
	s := &SequentialLR{opt: opt, scheds: cs, milestones: append([]int(nil), milestones...), lastLRs: make([]float64, opt.NumGroups())}
	bases := cs[0].base().baseLRs
	for g, lr := range bases {
		if err := opt.SetGroupLR(g, lr); err != nil {
			return nil, fmt.Errorf("schedule: %s: %w", name, err)
		}
	}
	for _, c := range cs {
		b := c.base()
		if _, ok := c.(*OneCycleLR); !ok {
			copy(b.baseLRs, bases)
		}
		b.lastEpoch--
	}
	first := cs[0].Step
	if is, ok := cs[0].(interface{ initialStep() error }); ok {
		first = is.initialStep // torch's _initial_step
	}
	if err := first(); err != nil {
		return nil, err
	}
	copy(s.lastLRs, cs[0].base().lastLRs)
	return s, nil
}

// chainables checks that every scheduler can be driven by SequentialLR or
// ChainedScheduler, is attached to opt (if opt is not nil) or to the same
// optimizer as the others, and appears once.
func chainables(name string, opt optim.LRGroups, schedulers []Scheduler) ([]chainable, error) {
	if len(schedulers) == 0 {
		return nil, fmt.Errorf("schedule: %s: no schedulers", name)
	}
	cs := make([]chainable, len(schedulers))
	for i, s := range schedulers {
		if isNil(s) {
			return nil, fmt.Errorf("schedule: %s: scheduler %d is nil", name, i)
		}
		c, ok := s.(chainable)
		if !ok {
			return nil, fmt.Errorf("schedule: %s: scheduler %d (%T) cannot be sequenced or chained", name, i, s)
		}
		if opt == nil {
			opt = c.base().opt
		}
		if c.base().opt != opt {
			return nil, fmt.Errorf("schedule: %s: scheduler %d (%s) is attached to another optimizer", name, i, c.base().name)
		}
		for j := range i {
			if cs[j] == c {
				return nil, fmt.Errorf("schedule: %s: scheduler %d is scheduler %d again", name, i, j)
			}
		}
		cs[i] = c
	}
	return cs, nil
}

func checkMilestones(ms []int) error {
	for i, m := range ms {
		if m < 1 || i > 0 && m <= ms[i-1] {
			return fmt.Errorf("schedule: SequentialLR: milestones %v: want strictly increasing steps >= 1", ms)
		}
	}
	return nil
}

// Step advances the sequence by one step: the current scheduler steps, or
// the next one restarts at a milestone.
func (s *SequentialLR) Step() error {
	epoch := s.lastEpoch + 1
	i := sort.SearchInts(s.milestones, epoch+1) // torch: bisect_right(milestones, last_epoch)
	c := s.scheds[i]
	var err error
	if i > 0 && s.milestones[i-1] == epoch {
		err = c.restart()
	} else {
		err = c.Step()
	}
	if err != nil {
		return err
	}
	s.lastEpoch = epoch
	copy(s.lastLRs, c.base().lastLRs)
	return nil
}

// LR returns the learning rate the last Step gave group 0.
func (s *SequentialLR) LR() float64 { return s.lastLRs[0] }

// GroupLR returns the learning rate the last Step gave group g; it panics
// if g is out of range.
func (s *SequentialLR) GroupLR(g int) float64 { return s.lastLRs[g] }

// MarshalBinary encodes the state of the sequence and of its schedulers;
// see ../checkpoint.md.
func (s *SequentialLR) MarshalBinary() ([]byte, error) {
	var e ckpt.Encoder
	e.String("SequentialLR")
	e.Len(len(s.lastLRs))
	e.Int64(int64(s.lastEpoch))
	writeLRs(&e, s.lastLRs)
	e.Len(len(s.milestones))
	for _, m := range s.milestones {
		e.Int64(int64(m))
	}
	if err := marshalChildren(&e, s.scheds); err != nil {
		return nil, err
	}
	return ckpt.Seal(ckpt.KindScheduler, e.Bytes()), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// SequentialLR of the same kinds of schedulers on an optimizer with as many
// parameter groups. On error nothing changes.
func (s *SequentialLR) UnmarshalBinary(data []byte) error {
	const name = "SequentialLR"
	d, err := openState(name, data)
	if err != nil {
		return err
	}
	n, err := readGroups(name, d, s.opt)
	if err != nil {
		return err
	}
	epoch := d.Int64()
	lasts := readLRs(d, "last learning rate", n)
	ms := make([]int, d.Len(8))
	for i := range ms {
		m := d.Int64()
		if m > math.MaxInt32 {
			m = -1 // refused below
		}
		ms[i] = int(m)
	}
	blocks := readChildren(d)
	if err := d.Finish(); err != nil {
		return corrupt(name, d, err)
	}
	if len(blocks) != len(s.scheds) || len(ms) != len(blocks)-1 {
		return mismatch(name, "it sequences %d schedulers with %d milestones, this one %d", len(blocks), len(ms), len(s.scheds))
	}
	if err := checkMilestones(ms); err != nil {
		return corrupt(name, d, err)
	}
	if epoch < 0 || epoch > math.MaxInt32 {
		return corrupt(name, d, fmt.Errorf("last epoch %d is out of range", epoch))
	}
	if err := unmarshalChildren(name, s.scheds, blocks); err != nil {
		return err
	}
	s.lastEpoch = int(epoch)
	copy(s.lastLRs, lasts)
	s.milestones = ms
	return nil
}

// marshalChildren encodes the number of schedulers and their states.
func marshalChildren(e *ckpt.Encoder, cs []chainable) error {
	e.Len(len(cs))
	for _, c := range cs {
		b, err := c.MarshalBinary()
		if err != nil {
			return err
		}
		e.Block(b)
	}
	return nil
}

// readChildren reads the states marshalChildren encoded.
func readChildren(d *ckpt.Decoder) [][]byte {
	blocks := make([][]byte, d.Len(8))
	for i := range blocks {
		blocks[i] = d.Block()
	}
	return blocks
}

// unmarshalChildren restores every scheduler from its state, all or none.
func unmarshalChildren(name string, cs []chainable, blocks [][]byte) error {
	saved := make([][]byte, 0, len(cs))
	for i, c := range cs {
		before, err := c.MarshalBinary()
		if err == nil {
			err = c.UnmarshalBinary(blocks[i])
		}
		if err != nil {
			for j, b := range saved {
				_ = cs[j].UnmarshalBinary(b) // cannot fail: b is its own state
			}
			return fmt.Errorf("schedule: %s: restore scheduler %d: %w", name, i, err)
		}
		saved = append(saved, before)
	}
	return nil
}
