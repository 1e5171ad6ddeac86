package optim

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*SGD[float64])(nil)

// SGDConfig holds the hyperparameters of SGD, under torch's names.
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
// Defaults (torch 1.13): momentum 0, dampening 0, weight_decay 0, nesterov
// false, maximize false. lr has no default and must be given.
type SGD[T tensor.Float] struct {
	group[T]
	cfg SGDConfig
	buf [][]T // momentum buffers, created on the first step when momentum != 0
	c   kernel.SGDCoeffs[T]
}

// NewSGD returns an SGD optimizer for params. It takes the options LR
// (required), Momentum, Dampening, Nesterov, WeightDecay, Maximize and
// AllowNonFinite.
func NewSGD[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*SGD[T], error) {
	const name = "SGD"
	var h hyper
	if err := h.apply(name, []optionKey{optLR, optMomentum, optDampening, optNesterov, optWeightDecay, optMaximize}, opts); err != nil {
		return nil, err
	}
	if !h.has(optLR) {
		return nil, fmt.Errorf("optim: SGD: the learning rate is required: pass LR(lr)")
	}
	cfg := SGDConfig{LR: h.lr, Momentum: h.momentum, Dampening: h.dampening, WeightDecay: h.weightDecay,
		Nesterov: h.nesterov, Maximize: h.maximize, AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	c.in("lr", cfg.LR, nonNegative)
	c.in("momentum", cfg.Momentum, unit)
	c.in("dampening", cfg.Dampening, unit)
	c.in("weight_decay", cfg.WeightDecay, nonNegative)
	if c.err != nil {
		return nil, c.err
	}
	if cfg.Nesterov && (cfg.Momentum <= 0 || cfg.Dampening != 0) {
		return nil, fmt.Errorf("optim: SGD: Nesterov momentum needs momentum > 0 and dampening = 0, got momentum = %s, dampening = %s",
			fmtFloat(cfg.Momentum), fmtFloat(cfg.Dampening))
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &SGD[T]{group: g, cfg: cfg}
	o.c = kernel.SGDCoeffs[T]{
		Grad:         kernel.Grad[T]{Maximize: cfg.Maximize, WeightDecay: T(cfg.WeightDecay)},
		NegLR:        T(-cfg.LR),
		Momentum:     T(cfg.Momentum),
		OneMinusDamp: T(1 - cfg.Dampening),
		Nesterov:     cfg.Nesterov,
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *SGD[T]) Config() SGDConfig { return o.cfg }

// Step performs one SGD step; see Optimizer.
func (o *SGD[T]) Step() error {
	if err := o.check(o.buf); err != nil {
		return err
	}
	o.c.First = false
	if o.cfg.Momentum != 0 && o.buf == nil {
		o.buf = o.newState(0)
		o.c.First = true
	}
	for i, p := range o.params {
		kernel.SGD(p.Value, p.Grad, at(o.buf, i), &o.c)
	}
	o.steps++
	return nil
}
