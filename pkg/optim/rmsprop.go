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
	core[T, kernel.RMSpropCoeffs[T]]
}

var rmspropKind = kind{
	name:     "RMSprop",
	takes:    []*hp{hpLR, hpAlpha, hpEps, hpWeightDecay, hpMomentum, hpCentered, hpMaximize},
	defaults: []Option{LR(1e-2), Alpha(0.99), Eps(1e-8)},
	momentum: hpMomentum,
	slots: []slotKind{
		{name: "square_avg"},
		{name: "grad_avg", when: func(h *hyper) bool { return h.on(hpCentered) }},
		{name: "momentum_buffer", when: func(h *hyper) bool { return h.f(hpMomentum) > 0 }, lazy: true},
	},
}

func rmspropDecl[T tensor.Float]() *decl[T, kernel.RMSpropCoeffs[T]] {
	return &decl[T, kernel.RMSpropCoeffs[T]]{
		kind: &rmspropKind,
		coeffs: func(c *kernel.RMSpropCoeffs[T], pg *paramGroup, _ int, _ bool) {
			alpha := pg.f(hpAlpha)
			*c = kernel.RMSpropCoeffs[T]{
				Grad:          gradOf[T](&pg.hyper),
				NegLR:         T(-pg.f(hpLR)),
				Alpha:         T(alpha),
				OneMinusAlpha: T(1 - alpha),
				Eps:           T(pg.f(hpEps)),
				Momentum:      T(pg.f(hpMomentum)),
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.RMSpropCoeffs[T]) {
			kernel.RMSprop(p.Value, p.Grad, s[0], s[1], s[2], c)
		},
	}
}

// NewRMSprop returns an RMSprop optimizer for params. It takes the options
// LR, Alpha, Eps, WeightDecay, Momentum, Centered, Maximize, AllowNonFinite
// and ParamGroup.
func NewRMSprop[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*RMSprop[T], error) {
	return construct[RMSprop[T]](rmspropDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *RMSprop[T]) Config() RMSpropConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *RMSprop[T]) GroupConfig(g int) RMSpropConfig { return configOf[RMSpropConfig](&o.base, g) }

// GroupMomentum returns group g's momentum factor. It panics if g is out of range.
func (o *RMSprop[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's momentum factor, in [0, 1]; it takes
// effect at the next Step.
func (o *RMSprop[T]) SetGroupMomentum(g int, m float64) error { return o.setGroupMomentum(g, m) }
