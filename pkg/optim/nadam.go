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
	base[T]
	m, v      [][]T  // moments, created on the first step
	muProduct []T    // per group: Π_t, the product of the momentum factors so far
	muNext    []muAt // per group: μ_{t+1} of the last step, which is μ_t of the next
	c         []kernel.NAdamCoeffs[T]
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

var nadamKind = kind{
	name:     "NAdam",
	takes:    []optionKey{optLR, optBetas, optEps, optWeightDecay, optMomentumDecay},
	defaults: hyper{lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, momentumDecay: 4e-3},
	momentum: optBetas,
	validate: func(c rangeCheck, h hyper) error {
		checkAdamLike(&c, &h)
		c.in64("momentum_decay", h.momentumDecay, nonNegative)
		return c.err
	},
}

// NewNAdam returns an NAdam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, MomentumDecay, AllowNonFinite and ParamGroup.
func NewNAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*NAdam[T], error) {
	o := &NAdam[T]{}
	if err := o.setup(&nadamKind, params, opts); err != nil {
		return nil, err
	}
	o.m, o.v, o.muProduct = o.newSlot(), o.newSlot(), make([]T, len(o.groups))
	o.muNext, o.c = make([]muAt, len(o.groups)), make([]kernel.NAdamCoeffs[T], len(o.groups))
	for g := range o.muProduct {
		o.muProduct[g] = 1
	}
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *NAdam[T]) Config() NAdamConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *NAdam[T]) GroupConfig(g int) NAdamConfig {
	h := &o.groups[g].hyper
	return NAdamConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		MomentumDecay: h.momentumDecay, AllowNonFinite: o.allowNonFinite}
}

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *NAdam[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *NAdam[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }

// Step performs one NAdam step; see Optimizer.
func (o *NAdam[T]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	if err := o.check(o.m); err != nil {
		return err
	}
	if o.m[0] == nil {
		o.fillAll(o.m, 0)
		o.fillAll(o.v, 0)
	}
	t := o.steps + 1
	for g := range o.groups {
		pg := &o.groups[g]
		mu := o.muNext[g].at(pg.beta1, pg.momentumDecay, t)
		muNext := momentumFactor(pg.beta1, pg.momentumDecay, t+1)
		o.muNext[g] = muAt{t: t + 1, beta1: pg.beta1, psi: pg.momentumDecay, mu: muNext}
		o.muProduct[g] *= T(mu) // torch: mu_product *= mu on a tensor of dtype T
		muProductNext := o.muProduct[g] * T(muNext)
		c := &o.c[g]
		*c = kernel.NAdamCoeffs[T]{
			Grad:          kernel.Grad[T]{WeightDecay: T(pg.weightDecay)},
			Beta1:         T(pg.beta1),
			Beta2:         T(pg.beta2),
			OneMinusBeta1: T(1 - pg.beta1),
			OneMinusBeta2: T(1 - pg.beta2),
			BC2:           T(1 - pg.beta2Pow(t)),
			GradCoeff:     T(-pg.lr * (1 - mu) / (1 - float64(o.muProduct[g]))),
			MomentCoeff:   T(-pg.lr * muNext / (1 - float64(muProductNext))),
			Eps:           T(pg.eps),
		}
		for i := pg.start; i < pg.end; i++ {
			p := o.params[i]
			kernel.NAdam(p.Value, p.Grad, o.m[i], o.v[i], c)
		}
	}
	o.steps = t
	return nil
}

// momentumFactor returns NAdam's μ_t = β1*(1 - 0.5*0.96^(t*ψ)), in torch's
// order of operations with a correctly rounded power.
func momentumFactor(beta1, psi float64, t int) float64 {
	return float64(beta1 * (1 - float64(0.5*momentumBase.Pow(float64(float64(t)*psi)))))
}

// momentumBase computes the powers of 0.96 in μ_t as xmath.Pow does.
var momentumBase = xmath.NewPowBase(0.96)

// state describes NAdam's state for checkpoints.
func (o *NAdam[T]) state() stateDesc[T] {
	return stateDesc[T]{
		slots:   []slot[T]{{name: "exp_avg", state: &o.m}, {name: "exp_avg_sq", state: &o.v}},
		scalars: []groupScalar[T]{{name: "mu_product", values: &o.muProduct, in: unit}},
	}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *NAdam[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *NAdam[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
