package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adadelta[float64])(nil)

// AdadeltaConfig holds the hyperparameters of Adadelta, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
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
//
// An Adadelta is not safe for concurrent use; see Optimizer.
type Adadelta[T tensor.Float] struct {
	base[T]
	sq, acc [][]T // running means of g² and of delta², created on the first step
	c       []kernel.AdadeltaCoeffs[T]
}

var adadeltaKind = kind{
	name:     "Adadelta",
	takes:    []optionKey{optLR, optRho, optEps, optWeightDecay, optMaximize},
	defaults: hyper{lr: 1.0, rho: 0.9, eps: 1e-6},
	validate: func(c rangeCheck, h hyper) error {
		c.in("lr", h.lr, nonNegative)
		c.in("rho", h.rho, unit)
		c.in("eps", h.eps, positive)
		c.in("weight_decay", h.weightDecay, nonNegative)
		return c.err
	},
}

// NewAdadelta returns an Adadelta optimizer for params. It takes the options
// LR, Rho, Eps, WeightDecay, Maximize, AllowNonFinite and ParamGroup.
func NewAdadelta[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adadelta[T], error) {
	o := &Adadelta[T]{}
	if err := o.setup(&adadeltaKind, params, opts); err != nil {
		return nil, err
	}
	o.sq = o.newSlot()
	o.acc = o.newSlot()
	o.c = make([]kernel.AdadeltaCoeffs[T], len(o.groups))
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *Adadelta[T]) Config() AdadeltaConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adadelta[T]) GroupConfig(g int) AdadeltaConfig {
	h := &o.groups[g].hyper
	return AdadeltaConfig{LR: h.lr, Rho: h.rho, Eps: h.eps, WeightDecay: h.weightDecay, Maximize: h.maximize,
		AllowNonFinite: o.allowNonFinite}
}

// Step performs one Adadelta step; see Optimizer.
func (o *Adadelta[T]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	if err := o.check(o.sq); err != nil {
		return err
	}
	if o.sq[0] == nil {
		o.fillAll(o.sq, 0)
		o.fillAll(o.acc, 0)
	}
	for g := range o.groups {
		pg := &o.groups[g]
		c := &o.c[g]
		*c = kernel.AdadeltaCoeffs[T]{
			Grad:        gradOf[T](&pg.hyper),
			NegLR:       T(-pg.lr),
			Rho:         T(pg.rho),
			OneMinusRho: T(1 - pg.rho),
			Eps:         T(pg.eps),
		}
		for i := pg.start; i < pg.end; i++ {
			p := o.params[i]
			kernel.Adadelta(p.Value, p.Grad, o.sq[i], o.acc[i], c)
		}
	}
	o.steps++
	return nil
}

// state describes Adadelta's state for checkpoints.
func (o *Adadelta[T]) state() stateDesc[T] {
	return stateDesc[T]{slots: []slot[T]{{name: "square_avg", state: &o.sq}, {name: "acc_delta", state: &o.acc}}}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *Adadelta[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *Adadelta[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
