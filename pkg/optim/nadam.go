package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*NAdam[float64])(nil)

// NAdamConfig holds the hyperparameters of NAdam, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type NAdamConfig struct {
	LR            float64 // lr: learning rate; default 2e-3
	Beta1         float64 // betas[0]: decay rate of the first moment, in [0, 1); default 0.9
	Beta2         float64 // betas[1]: decay rate of the second moment, in [0, 1); default 0.999
	Eps           float64 // eps: added to the denominator outside the square root, > 0; default 1e-8
	WeightDecay   float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	MomentumDecay float64 // momentum_decay: ψ in the momentum schedule μ_t, >= 0; default 4e-3

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// NAdam is Adam with Nesterov momentum (Dozat, 2016, "Incorporating Nesterov
// Momentum into Adam", https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ),
// as torch.optim.NAdam. The momentum factor follows a warm-up schedule
// μ_t = β1*(1 - 0.5*0.96^(tψ)), and each step looks one momentum step ahead:
//
//	m = β1*m + (1-β1)*g;  v = β2*v + (1-β2)*g²
//	Π_t = μ_1*...*μ_t
//	denom = sqrt(v/(1-β2^t)) + eps
//	p = p - lr*(1-μ_t)/(1-Π_t) * g/denom - lr*μ_{t+1}/(1-Π_t*μ_{t+1}) * m/denom
//
// Convention: torch 1.13's code multiplies one μ_t too many into the
// coefficient of m (Π_t*μ_t*μ_{t+1}); like later PyTorch releases, its own
// documentation and the paper, this port uses Π_t*μ_{t+1}, and the torch
// trajectories it is tested against were recorded with that fix. Π is kept
// in T, as torch keeps it in a tensor of the run's dtype. eps is outside the
// square root. torch 1.13's NAdam has no maximize option, and neither has
// this one.
//
// Defaults (torch 1.13): lr 2e-3, betas (0.9, 0.999), eps 1e-8,
// weight_decay 0, momentum_decay 4e-3.
//
// An NAdam is not safe for concurrent use; see Optimizer.
type NAdam[T tensor.Float] struct {
	core[T, nadamGroup[T]]
}

var hpMomentumDecay = def(hp{option: "MomentumDecay", torch: "momentum_decay", in: nonNegative, in64: true})

// MomentumDecay sets NAdam's momentum decay ψ, torch's momentum_decay (>= 0).
func MomentumDecay(psi float64) Option { return hpMomentumDecay.with(psi, 0) }

var nadamKind = kind{
	name:     "NAdam",
	takes:    []*hp{hpLR, hpBetas, hpEps, hpWeightDecay, hpMomentumDecay},
	defaults: []Option{LR(2e-3), Betas(0.9, 0.999), Eps(1e-8), MomentumDecay(4e-3)},
	momentum: hpBetas,
	slots:    []slotKind{{name: "exp_avg"}, {name: "exp_avg_sq"}},
}

// nadamGroup is a group's state: its coefficients, Π_t (kept in T, as torch
// keeps it in a tensor of the run's dtype) and μ_{t+1} of the last step,
// which is μ_t of the next.
type nadamGroup[T tensor.Float] struct {
	c         kernel.NAdamCoeffs[T]
	muProduct T
	muNext    muAt
}

// muAt is a momentum factor μ_t and what it was computed from.
type muAt struct {
	t          int
	beta1, psi float64
	mu         float64
}

// at returns μ_t for β1 and ψ: the one kept if it is that, else computed.
func (m muAt) at(beta1, psi float64, t int) float64 {
	if m.t == t && m.beta1 == beta1 && m.psi == psi {
		return m.mu
	}
	return momentumFactor(beta1, psi, t)
}

func nadamDecl[T tensor.Float]() *decl[T, nadamGroup[T]] {
	return &decl[T, nadamGroup[T]]{
		kind: &nadamKind,
		init: func(g *nadamGroup[T], _ *hyper) { g.muProduct = 1 },
		coeffs: func(g *nadamGroup[T], pg *paramGroup, t int, _ bool) {
			lr, psi := pg.f(hpLR), pg.f(hpMomentumDecay)
			beta1, beta2 := pg.pair(hpBetas)
			mu := g.muNext.at(beta1, psi, t)
			muNext := momentumFactor(beta1, psi, t+1)
			g.muNext = muAt{t: t + 1, beta1: beta1, psi: psi, mu: muNext}
			g.muProduct *= T(mu) // torch: mu_product *= mu on a tensor of dtype T
			muProductNext := g.muProduct * T(muNext)
			g.c = kernel.NAdamCoeffs[T]{
				Grad:          kernel.Grad[T]{WeightDecay: T(pg.f(hpWeightDecay))},
				Beta1:         T(beta1),
				Beta2:         T(beta2),
				OneMinusBeta1: T(1 - beta1),
				OneMinusBeta2: T(1 - beta2),
				BC2:           T(1 - pg.beta2Pow(t)),
				GradCoeff:     T(-lr * (1 - mu) / (1 - float64(g.muProduct))),
				MomentCoeff:   T(-lr * muNext / (1 - float64(muProductNext))),
				Eps:           T(pg.f(hpEps)),
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, g *nadamGroup[T]) {
			kernel.NAdam(p.Value, p.Grad, s[0], s[1], &g.c)
		},
		scalars: []scalarDecl[T, nadamGroup[T]]{
			{name: "mu_product", in: unit, of: func(g *nadamGroup[T]) *T { return &g.muProduct }},
		},
	}
}

// NewNAdam returns an NAdam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, MomentumDecay, AllowNonFinite and ParamGroup.
func NewNAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*NAdam[T], error) {
	return construct[NAdam[T]](nadamDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *NAdam[T]) Config() NAdamConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *NAdam[T]) GroupConfig(g int) NAdamConfig { return configOf[NAdamConfig](&o.base, g) }

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *NAdam[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *NAdam[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }

// momentumFactor returns NAdam's μ_t = β1*(1 - 0.5*0.96^(t*ψ)), in torch's
// order of operations with a correctly rounded power.
func momentumFactor(beta1, psi float64, t int) float64 {
	return float64(beta1 * (1 - float64(0.5*momentumBase.Pow(float64(float64(t)*psi)))))
}

// momentumBase computes the powers of 0.96 in μ_t as xmath.Pow does.
var momentumBase = xmath.NewPowBase(0.96)
