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
	core[T, kernel.AdamaxCoeffs[T]]
}

var adamaxKind = kind{
	name:     "Adamax",
	takes:    []*hp{hpLR, hpBetas, hpEps, hpWeightDecay, hpMaximize},
	defaults: []Option{LR(2e-3), Betas(0.9, 0.999), Eps(1e-8)},
	momentum: hpBetas,
	slots:    []slotKind{{name: "exp_avg"}, {name: "exp_inf"}},
}

func adamaxDecl[T tensor.Float]() *decl[T, kernel.AdamaxCoeffs[T]] {
	return &decl[T, kernel.AdamaxCoeffs[T]]{
		kind: &adamaxKind,
		coeffs: func(c *kernel.AdamaxCoeffs[T], pg *paramGroup, t int, _ bool) {
			beta1, beta2 := pg.pair(hpBetas)
			clr := pg.f(hpLR) / (1 - pg.beta1Pow(t))
			*c = kernel.AdamaxCoeffs[T]{
				Grad:          gradOf[T](&pg.hyper),
				Beta1:         T(beta1),
				Beta2:         T(beta2),
				OneMinusBeta1: T(1 - beta1),
				NegCLR:        T(-clr),
				Eps:           T(pg.f(hpEps)),
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.AdamaxCoeffs[T]) {
			kernel.Adamax(p.Value, p.Grad, s[0], s[1], c)
		},
	}
}

// NewAdamax returns an Adamax optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, Maximize, AllowNonFinite and ParamGroup.
func NewAdamax[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adamax[T], error) {
	return construct[Adamax[T]](adamaxDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *Adamax[T]) Config() AdamaxConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adamax[T]) GroupConfig(g int) AdamaxConfig { return configOf[AdamaxConfig](&o.base, g) }

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *Adamax[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *Adamax[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }
