package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Lion[float64])(nil)

// LionConfig holds the hyperparameters of Lion, under the names of the
// reference implementation (lucidrains' lion-pytorch).
// It is a plain value, a copy: changing it changes no optimizer.
type LionConfig struct {
	LR          float64 // lr: the size of every element's step; default 1e-4
	Beta1       float64 // betas[0]: the weight of the momentum in the sign's argument, in [0, 1); default 0.9
	Beta2       float64 // betas[1]: the decay rate of the momentum, in [0, 1); default 0.99
	WeightDecay float64 // weight_decay: decoupled decay, p *= 1 - lr*weight_decay each step; default 0

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Lion is the EvoLved Sign Momentum optimizer (Chen et al., 2023,
// "Symbolic Discovery of Optimization Algorithms",
// https://arxiv.org/abs/2302.06675), which is in no torch release. Every
// element moves by exactly lr, in the direction of the sign of an
// interpolation between the momentum and the gradient; the momentum itself
// decays more slowly. At each step, elementwise, in this order:
//
//	p = p * (1 - lr*weight_decay)         (decoupled weight decay, first)
//	c = β1*m + (1-β1)*g
//	p = p - lr*sign(c)
//	m = β2*m + (1-β2)*g
//
// with m = 0 before the first step. This is the paper's Program 1 with its
// decay written as lucidrains' lion-pytorch applies it, p*(1 - lr*λ) before
// the sign step, which equals the paper's p - lr*(sign(c) + λp) up to
// rounding. sign is +1, -1, or 0 where c is ±0 (no step), so the update
// before decay is ±lr or 0 in every element: Lion needs a learning rate
// 3-10 times smaller than AdamW's, and a weight decay as many times larger,
// for the same lr*λ (the paper's advice). 1 - lr*weight_decay is computed in
// float64 and rounded to the element type, every other operation is
// rounded to it, none is fused. With AllowNonFinite(true), a NaN gradient
// element makes c NaN and takes no step (sign(NaN) = 0, as torch's sign),
// and makes m NaN from then on.
//
// State (see State): exp_avg, the momentum m, from the first Step.
// Checkpoints hold the hyperparameters lr, beta1, beta2, weight_decay, in
// this order, and that array.
//
// Defaults (the paper's and lion-pytorch's): lr 1e-4, betas (0.9, 0.99),
// weight_decay 0.
//
// A Lion is not safe for concurrent use; see Optimizer.
type Lion[T tensor.Float] struct {
	core[T, kernel.LionCoeffs[T]]
}

var lionKind = kind{
	name:     "Lion",
	takes:    []*hp{hpLR, hpBetas, hpWeightDecay},
	defaults: []Option{LR(1e-4), Betas(0.9, 0.99)},
	momentum: hpBetas,
	slots:    []slotKind{{name: "exp_avg"}},
}

func lionDecl[T tensor.Float]() *decl[T, kernel.LionCoeffs[T]] {
	return &decl[T, kernel.LionCoeffs[T]]{
		kind: &lionKind,
		coeffs: func(c *kernel.LionCoeffs[T], pg *paramGroup, _ int, _ bool) {
			lr, wd := pg.f(hpLR), pg.f(hpWeightDecay)
			b1, b2 := pg.pair(hpBetas)
			*c = kernel.LionCoeffs[T]{
				Decay: T(1 - float64(lr*wd)),
				LR:    T(lr),
				Beta1: T(b1), OneMinusBeta1: T(1 - b1),
				Beta2: T(b2), OneMinusBeta2: T(1 - b2),
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.LionCoeffs[T]) {
			kernel.Lion(p.Value, p.Grad, s[0], c)
		},
	}
}

// NewLion returns a Lion optimizer for params. It takes the options LR,
// Betas, WeightDecay, AllowNonFinite and ParamGroup.
func NewLion[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Lion[T], error) {
	return construct[Lion[T]](lionDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *Lion[T]) Config() LionConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Lion[T]) GroupConfig(g int) LionConfig { return configOf[LionConfig](&o.base, g) }

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *Lion[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *Lion[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }
