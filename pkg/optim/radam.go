package optim

import (
	"math"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*RAdam[float64])(nil)

// RAdamConfig holds the hyperparameters of RAdam, under torch's names.
type RAdamConfig struct {
	LR          float64 // lr: learning rate; default 1e-3
	Beta1       float64 // betas[0]: decay rate of the first moment, in [0, 1); default 0.9
	Beta2       float64 // betas[1]: decay rate of the second moment, in [0, 1); default 0.999
	Eps         float64 // eps: added to the denominator outside the square root, > 0; default 1e-8
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// RAdam is Rectified Adam (Liu et al., 2020, "On the Variance of the Adaptive
// Learning Rate and Beyond", https://arxiv.org/abs/1908.03265), as
// torch.optim.RAdam. While too few steps have been taken for the second
// moment to be trusted it takes plain momentum steps; afterwards it takes
// Adam steps scaled by a variance rectification factor r_t:
//
//	m = β1*m + (1-β1)*g;  v = β2*v + (1-β2)*g²;  m̂ = m/(1-β1^t)
//	ρ∞ = 2/(1-β2) - 1;  ρ_t = ρ∞ - 2t*β2^t/(1-β2^t)
//	ρ_t > 5:  r_t = sqrt((ρ_t-4)(ρ_t-2)ρ∞ / ((ρ∞-4)(ρ∞-2)ρ_t))
//	          p = p - lr * m̂ * sqrt(1-β2^t)/(sqrt(v)+eps) * r_t
//	otherwise p = p - lr * m̂
//
// With the default β2 the rectified phase starts at step 6. eps is outside
// the square root. torch 1.13's RAdam has no maximize option, and neither
// has this one.
//
// Defaults (torch 1.13): lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.
type RAdam[T tensor.Float] struct {
	group[T]
	cfg  RAdamConfig
	m, v [][]T // moments, created on the first step
	c    kernel.RAdamCoeffs[T]
}

// NewRAdam returns a RAdam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay and AllowNonFinite.
func NewRAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*RAdam[T], error) {
	const name = "RAdam"
	h := hyper{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8}
	if err := h.apply(name, []optionKey{optLR, optBetas, optEps, optWeightDecay}, opts); err != nil {
		return nil, err
	}
	cfg := RAdamConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	checkAdamLike(&c, cfg.LR, cfg.Beta1, cfg.Beta2, cfg.Eps, cfg.WeightDecay)
	if c.err != nil {
		return nil, c.err
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &RAdam[T]{group: g, cfg: cfg}
	o.c = kernel.RAdamCoeffs[T]{
		Grad:          kernel.Grad[T]{WeightDecay: T(cfg.WeightDecay)},
		Beta1:         T(cfg.Beta1),
		Beta2:         T(cfg.Beta2),
		OneMinusBeta1: T(1 - cfg.Beta1),
		OneMinusBeta2: T(1 - cfg.Beta2),
		LR:            T(cfg.LR),
		Eps:           T(cfg.Eps),
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *RAdam[T]) Config() RAdamConfig { return o.cfg }

// Step performs one RAdam step; see Optimizer.
func (o *RAdam[T]) Step() error {
	if err := o.check(o.m); err != nil {
		return err
	}
	if o.m == nil {
		o.m, o.v = o.newState(0), o.newState(0)
	}
	t := o.steps + 1
	b2 := o.cfg.Beta2
	b2t := xmath.PowInt(b2, t)
	bc1 := 1 - xmath.PowInt(o.cfg.Beta1, t)
	bc2 := 1 - b2t
	rhoInf := 2/(1-b2) - 1
	rhoT := rhoInf - float64(float64(2*float64(t))*b2t)/bc2
	o.c.BC1 = T(bc1)
	o.c.Rectified = rhoT > 5
	if o.c.Rectified {
		rect := math.Sqrt(float64(float64((rhoT-4)*(rhoT-2))*rhoInf) / float64(float64((rhoInf-4)*(rhoInf-2))*rhoT))
		o.c.Rect = T(rect)
		o.c.SqrtBC2 = T(math.Sqrt(bc2))
	}
	for i, p := range o.params {
		kernel.RAdam(p.Value, p.Grad, o.m[i], o.v[i], &o.c)
	}
	o.steps = t
	return nil
}
