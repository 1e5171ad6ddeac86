package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adamax[float64])(nil)

// AdamaxConfig holds the hyperparameters of Adamax, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type AdamaxConfig struct {
	LR          float64 // lr: learning rate; default 2e-3
	Beta1       float64 // betas[0]: decay rate of the first moment, in [0, 1); default 0.9
	Beta2       float64 // betas[1]: decay rate of the infinity norm, in [0, 1); default 0.999
	Eps         float64 // eps: added to |g| inside the maximum, > 0; default 1e-8
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Adamax is the infinity-norm variant of Adam (Kingma & Ba, 2015, section 7.1,
// https://arxiv.org/abs/1412.6980), as torch.optim.Adamax: the root mean
// square of Adam's denominator becomes an exponentially decaying maximum of |g|:
//
//	m = β1*m + (1-β1)*g
//	u = max(β2*u, |g| + eps)
//	p = p - lr/(1-β1^t) * m/u
//
// Convention: torch adds eps to |g| inside the maximum (the paper has no eps).
//
// Defaults (torch 1.13): lr 2e-3, betas (0.9, 0.999), eps 1e-8,
// weight_decay 0, maximize false.
//
// An Adamax is not safe for concurrent use; see Optimizer.
type Adamax[T tensor.Float] struct {
	base[T]
	m, u [][]T // first moment and infinity norm, created on the first step
	c    []kernel.AdamaxCoeffs[T]
}

var adamaxKind = kind{
	name:     "Adamax",
	takes:    []optionKey{optLR, optBetas, optEps, optWeightDecay, optMaximize},
	defaults: hyper{lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8},
	momentum: optBetas,
	validate: func(c rangeCheck, h hyper) error { checkAdamLike(&c, &h); return c.err },
}

// NewAdamax returns an Adamax optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, Maximize, AllowNonFinite and ParamGroup.
func NewAdamax[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adamax[T], error) {
	o := &Adamax[T]{}
	if err := o.setup(&adamaxKind, params, opts); err != nil {
		return nil, err
	}
	o.m = o.newSlot()
	o.u = o.newSlot()
	o.c = make([]kernel.AdamaxCoeffs[T], len(o.groups))
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *Adamax[T]) Config() AdamaxConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adamax[T]) GroupConfig(g int) AdamaxConfig {
	h := &o.groups[g].hyper
	return AdamaxConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		Maximize: h.maximize, AllowNonFinite: o.allowNonFinite}
}

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *Adamax[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *Adamax[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }

// Step performs one Adamax step; see Optimizer.
func (o *Adamax[T]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	if err := o.check(o.m); err != nil {
		return err
	}
	if o.m[0] == nil {
		o.fillAll(o.m, 0)
		o.fillAll(o.u, 0)
	}
	t := o.steps + 1
	for g := range o.groups {
		pg := &o.groups[g]
		clr := pg.lr / (1 - pg.beta1Pow(t))
		c := &o.c[g]
		*c = kernel.AdamaxCoeffs[T]{
			Grad:          gradOf[T](&pg.hyper),
			Beta1:         T(pg.beta1),
			Beta2:         T(pg.beta2),
			OneMinusBeta1: T(1 - pg.beta1),
			NegCLR:        T(-clr),
			Eps:           T(pg.eps),
		}
		for i := pg.start; i < pg.end; i++ {
			p := o.params[i]
			kernel.Adamax(p.Value, p.Grad, o.m[i], o.u[i], c)
		}
	}
	o.steps = t
	return nil
}

// state describes Adamax's state for checkpoints.
func (o *Adamax[T]) state() stateDesc[T] {
	return stateDesc[T]{slots: []slot[T]{{name: "exp_avg", state: &o.m}, {name: "exp_inf", state: &o.u}}}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *Adamax[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *Adamax[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
