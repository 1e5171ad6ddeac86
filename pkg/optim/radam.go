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
	core[T, kernel.RAdamCoeffs[T]]
}

var radamKind = kind{
	name:     "RAdam",
	takes:    []*hp{hpLR, hpBetas, hpEps, hpWeightDecay},
	defaults: []Option{LR(1e-3), Betas(0.9, 0.999), Eps(1e-8)},
	momentum: hpBetas,
	slots:    []slotKind{{name: "exp_avg"}, {name: "exp_avg_sq"}},
}

func radamDecl[T tensor.Float]() *decl[T, kernel.RAdamCoeffs[T]] {
	return &decl[T, kernel.RAdamCoeffs[T]]{
		kind: &radamKind,
		coeffs: func(c *kernel.RAdamCoeffs[T], pg *paramGroup, t int, _ bool) {
			b1, b2 := pg.pair(hpBetas)
			b2t := pg.beta2Pow(t)
			bc1 := 1 - pg.beta1Pow(t)
			bc2 := 1 - b2t
			rhoInf := 2/(1-b2) - 1
			rhoT := rhoInf - float64(float64(2*float64(t))*b2t)/bc2
			*c = kernel.RAdamCoeffs[T]{
				Grad:          kernel.Grad[T]{WeightDecay: T(pg.f(hpWeightDecay))},
				Beta1:         T(b1),
				Beta2:         T(b2),
				OneMinusBeta1: T(1 - b1),
				OneMinusBeta2: T(1 - b2),
				BC1:           T(bc1),
				LR:            T(pg.f(hpLR)),
				Rectified:     rhoT > 5,
				Eps:           T(pg.f(hpEps)),
			}
			if c.Rectified {
				rect := math.Sqrt(float64(float64((rhoT-4)*(rhoT-2))*rhoInf) / float64(float64((rhoInf-4)*(rhoInf-2))*rhoT))
				c.Rect = T(rect)
				c.SqrtBC2 = T(math.Sqrt(bc2))
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.RAdamCoeffs[T]) {
			kernel.RAdam(p.Value, p.Grad, s[0], s[1], c)
		},
	}
}

// NewRAdam returns a RAdam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, AllowNonFinite and ParamGroup.
func NewRAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*RAdam[T], error) {
	return construct[RAdam[T]](radamDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *RAdam[T]) Config() RAdamConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *RAdam[T]) GroupConfig(g int) RAdamConfig { return configOf[RAdamConfig](&o.base, g) }

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *RAdam[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *RAdam[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }
