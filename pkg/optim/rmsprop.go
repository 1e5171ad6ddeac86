package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*RMSprop[float64])(nil)

// RMSpropConfig holds the hyperparameters of RMSprop, under torch's names.
type RMSpropConfig struct {
	LR          float64 // lr: learning rate; default 1e-2
	Alpha       float64 // alpha: decay rate of the running mean of g², in [0, 1); default 0.99
	Eps         float64 // eps: added to the denominator outside the square root, > 0; default 1e-8
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	Momentum    float64 // momentum: momentum factor applied to the normalized step, in [0, 1]; default 0
	Centered    bool    // centered: normalize by the estimated variance of g instead of its second moment; default false
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// RMSprop divides the gradient by the root of a running mean of its square
// (Hinton, Neural Networks for Machine Learning, lecture 6e, 2012), as
// torch.optim.RMSprop:
//
//	sq = α*sq + (1-α)*g²
//	avg = sqrt(sq) + eps                          (centered: ga = α*ga + (1-α)*g,
//	                                               avg = sqrt(sq - ga²) + eps)
//	p = p - lr * g/avg                            (momentum 0)
//	buf = m*buf + g/avg;  p = p - lr*buf          (momentum m)
//
// Convention: eps is added outside the square root (torch; TensorFlow puts it
// inside), and there is no bias correction, so the first steps are larger
// than Adam's: sq starts at zero and (1-α)g² is small.
//
// Defaults (torch 1.13): lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0,
// momentum 0, centered false, maximize false.
type RMSprop[T tensor.Float] struct {
	group[T]
	cfg         RMSpropConfig
	sq, ga, buf [][]T // mean of g², mean of g (centered), momentum buffer; created on the first step
	c           kernel.RMSpropCoeffs[T]
}

// NewRMSprop returns an RMSprop optimizer for params. It takes the options
// LR, Alpha, Eps, WeightDecay, Momentum, Centered, Maximize and AllowNonFinite.
func NewRMSprop[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*RMSprop[T], error) {
	const name = "RMSprop"
	h := hyper{lr: 1e-2, alpha: 0.99, eps: 1e-8}
	if err := h.apply(name, []optionKey{optLR, optAlpha, optEps, optWeightDecay, optMomentum, optCentered, optMaximize}, opts); err != nil {
		return nil, err
	}
	cfg := RMSpropConfig{LR: h.lr, Alpha: h.alpha, Eps: h.eps, WeightDecay: h.weightDecay, Momentum: h.momentum,
		Centered: h.centered, Maximize: h.maximize, AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	c.in("lr", cfg.LR, nonNegative)
	c.in("alpha", cfg.Alpha, unitOpen)
	c.in("eps", cfg.Eps, positive)
	c.in("weight_decay", cfg.WeightDecay, nonNegative)
	c.in("momentum", cfg.Momentum, unit)
	if c.err != nil {
		return nil, c.err
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &RMSprop[T]{group: g, cfg: cfg}
	o.c = kernel.RMSpropCoeffs[T]{
		Grad:          kernel.Grad[T]{Maximize: cfg.Maximize, WeightDecay: T(cfg.WeightDecay)},
		NegLR:         T(-cfg.LR),
		Alpha:         T(cfg.Alpha),
		OneMinusAlpha: T(1 - cfg.Alpha),
		Eps:           T(cfg.Eps),
		Momentum:      T(cfg.Momentum),
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *RMSprop[T]) Config() RMSpropConfig { return o.cfg }

// Step performs one RMSprop step; see Optimizer.
func (o *RMSprop[T]) Step() error {
	if err := o.check(o.sq); err != nil {
		return err
	}
	if o.sq == nil {
		o.sq = o.newState(0)
		if o.cfg.Centered {
			o.ga = o.newState(0)
		}
		if o.cfg.Momentum > 0 {
			o.buf = o.newState(0)
		}
	}
	for i, p := range o.params {
		kernel.RMSprop(p.Value, p.Grad, o.sq[i], at(o.ga, i), at(o.buf, i), &o.c)
	}
	o.steps++
	return nil
}
