package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adadelta[float64])(nil)

// AdadeltaConfig holds the hyperparameters of Adadelta, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type AdadeltaConfig struct {
	LR          float64 // lr: scales the step delta; default 1.0
	Rho         float64 // rho: decay rate of both running means, in [0, 1]; default 0.9
	Eps         float64 // eps: added inside both square roots, > 0; default 1e-6
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Adadelta (Zeiler, 2012, https://arxiv.org/abs/1212.5701), as
// torch.optim.Adadelta, scales each step by the ratio of the root mean square
// of past updates to that of past gradients, so that the step has the units
// of the parameter and needs no learning rate (lr multiplies it, default 1):
//
//	sq = ρ*sq + (1-ρ)*g²
//	delta = sqrt(acc + eps) / sqrt(sq + eps) * g
//	acc = ρ*acc + (1-ρ)*delta²
//	p = p - lr*delta
//
// Convention: here eps is inside the square roots, as in the paper and torch.
//
// Defaults (torch 1.13): lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize false.
//
// An Adadelta is not safe for concurrent use; see Optimizer.
type Adadelta[T tensor.Float] struct {
	core[T, kernel.AdadeltaCoeffs[T]]
}

var hpRho = def(hp{option: "Rho", torch: "rho", in: unit})

// Rho sets Adadelta's decay rate of the running averages, torch's rho, in [0, 1].
func Rho(r float64) Option { return hpRho.with(r, 0) }

var adadeltaKind = kind{
	name:     "Adadelta",
	takes:    []*hp{hpLR, hpRho, hpEps, hpWeightDecay, hpMaximize},
	defaults: []Option{LR(1.0), Rho(0.9), Eps(1e-6)},
	slots:    []slotKind{{name: "square_avg"}, {name: "acc_delta"}},
}

func adadeltaDecl[T tensor.Float]() *decl[T, kernel.AdadeltaCoeffs[T]] {
	return &decl[T, kernel.AdadeltaCoeffs[T]]{
		kind: &adadeltaKind,
		coeffs: func(c *kernel.AdadeltaCoeffs[T], pg *paramGroup, _ int, _ bool) {
			rho := pg.f(hpRho)
			*c = kernel.AdadeltaCoeffs[T]{
				Grad:        gradOf[T](&pg.hyper),
				NegLR:       T(-pg.f(hpLR)),
				Rho:         T(rho),
				OneMinusRho: T(1 - rho),
				Eps:         T(pg.f(hpEps)),
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.AdadeltaCoeffs[T]) {
			kernel.Adadelta(p.Value, p.Grad, s[0], s[1], c)
		},
	}
}

// NewAdadelta returns an Adadelta optimizer for params. It takes the options
// LR, Rho, Eps, WeightDecay, Maximize, AllowNonFinite and ParamGroup.
func NewAdadelta[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adadelta[T], error) {
	return construct[Adadelta[T]](adadeltaDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *Adadelta[T]) Config() AdadeltaConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adadelta[T]) GroupConfig(g int) AdadeltaConfig { return configOf[AdadeltaConfig](&o.base, g) }
