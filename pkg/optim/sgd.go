package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*SGD[float64])(nil)

// SGDConfig holds the hyperparameters of SGD, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type SGDConfig struct {
	LR          float64 // lr: learning rate; required (no default)
	Momentum    float64 // momentum: momentum factor m in [0, 1]; default 0 (plain gradient descent)
	Dampening   float64 // dampening: the buffer takes (1-dampening)*g after the first step, in [0, 1]; default 0
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	Nesterov    bool    // nesterov: Nesterov momentum; needs momentum > 0 and dampening = 0; default false
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// SGD is stochastic gradient descent (Robbins & Monro, 1951), optionally with
// momentum (Polyak, 1964) or Nesterov momentum (Nesterov, 1983, in the form of
// Sutskever et al., 2013, http://proceedings.mlr.press/v28/sutskever13.html),
// as torch.optim.SGD.
//
// With momentum 0 it is plain gradient descent, p = p - lr*g: on the gradient
// of the whole dataset that is (full-batch) gradient descent, on the gradient
// of a mini-batch it is mini-batch SGD. With momentum m the update is torch's
//
//	buf = g                            on the first step
//	buf = m*buf + (1-dampening)*g      afterwards
//	d = g + m*buf (Nesterov) or d = buf
//	p = p - lr*d
//
// where g is the gradient (negated when maximizing) plus weight_decay*p.
// Convention: torch keeps the learning rate out of the buffer. The textbook
// form v = m*v + lr*g, p = p - v gives the same iterates for a constant
// learning rate but not when lr changes during training; torch's Nesterov
// step tracks the look-ahead point θ + m*v of Sutskever et al.'s form.
//
// As in torch, a group's momentum buffers are created at its first step with
// momentum != 0, which need not be the optimizer's first step when a
// scheduler such as OneCycleLR sets the momentum later.
//
// Defaults (torch 1.13): momentum 0, dampening 0, weight_decay 0, nesterov
// false, maximize false. lr has no default and must be given.
//
// An SGD is not safe for concurrent use; see Optimizer.
type SGD[T tensor.Float] struct {
	base[T]
	buf [][]T                 // momentum buffers, nil until the group's first step with momentum != 0
	c   []kernel.SGDCoeffs[T] // per group, refreshed each step
}

var sgdKind = kind{
	name:     "SGD",
	takes:    []optionKey{optLR, optMomentum, optDampening, optNesterov, optWeightDecay, optMaximize},
	needLR:   true,
	momentum: optMomentum,
	validate: func(c rangeCheck, h hyper) error {
		c.in("lr", h.lr, nonNegative)
		c.in("momentum", h.momentum, unit)
		c.in("dampening", h.dampening, unit)
		c.in("weight_decay", h.weightDecay, nonNegative)
		if h.nesterov && (h.momentum <= 0 || h.dampening != 0) {
			c.fail("Nesterov momentum needs momentum > 0 and dampening = 0, got momentum = %s, dampening = %s",
				fmtFloat(h.momentum), fmtFloat(h.dampening))
		}
		return c.err
	},
}

// NewSGD returns an SGD optimizer for params. It takes the options LR
// (required), Momentum, Dampening, Nesterov, WeightDecay, Maximize,
// AllowNonFinite and ParamGroup.
func NewSGD[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*SGD[T], error) {
	o := &SGD[T]{}
	if err := o.setup(&sgdKind, params, opts); err != nil {
		return nil, err
	}
	o.buf, o.c = o.newSlot(), make([]kernel.SGDCoeffs[T], len(o.groups))
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *SGD[T]) Config() SGDConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *SGD[T]) GroupConfig(g int) SGDConfig {
	h := &o.groups[g].hyper
	return SGDConfig{LR: h.lr, Momentum: h.momentum, Dampening: h.dampening, WeightDecay: h.weightDecay,
		Nesterov: h.nesterov, Maximize: h.maximize, AllowNonFinite: o.allowNonFinite}
}

// GroupMomentum returns group g's momentum factor. It panics if g is out of range.
func (o *SGD[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's momentum factor, in [0, 1]; it takes
// effect at the next Step.
func (o *SGD[T]) SetGroupMomentum(g int, m float64) error { return o.setGroupMomentum(g, m) }

// Step performs one SGD step; see Optimizer.
func (o *SGD[T]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	if err := o.check(o.buf); err != nil {
		return err
	}
	for g := range o.groups {
		pg := &o.groups[g]
		c := &o.c[g]
		*c = kernel.SGDCoeffs[T]{
			Grad:         gradOf[T](&pg.hyper),
			NegLR:        T(-pg.lr),
			Momentum:     T(pg.momentum),
			OneMinusDamp: T(1 - pg.dampening),
			Nesterov:     pg.nesterov,
		}
		if pg.momentum != 0 && o.buf[pg.start] == nil {
			o.fill(o.buf, g, 0)
			c.First = true
		}
		for i := pg.start; i < pg.end; i++ {
			p := o.params[i]
			var buf []T
			if pg.momentum != 0 {
				buf = o.buf[i]
			}
			kernel.SGD(p.Value, p.Grad, buf, c)
		}
	}
	o.steps++
	return nil
}

// state describes SGD's state for checkpoints.
func (o *SGD[T]) state() stateDesc[T] {
	return stateDesc[T]{slots: []slot[T]{{name: "momentum_buffer", state: &o.buf, lazy: true}}}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *SGD[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *SGD[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
