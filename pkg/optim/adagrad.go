package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adagrad[float64])(nil)

// AdagradConfig holds the hyperparameters of Adagrad, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
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
// and Adam replace it with a running mean. eps is added outside the square
// root. initial_accumulator_value applies to every parameter group: torch
// fills the sums from the constructor's value, whatever a group says.
//
// Defaults (torch 1.13): lr 1e-2, lr_decay 0, weight_decay 0,
// initial_accumulator_value 0, eps 1e-10, maximize false.
//
// An Adagrad is not safe for concurrent use; see Optimizer.
type Adagrad[T tensor.Float] struct {
	base[T]
	sum [][]T                     // sum of squared gradients, created on the first step
	c   []kernel.AdagradCoeffs[T] // per group, refreshed each step
}

var adagradKind = kind{
	name:     "Adagrad",
	takes:    []optionKey{optLR, optLRDecay, optWeightDecay, optInitialAccumulatorValue, optEps, optMaximize},
	defaults: hyper{lr: 1e-2, eps: 1e-10},
	validate: func(c rangeCheck, h hyper) error {
		c.in("lr", h.lr, nonNegative)
		c.in64("lr_decay", h.lrDecay, nonNegative)
		c.in("weight_decay", h.weightDecay, nonNegative)
		c.in("initial_accumulator_value", h.initialAccumulatorValue, nonNegative)
		c.in("eps", h.eps, positive)
		return c.err
	},
}

// NewAdagrad returns an Adagrad optimizer for params. It takes the options
// LR, LRDecay, WeightDecay, InitialAccumulatorValue, Eps, Maximize,
// AllowNonFinite and ParamGroup.
func NewAdagrad[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adagrad[T], error) {
	o := &Adagrad[T]{}
	if err := o.setup(&adagradKind, params, opts); err != nil {
		return nil, err
	}
	o.sum = o.newSlot()
	o.c = make([]kernel.AdagradCoeffs[T], len(o.groups))
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *Adagrad[T]) Config() AdagradConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adagrad[T]) GroupConfig(g int) AdagradConfig {
	h := &o.groups[g].hyper
	return AdagradConfig{LR: h.lr, LRDecay: h.lrDecay, WeightDecay: h.weightDecay,
		InitialAccumulatorValue: h.initialAccumulatorValue, Eps: h.eps, Maximize: h.maximize, AllowNonFinite: o.allowNonFinite}
}

// Step performs one Adagrad step; see Optimizer.
func (o *Adagrad[T]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	if err := o.check(o.sum); err != nil {
		return err
	}
	if o.sum[0] == nil {
		o.fillAll(o.sum, T(o.groups[0].initialAccumulatorValue))
	}
	t := o.steps + 1
	for g := range o.groups {
		pg := &o.groups[g]
		clr := pg.lr / (1 + float64(float64(t-1)*pg.lrDecay))
		c := &o.c[g]
		*c = kernel.AdagradCoeffs[T]{Grad: gradOf[T](&pg.hyper), NegCLR: T(-clr), Eps: T(pg.eps)}
		for i := pg.start; i < pg.end; i++ {
			p := o.params[i]
			kernel.Adagrad(p.Value, p.Grad, o.sum[i], c)
		}
	}
	o.steps = t
	return nil
}

// state describes Adagrad's state for checkpoints.
func (o *Adagrad[T]) state() stateDesc[T] {
	return stateDesc[T]{slots: []slot[T]{{name: "sum", state: &o.sum}}}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *Adagrad[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *Adagrad[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
