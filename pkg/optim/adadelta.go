package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adadelta[float64])(nil)

// AdadeltaConfig holds the hyperparameters of Adadelta, under torch's names.
type AdadeltaConfig struct {
	LR          float64 // lr: scales the step delta; default 1.0
	Rho         float64 // rho: decay rate of both running means, in [0, 1]; default 0.9
	Eps         float64 // eps: added inside both square roots, > 0; default 1e-6
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Adadelta (Zeiler, 2012, https://arxiv.org/abs/1212.5701), as
// torch.optim.Adadelta, scales each step by the ratio of the root mean square
// of past updates to that of past gradients, so that the step has the units
// of the parameter and needs no learning rate (lr multiplies it, default 1):
//
//	sq = ρ*sq + (1-ρ)*g²
//	delta = sqrt(acc + eps) / sqrt(sq + eps) * g
//	acc = ρ*acc + (1-ρ)*delta²
//	p = p - lr*delta
//
// Convention: here eps is inside the square roots, as in the paper and torch.
//
// Defaults (torch 1.13): lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize false.
type Adadelta[T tensor.Float] struct {
	group[T]
	cfg     AdadeltaConfig
	sq, acc [][]T // running means of g² and of delta², created on the first step
	c       kernel.AdadeltaCoeffs[T]
}

// NewAdadelta returns an Adadelta optimizer for params. It takes the options
// LR, Rho, Eps, WeightDecay, Maximize and AllowNonFinite.
func NewAdadelta[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adadelta[T], error) {
	const name = "Adadelta"
	h := hyper{lr: 1.0, rho: 0.9, eps: 1e-6}
	if err := h.apply(name, []optionKey{optLR, optRho, optEps, optWeightDecay, optMaximize}, opts); err != nil {
		return nil, err
	}
	cfg := AdadeltaConfig{LR: h.lr, Rho: h.rho, Eps: h.eps, WeightDecay: h.weightDecay, Maximize: h.maximize,
		AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	c.in("lr", cfg.LR, nonNegative)
	c.in("rho", cfg.Rho, unit)
	c.in("eps", cfg.Eps, positive)
	c.in("weight_decay", cfg.WeightDecay, nonNegative)
	if c.err != nil {
		return nil, c.err
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &Adadelta[T]{group: g, cfg: cfg}
	o.c = kernel.AdadeltaCoeffs[T]{
		Grad:        kernel.Grad[T]{Maximize: cfg.Maximize, WeightDecay: T(cfg.WeightDecay)},
		NegLR:       T(-cfg.LR),
		Rho:         T(cfg.Rho),
		OneMinusRho: T(1 - cfg.Rho),
		Eps:         T(cfg.Eps),
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *Adadelta[T]) Config() AdadeltaConfig { return o.cfg }

// Step performs one Adadelta step; see Optimizer.
func (o *Adadelta[T]) Step() error {
	if err := o.check(o.sq); err != nil {
		return err
	}
	if o.sq == nil {
		o.sq, o.acc = o.newState(0), o.newState(0)
	}
	for i, p := range o.params {
		kernel.Adadelta(p.Value, p.Grad, o.sq[i], o.acc[i], &o.c)
	}
	o.steps++
	return nil
}
