package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Rprop[float64])(nil)

// RpropConfig holds the hyperparameters of Rprop, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type RpropConfig struct {
	LR          float64 // lr: every step size's start; default 1e-2
	EtaMinus    float64 // etas[0]: a step size's factor where the gradient changes sign, in (0, 1); default 0.5
	EtaPlus     float64 // etas[1]: its factor where the sign stays, > 1; default 1.2
	StepSizeMin float64 // step_sizes[0]: the smallest step size, >= 0; default 1e-6
	StepSizeMax float64 // step_sizes[1]: the largest, >= step_sizes[0]; default 50
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Rprop is resilient backpropagation (Riedmiller & Braun, 1993, "A direct
// adaptive method for faster backpropagation learning: the RPROP
// algorithm", https://doi.org/10.1109/ICNN.1993.298623), as torch.optim.Rprop.
// It uses only the sign of each gradient element: every element has its
// own step size, which grows by etaplus while the sign stays and shrinks by
// etaminus when it flips, and the parameter moves by that step against the
// sign. At each step, elementwise,
//
//	f = etaplus if g*prev > 0, etaminus if g*prev < 0, else 1
//	step = clamp(step*f, step_size_min, step_size_max)
//	g = 0 where the sign flipped (f = etaminus)
//	p = p - sign(g)*step;  prev = g
//
// where every step size starts at lr and prev at 0: lr is used at the first
// step only, so that changing it later (SetLR, a scheduler) changes nothing,
// as in torch. Convention: torch's
// variant, without weight backtracking (Rprop⁻): a flipped sign takes no
// step and forgets the gradient, so that the next step does not shrink
// again. Rprop suits full-batch gradients; the signs of mini-batch
// gradients flip by chance. The factors are compared in the element type,
// as torch compares them in the tensor's. torch's sign of NaN is 0
// (pytorch/pytorch#41245), and so it is here: with AllowNonFinite(true), a
// NaN gradient element takes no step.
//
// State (see State): prev and step_size, both from the first Step.
// Checkpoints hold the hyperparameters lr, etaminus, etaplus,
// step_size_min, step_size_max, maximize, in this order, and those two
// arrays.
//
// Defaults (torch 1.13): lr 1e-2, etas (0.5, 1.2), step_sizes (1e-6, 50),
// maximize false.
//
// An Rprop is not safe for concurrent use; see Optimizer.
type Rprop[T tensor.Float] struct {
	core[T, kernel.RpropCoeffs[T]]
}

var (
	hpEtas = def(hp{option: "Etas", torch: "etas", names: []string{"etaminus", "etaplus"},
		fields: []string{"EtaMinus", "EtaPlus"}, in: positive})
	hpStepSizes = def(hp{option: "StepSizes", torch: "step_sizes", names: []string{"step_size_min", "step_size_max"},
		fields: []string{"StepSizeMin", "StepSizeMax"}, in: nonNegative})
)

// Etas sets Rprop's factors of a step size, torch's etas: etaMinus where the
// gradient changes sign and etaPlus where it keeps it, 0 < etaMinus < 1 <
// etaPlus.
func Etas(etaMinus, etaPlus float64) Option { return hpEtas.with(etaMinus, etaPlus) }

// StepSizes sets the bounds of Rprop's step sizes, torch's step_sizes,
// 0 <= lo <= hi.
func StepSizes(lo, hi float64) Option { return hpStepSizes.with(lo, hi) }

var rpropKind = kind{
	name:     "Rprop",
	takes:    []*hp{hpLR, hpEtas, hpStepSizes, hpMaximize},
	defaults: []Option{LR(1e-2), Etas(0.5, 1.2), StepSizes(1e-6, 50)},
	rule: func(c rangeCheck, h hyper) error {
		minus, plus := h.pair(hpEtas)
		note := ""
		if c.float32 && (float32(minus) == 1 || float32(plus) == 1) { // the factors meet the tensors in float32
			note = ", after rounding to float32"
		}
		if !(minus < 1 && 1 < plus) || note != "" {
			c.fail("etas = (%s, %s): want 0 < etaminus < 1 < etaplus%s", fmtFloat(minus), fmtFloat(plus), note)
		}
		if lo, hi := h.pair(hpStepSizes); lo > hi {
			c.fail("step_sizes = (%s, %s): want step_size_min <= step_size_max", fmtFloat(lo), fmtFloat(hi))
		}
		return c.err
	},
	slots: []slotKind{{name: "prev"}, {name: "step_size", fill: func(h *hyper) float64 { return h.f(hpLR) }}},
}

func rpropDecl[T tensor.Float]() *decl[T, kernel.RpropCoeffs[T]] {
	return &decl[T, kernel.RpropCoeffs[T]]{
		kind: &rpropKind,
		coeffs: func(c *kernel.RpropCoeffs[T], pg *paramGroup, _ int, _ bool) {
			minus, plus := pg.pair(hpEtas)
			lo, hi := pg.pair(hpStepSizes)
			*c = kernel.RpropCoeffs[T]{Maximize: pg.on(hpMaximize), EtaMinus: T(minus), EtaPlus: T(plus), StepMin: T(lo), StepMax: T(hi)}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.RpropCoeffs[T]) {
			kernel.Rprop(p.Value, p.Grad, s[0], s[1], c)
		},
	}
}

// NewRprop returns an Rprop optimizer for params. It takes the options LR,
// Etas, StepSizes, Maximize, AllowNonFinite and ParamGroup.
func NewRprop[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Rprop[T], error) {
	return construct[Rprop[T]](rpropDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *Rprop[T]) Config() RpropConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Rprop[T]) GroupConfig(g int) RpropConfig { return configOf[RpropConfig](&o.base, g) }
