package schedule

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// LambdaLR sets the learning rate of each group to its base rate times a
// function of the epoch, as torch.optim.lr_scheduler.LambdaLR:
//
//	lr_k = base_lr * λ(k)
//
// λ is a Go function: one for every group, or one per group. A checkpoint
// holds the epoch and the rates, not the functions: restore it into a
// LambdaLR built with the same ones, as torch's load_state_dict does for
// plain functions.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps; the functions are called from Step only.
type LambdaLR struct {
	core
	fns []func(epoch int) float64 // one per group
}

// NewLambdaLR attaches a LambdaLR to opt and performs torch's initial step,
// which sets each group's rate to base_lr*λ(0). lambdas holds one function
// for every group or one per group, none nil. A λ whose learning rate is not
// a number in [0, inf) fails that Step (or the constructor), which then
// changes nothing.
func NewLambdaLR(opt optim.LRGroups, lambdas ...func(epoch int) float64) (*LambdaLR, error) {
	fns, err := perGroup("LambdaLR", opt, lambdas)
	if err != nil {
		return nil, err
	}
	c, err := newCore("LambdaLR", opt)
	if err != nil {
		return nil, err
	}
	s := &LambdaLR{core: c, fns: fns}
	s.rule = s
	return initial(s)
}

// perGroup checks the functions given to LambdaLR or MultiplicativeLR and
// returns one per group of opt.
func perGroup(name string, opt optim.LRGroups, fns []func(int) float64) ([]func(int) float64, error) {
	if err := checkOptimizer(name, opt); err != nil {
		return nil, err
	}
	n := opt.NumGroups()
	if len(fns) != 1 && len(fns) != n {
		return nil, fmt.Errorf("schedule: %s: %d functions for %d parameter groups: want 1 or %d", name, len(fns), n, n)
	}
	out := make([]func(int) float64, n)
	for g := range out {
		out[g] = fns[min(g, len(fns)-1)]
		if out[g] == nil {
			return nil, fmt.Errorf("schedule: %s: the function for group %d is nil", name, g)
		}
	}
	return out, nil
}

func (s *LambdaLR) lr(g int, _ float64, _ bool) float64 {
	return s.baseLRs[g] * s.fns[g](s.lastEpoch)
}

// MarshalBinary encodes the scheduler's state (not its functions); see
// ../checkpoint.md.
func (s *LambdaLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(*ckpt.Encoder) {}), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a LambdaLR
// attached to an optimizer with as many parameter groups, which keeps its
// own functions. On error nothing changes.
func (s *LambdaLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(*ckpt.Decoder) (func(), error) { return func() {}, nil })
}

// MultiplicativeLR multiplies the learning rate of each group by a function
// of the epoch at every step after the first, as
// torch.optim.lr_scheduler.MultiplicativeLR:
//
//	lr_0 = lr,  lr_k = lr_{k-1} * λ(k)
//
// (λ is not called for epoch 0). Functions and checkpoints are as for
// LambdaLR, and so is its concurrency: not safe for concurrent use.
type MultiplicativeLR struct {
	core
	fns []func(epoch int) float64
}

// NewMultiplicativeLR attaches a MultiplicativeLR to opt and performs
// torch's initial step, which leaves the learning rates as they are.
// lambdas holds one function for every group or one per group, none nil.
func NewMultiplicativeLR(opt optim.LRGroups, lambdas ...func(epoch int) float64) (*MultiplicativeLR, error) {
	fns, err := perGroup("MultiplicativeLR", opt, lambdas)
	if err != nil {
		return nil, err
	}
	c, err := newCore("MultiplicativeLR", opt)
	if err != nil {
		return nil, err
	}
	s := &MultiplicativeLR{core: c, fns: fns}
	s.rule = s
	return initial(s)
}

func (s *MultiplicativeLR) lr(g int, cur float64, _ bool) float64 {
	if s.lastEpoch > 0 {
		return cur * s.fns[g](s.lastEpoch)
	}
	return cur
}

// MarshalBinary encodes the scheduler's state (not its functions); see
// ../checkpoint.md.
func (s *MultiplicativeLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(*ckpt.Encoder) {}), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// MultiplicativeLR attached to an optimizer with as many parameter groups,
// which keeps its own functions. On error nothing changes.
func (s *MultiplicativeLR) UnmarshalBinary(data []byte) error {
	return s.unmarshal(data, func(*ckpt.Decoder) (func(), error) { return func() {}, nil })
}
