package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*NAdam[float64])(nil)

// NAdamConfig holds the hyperparameters of NAdam, under torch's names.
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
type NAdam[T tensor.Float] struct {
	group[T]
	cfg       NAdamConfig
	m, v      [][]T // moments, created on the first step
	muProduct T     // Π_t, the product of the momentum factors so far
	c         kernel.NAdamCoeffs[T]
}

// NewNAdam returns an NAdam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, MomentumDecay and AllowNonFinite.
func NewNAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*NAdam[T], error) {
	const name = "NAdam"
	h := hyper{lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, momentumDecay: 4e-3}
	if err := h.apply(name, []optionKey{optLR, optBetas, optEps, optWeightDecay, optMomentumDecay}, opts); err != nil {
		return nil, err
	}
	cfg := NAdamConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		MomentumDecay: h.momentumDecay, AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	checkAdamLike(&c, cfg.LR, cfg.Beta1, cfg.Beta2, cfg.Eps, cfg.WeightDecay)
	c.in("momentum_decay", cfg.MomentumDecay, nonNegative)
	if c.err != nil {
		return nil, c.err
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &NAdam[T]{group: g, cfg: cfg, muProduct: 1}
	o.c = kernel.NAdamCoeffs[T]{
		Grad:          kernel.Grad[T]{WeightDecay: T(cfg.WeightDecay)},
		Beta1:         T(cfg.Beta1),
		Beta2:         T(cfg.Beta2),
		OneMinusBeta1: T(1 - cfg.Beta1),
		OneMinusBeta2: T(1 - cfg.Beta2),
		Eps:           T(cfg.Eps),
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *NAdam[T]) Config() NAdamConfig { return o.cfg }

// Step performs one NAdam step; see Optimizer.
func (o *NAdam[T]) Step() error {
	if err := o.check(o.m); err != nil {
		return err
	}
	if o.m == nil {
		o.m, o.v = o.newState(0), o.newState(0)
	}
	t := o.steps + 1
	cfg := &o.cfg
	mu := momentumFactor(cfg.Beta1, cfg.MomentumDecay, t)
	muNext := momentumFactor(cfg.Beta1, cfg.MomentumDecay, t+1)
	o.muProduct *= T(mu) // torch: mu_product *= mu on a tensor of dtype T
	muProductNext := o.muProduct * T(muNext)
	o.c.BC2 = T(1 - xmath.PowInt(cfg.Beta2, t))
	o.c.GradCoeff = T(-cfg.LR * (1 - mu) / (1 - float64(o.muProduct)))
	o.c.MomentCoeff = T(-cfg.LR * muNext / (1 - float64(muProductNext)))
	for i, p := range o.params {
		kernel.NAdam(p.Value, p.Grad, o.m[i], o.v[i], &o.c)
	}
	o.steps = t
	return nil
}

// momentumFactor returns NAdam's μ_t = β1*(1 - 0.5*0.96^(t*ψ)), in torch's
// order of operations with a correctly rounded power.
func momentumFactor(beta1, psi float64, t int) float64 {
	return float64(beta1 * (1 - float64(0.5*xmath.Pow(0.96, float64(float64(t)*psi)))))
}
