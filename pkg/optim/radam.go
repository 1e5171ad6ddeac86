package optim

import (
	"math"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*RAdam[float64])(nil)

// RAdamConfig holds the hyperparameters of RAdam, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
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
//
// An RAdam is not safe for concurrent use; see Optimizer.
type RAdam[T tensor.Float] struct {
	base[T]
	m, v [][]T // moments, created on the first step
	c    []kernel.RAdamCoeffs[T]
}

var radamKind = kind{
	name:     "RAdam",
	takes:    []optionKey{optLR, optBetas, optEps, optWeightDecay},
	defaults: hyper{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8},
	momentum: optBetas,
	validate: func(c rangeCheck, h hyper) error { checkAdamLike(&c, &h); return c.err },
}

// NewRAdam returns a RAdam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, AllowNonFinite and ParamGroup.
func NewRAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*RAdam[T], error) {
	o := &RAdam[T]{}
	if err := o.setup(&radamKind, params, opts); err != nil {
		return nil, err
	}
	o.m, o.v, o.c = o.newSlot(), o.newSlot(), make([]kernel.RAdamCoeffs[T], len(o.groups))
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *RAdam[T]) Config() RAdamConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *RAdam[T]) GroupConfig(g int) RAdamConfig {
	h := &o.groups[g].hyper
	return RAdamConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		AllowNonFinite: o.allowNonFinite}
}

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *RAdam[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *RAdam[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }

// Step performs one RAdam step; see Optimizer.
func (o *RAdam[T]) Step() error {
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
		b2 := pg.beta2
		b2t := pg.beta2Pow(t)
		bc1 := 1 - pg.beta1Pow(t)
		bc2 := 1 - b2t
		rhoInf := 2/(1-b2) - 1
		rhoT := rhoInf - float64(float64(2*float64(t))*b2t)/bc2
		c := &o.c[g]
		*c = kernel.RAdamCoeffs[T]{
			Grad:          kernel.Grad[T]{WeightDecay: T(pg.weightDecay)},
			Beta1:         T(pg.beta1),
			Beta2:         T(b2),
			OneMinusBeta1: T(1 - pg.beta1),
			OneMinusBeta2: T(1 - b2),
			BC1:           T(bc1),
			LR:            T(pg.lr),
			Rectified:     rhoT > 5,
			Eps:           T(pg.eps),
		}
		if c.Rectified {
			rect := math.Sqrt(float64(float64((rhoT-4)*(rhoT-2))*rhoInf) / float64(float64((rhoInf-4)*(rhoInf-2))*rhoT))
			c.Rect = T(rect)
			c.SqrtBC2 = T(math.Sqrt(bc2))
		}
		for i := pg.start; i < pg.end; i++ {
			p := o.params[i]
			kernel.RAdam(p.Value, p.Grad, o.m[i], o.v[i], c)
		}
	}
	o.steps = t
	return nil
}

// state describes RAdam's state for checkpoints.
func (o *RAdam[T]) state() stateDesc[T] {
	return stateDesc[T]{slots: []slot[T]{{name: "exp_avg", state: &o.m}, {name: "exp_avg_sq", state: &o.v}}}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *RAdam[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *RAdam[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
