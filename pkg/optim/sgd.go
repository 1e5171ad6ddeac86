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
	core[T, kernel.SGDCoeffs[T]]
}

var sgdKind = kind{
	name:     "SGD",
	takes:    []*hp{hpLR, hpMomentum, hpDampening, hpNesterov, hpWeightDecay, hpMaximize},
	needLR:   true,
	momentum: hpMomentum,
	rule: func(c rangeCheck, h hyper) error {
		if m, d := h.f(hpMomentum), h.f(hpDampening); h.on(hpNesterov) && (m <= 0 || d != 0) {
			c.fail("Nesterov momentum needs momentum > 0 and dampening = 0, got momentum = %s, dampening = %s", fmtFloat(m), fmtFloat(d))
		}
		return c.err
	},
	// The momentum buffers: created at a group's first step with momentum
	// != 0, which need not be the first step.
	slots: []slotKind{{name: "momentum_buffer", when: func(h *hyper) bool { return h.f(hpMomentum) != 0 }, lazy: true}},
}

func sgdDecl[T tensor.Float]() *decl[T, kernel.SGDCoeffs[T]] {
	return &decl[T, kernel.SGDCoeffs[T]]{
		kind: &sgdKind,
		coeffs: func(c *kernel.SGDCoeffs[T], pg *paramGroup, _ int, fresh bool) {
			*c = kernel.SGDCoeffs[T]{
				Grad:         gradOf[T](&pg.hyper),
				NegLR:        T(-pg.f(hpLR)),
				Momentum:     T(pg.f(hpMomentum)),
				OneMinusDamp: T(1 - pg.f(hpDampening)),
				Nesterov:     pg.on(hpNesterov),
				First:        fresh, // torch's buffer starts as g, without dampening
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.SGDCoeffs[T]) {
			kernel.SGD(p.Value, p.Grad, s[0], c)
		},
	}
}

// NewSGD returns an SGD optimizer for params. It takes the options LR
// (required), Momentum, Dampening, Nesterov, WeightDecay, Maximize,
// AllowNonFinite and ParamGroup.
func NewSGD[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*SGD[T], error) {
	return construct[SGD[T]](sgdDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *SGD[T]) Config() SGDConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *SGD[T]) GroupConfig(g int) SGDConfig { return configOf[SGDConfig](&o.base, g) }

// GroupMomentum returns group g's momentum factor. It panics if g is out of range.
func (o *SGD[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's momentum factor, in [0, 1]; it takes
// effect at the next Step.
func (o *SGD[T]) SetGroupMomentum(g int, m float64) error { return o.setGroupMomentum(g, m) }
