package optim

import (
	"encoding"

	"github.com/descentlab/descent/pkg/tensor"
)

// Optimizer updates a fixed list of parameter tensors from their gradients.
//
// The training loop is the same for every optimizer: ZeroGrad, compute the
// loss and its gradient into each parameter's Grad, then Step.
//
// An optimizer is not safe for concurrent use: call its methods from one
// goroutine at a time, and do not write its parameters' values or gradients
// while one runs. Step uses every core by itself (a long tensor is split
// over them), and different optimizers may run in different goroutines at
// once. Misuse is caught where that is cheap: Step, ZeroGrad, SetLR,
// SetGroupLR, SetGroupMomentum, MarshalBinary, UnmarshalBinary and State
// each hold the optimizer for their duration, and one that starts while
// another holds it fails with an error wrapping ErrConcurrentUse (ZeroGrad,
// which returns nothing, panics with it) before it reads or changes
// anything. The getters (LR, GroupLR, StepCount, Config, ...) are not
// checked: they must not overlap a call that changes the optimizer.
type Optimizer[T tensor.Float] interface {
	// Step updates every parameter in place from its Grad, one optimizer
	// step. It first checks that every tensor is well formed, has the size
	// its optimizer state was created with, and (unless the optimizer was
	// built with AllowNonFinite(true)) has a finite gradient; if not, it
	// returns an error and changes nothing. Step allocates only when it
	// creates optimizer state: on the first call, and for the momentum
	// buffers of a group whose momentum turns positive later.
	Step() error
	// ZeroGrad sets every parameter's Grad to zero.
	ZeroGrad()
	// Params returns the parameters, group after group, in the order given
	// to the constructor. The slice must not be modified.
	Params() []*tensor.Tensor[T]
	// StepCount returns the number of successful calls to Step.
	StepCount() int

	LRGroups
	Stateful
}

// LRGroups is the learning-rate side of an optimizer's parameter groups:
// what a learning-rate scheduler (package schedule) reads and sets. Every
// optimizer has at least one group; see ParamGroup. Its methods are an
// optimizer's and share its concurrency contract (see Optimizer).
type LRGroups interface {
	// NumGroups returns the number of parameter groups.
	NumGroups() int
	// GroupLR returns the learning rate of group g; it panics if g is out of range.
	GroupLR(g int) float64
	// SetGroupLR sets the learning rate of group g from the next Step on.
	// An lr outside [0, inf) or a g out of range is an error and changes nothing.
	SetGroupLR(g int, lr float64) error
	// LR returns the learning rate of group 0.
	LR() float64
	// SetLR sets the learning rate of every group, as SetGroupLR.
	SetLR(lr float64) error
}

// MomentumGroups is implemented by the optimizers with a momentum factor per
// group: momentum for SGD and RMSprop, β1 for Adam, AdamW, Adamax, NAdam and
// RAdam. OneCycleLR cycles it. Like LRGroups, it shares the optimizer's
// concurrency contract.
type MomentumGroups interface {
	// GroupMomentum returns group g's momentum factor (or β1); it panics if
	// g is out of range.
	GroupMomentum(g int) float64
	// SetGroupMomentum sets it from the next Step on. A value outside the
	// optimizer's range for it, or a g out of range, is an error and changes
	// nothing.
	SetGroupMomentum(g int, m float64) error
}

// Stateful is an optimizer or scheduler whose whole state a checkpoint holds
// (see checkpoint.md, Save and Load). UnmarshalBinary restores all of it or,
// with an error, nothing. Save and Load call these methods, so they must not
// run while another goroutine uses a part; an optimizer detects it (see
// Optimizer).
type Stateful interface {
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

var (
	_ MomentumGroups = (*SGD[float64])(nil)
	_ MomentumGroups = (*RMSprop[float64])(nil)
	_ MomentumGroups = (*Adam[float64])(nil)
	_ MomentumGroups = (*AdamW[float64])(nil)
	_ MomentumGroups = (*Adamax[float64])(nil)
	_ MomentumGroups = (*NAdam[float64])(nil)
	_ MomentumGroups = (*RAdam[float64])(nil)
)
