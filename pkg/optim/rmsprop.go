package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*RMSprop[float64])(nil)

// RMSpropConfig holds the hyperparameters of RMSprop, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
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
// than Adam's: sq starts at zero and (1-α)g² is small. A group's momentum
// buffers start at zero at its first step with momentum > 0 (torch creates
// them only at the first step, and fails if momentum turns positive later).
//
// Defaults (torch 1.13): lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0,
// momentum 0, centered false, maximize false.
//
// An RMSprop is not safe for concurrent use; see Optimizer.
type RMSprop[T tensor.Float] struct {
	base[T]
	sq, ga, buf [][]T // mean of g², mean of g (centered groups), momentum buffer (groups with momentum > 0)
	c           []kernel.RMSpropCoeffs[T]
}

var rmspropKind = kind{
	name:     "RMSprop",
	takes:    []optionKey{optLR, optAlpha, optEps, optWeightDecay, optMomentum, optCentered, optMaximize},
	defaults: hyper{lr: 1e-2, alpha: 0.99, eps: 1e-8},
	momentum: optMomentum,
	validate: func(c rangeCheck, h hyper) error {
		c.in("lr", h.lr, nonNegative)
		c.in("alpha", h.alpha, unitOpen)
		c.in("eps", h.eps, positive)
		c.in("weight_decay", h.weightDecay, nonNegative)
		c.in("momentum", h.momentum, unit)
		return c.err
	},
}

// NewRMSprop returns an RMSprop optimizer for params. It takes the options
// LR, Alpha, Eps, WeightDecay, Momentum, Centered, Maximize, AllowNonFinite
// and ParamGroup.
func NewRMSprop[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*RMSprop[T], error) {
	o := &RMSprop[T]{}
	if err := o.setup(&rmspropKind, params, opts); err != nil {
		return nil, err
	}
	o.sq, o.ga, o.buf = o.newSlot(), o.newSlot(), o.newSlot()
	o.c = make([]kernel.RMSpropCoeffs[T], len(o.groups))
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *RMSprop[T]) Config() RMSpropConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *RMSprop[T]) GroupConfig(g int) RMSpropConfig {
	h := &o.groups[g].hyper
	return RMSpropConfig{LR: h.lr, Alpha: h.alpha, Eps: h.eps, WeightDecay: h.weightDecay, Momentum: h.momentum,
		Centered: h.centered, Maximize: h.maximize, AllowNonFinite: o.allowNonFinite}
}

// GroupMomentum returns group g's momentum factor. It panics if g is out of range.
func (o *RMSprop[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's momentum factor, in [0, 1]; it takes
// effect at the next Step.
func (o *RMSprop[T]) SetGroupMomentum(g int, m float64) error { return o.setGroupMomentum(g, m) }

// Step performs one RMSprop step; see Optimizer.
func (o *RMSprop[T]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	if err := o.check(o.sq); err != nil {
		return err
	}
	if o.sq[0] == nil {
		o.fillAll(o.sq, 0)
		for g := range o.groups {
			if o.groups[g].centered {
				o.fill(o.ga, g, 0)
			}
		}
	}
	for g := range o.groups {
		pg := &o.groups[g]
		if pg.momentum > 0 && o.buf[pg.start] == nil {
			o.fill(o.buf, g, 0)
		}
		c := &o.c[g]
		*c = kernel.RMSpropCoeffs[T]{
			Grad:          gradOf[T](&pg.hyper),
			NegLR:         T(-pg.lr),
			Alpha:         T(pg.alpha),
			OneMinusAlpha: T(1 - pg.alpha),
			Eps:           T(pg.eps),
			Momentum:      T(pg.momentum),
		}
		for i := pg.start; i < pg.end; i++ {
			p := o.params[i]
			var buf []T
			if pg.momentum > 0 {
				buf = o.buf[i]
			}
			kernel.RMSprop(p.Value, p.Grad, o.sq[i], o.ga[i], buf, c)
		}
	}
	o.steps++
	return nil
}

// state describes RMSprop's state for checkpoints.
func (o *RMSprop[T]) state() stateDesc[T] {
	return stateDesc[T]{slots: []slot[T]{
		{name: "square_avg", state: &o.sq},
		{name: "grad_avg", state: &o.ga, when: func(h *hyper) bool { return h.centered }},
		{name: "momentum_buffer", state: &o.buf, lazy: true},
	}}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *RMSprop[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *RMSprop[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
