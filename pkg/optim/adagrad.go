package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adagrad[float64])(nil)

// AdagradConfig holds the hyperparameters of Adagrad, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type AdagradConfig struct {
	LR                      float64 // lr: learning rate; default 1e-2
	LRDecay                 float64 // lr_decay: step t uses lr/(1 + (t-1)*lr_decay); default 0
	WeightDecay             float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	InitialAccumulatorValue float64 // initial_accumulator_value: starting value of the sum of g²; default 0
	Eps                     float64 // eps: added to the denominator outside the square root, > 0; default 1e-10
	Maximize                bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Adagrad is the adaptive gradient method (Duchi, Hazan & Singer, 2011,
// https://jmlr.org/papers/v12/duchi11a.html), as torch.optim.Adagrad: each
// parameter's step is divided by the root of the sum of all its squared
// gradients so far, so frequently large gradients get small steps. At step
// t = 1, 2, ...
//
//	clr = lr / (1 + (t-1)*lr_decay)
//	sum = sum + g²
//	p = p - clr * g / (sqrt(sum) + eps)
//
// The sum only grows, so the effective learning rate only shrinks; RMSprop
// and Adam replace it with a running mean. eps is added outside the square
// root. initial_accumulator_value applies to every parameter group: torch
// fills the sums from the constructor's value, whatever a group says.
//
// Defaults (torch 1.13): lr 1e-2, lr_decay 0, weight_decay 0,
// initial_accumulator_value 0, eps 1e-10, maximize false.
//
// An Adagrad is not safe for concurrent use; see Optimizer.
type Adagrad[T tensor.Float] struct {
	core[T, kernel.AdagradCoeffs[T]]
}

var hpLRDecay = def(hp{option: "LRDecay", torch: "lr_decay", in: nonNegative, in64: true})

// LRDecay sets Adagrad's learning-rate decay, torch's lr_decay (>= 0).
func LRDecay(d float64) Option { return hpLRDecay.with(d, 0) }

var adagradKind = kind{
	name:     "Adagrad",
	takes:    []*hp{hpLR, hpLRDecay, hpWeightDecay, hpInitialAccumulatorValue, hpEps, hpMaximize},
	defaults: []Option{LR(1e-2), Eps(1e-10)},
	slots:    []slotKind{{name: "sum", fill: func(h *hyper) float64 { return h.f(hpInitialAccumulatorValue) }}},
}

func adagradDecl[T tensor.Float]() *decl[T, kernel.AdagradCoeffs[T]] {
	return &decl[T, kernel.AdagradCoeffs[T]]{
		kind: &adagradKind,
		coeffs: func(c *kernel.AdagradCoeffs[T], pg *paramGroup, t int, _ bool) {
			clr := pg.f(hpLR) / (1 + float64(float64(t-1)*pg.f(hpLRDecay)))
			*c = kernel.AdagradCoeffs[T]{Grad: gradOf[T](&pg.hyper), NegCLR: T(-clr), Eps: T(pg.f(hpEps))}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.AdagradCoeffs[T]) {
			kernel.Adagrad(p.Value, p.Grad, s[0], c)
		},
	}
}

// NewAdagrad returns an Adagrad optimizer for params. It takes the options
// LR, LRDecay, WeightDecay, InitialAccumulatorValue, Eps, Maximize,
// AllowNonFinite and ParamGroup.
func NewAdagrad[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adagrad[T], error) {
	return construct[Adagrad[T]](adagradDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *Adagrad[T]) Config() AdagradConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adagrad[T]) GroupConfig(g int) AdagradConfig { return configOf[AdagradConfig](&o.base, g) }
