package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adagrad[float64])(nil)

// AdagradConfig holds the hyperparameters of Adagrad, under torch's names.
type AdagradConfig struct {
	LR                      float64 // lr: learning rate; default 1e-2
	LRDecay                 float64 // lr_decay: step t uses lr/(1 + (t-1)*lr_decay); default 0
	WeightDecay             float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	InitialAccumulatorValue float64 // initial_accumulator_value: starting value of the sum of g²; default 0
	Eps                     float64 // eps: added to the denominator outside the square root, > 0; default 1e-10
	Maximize                bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Adagrad is the adaptive gradient method (Duchi, Hazan & Singer, 2011,
// https://jmlr.org/papers/v12/duchi11a.html), as torch.optim.Adagrad: each
// parameter's step is divided by the root of the sum of all its squared
// gradients so far, so frequently large gradients get small steps. At step
// t = 1, 2, ...
//
//	clr = lr / (1 + (t-1)*lr_decay)
//	sum = sum + g²
//	p = p - clr * g / (sqrt(sum) + eps)
//
// The sum only grows, so the effective learning rate only shrinks; RMSprop
// and Adam replace it with a running mean. eps is added outside the square root.
//
// Defaults (torch 1.13): lr 1e-2, lr_decay 0, weight_decay 0,
// initial_accumulator_value 0, eps 1e-10, maximize false.
type Adagrad[T tensor.Float] struct {
	group[T]
	cfg AdagradConfig
	sum [][]T // sum of squared gradients, created on the first step
	c   kernel.AdagradCoeffs[T]
}

// NewAdagrad returns an Adagrad optimizer for params. It takes the options
// LR, LRDecay, WeightDecay, InitialAccumulatorValue, Eps, Maximize and
// AllowNonFinite.
func NewAdagrad[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adagrad[T], error) {
	const name = "Adagrad"
	h := hyper{lr: 1e-2, eps: 1e-10}
	if err := h.apply(name, []optionKey{optLR, optLRDecay, optWeightDecay, optInitialAccumulatorValue, optEps, optMaximize}, opts); err != nil {
		return nil, err
	}
	cfg := AdagradConfig{LR: h.lr, LRDecay: h.lrDecay, WeightDecay: h.weightDecay,
		InitialAccumulatorValue: h.initialAccumulatorValue, Eps: h.eps, Maximize: h.maximize, AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	c.in("lr", cfg.LR, nonNegative)
	c.in("lr_decay", cfg.LRDecay, nonNegative)
	c.in("weight_decay", cfg.WeightDecay, nonNegative)
	c.in("initial_accumulator_value", cfg.InitialAccumulatorValue, nonNegative)
	c.in("eps", cfg.Eps, positive)
	if c.err != nil {
		return nil, c.err
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &Adagrad[T]{group: g, cfg: cfg}
	o.c = kernel.AdagradCoeffs[T]{
		Grad: kernel.Grad[T]{Maximize: cfg.Maximize, WeightDecay: T(cfg.WeightDecay)},
		Eps:  T(cfg.Eps),
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *Adagrad[T]) Config() AdagradConfig { return o.cfg }

// Step performs one Adagrad step; see Optimizer.
func (o *Adagrad[T]) Step() error {
	if err := o.check(o.sum); err != nil {
		return err
	}
	if o.sum == nil {
		o.sum = o.newState(T(o.cfg.InitialAccumulatorValue))
	}
	t := o.steps + 1
	clr := o.cfg.LR / (1 + float64(float64(t-1)*o.cfg.LRDecay))
	o.c.NegCLR = T(-clr)
	for i, p := range o.params {
		kernel.Adagrad(p.Value, p.Grad, o.sum[i], &o.c)
	}
	o.steps = t
	return nil
}
