package optim

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*ASGD[float64])(nil)

// ASGDConfig holds the hyperparameters of ASGD, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type ASGDConfig struct {
	LR          float64 // lr: the learning rate's start; default 1e-2
	Lambd       float64 // lambd: the decay term λ, >= 0; default 1e-4
	Alpha       float64 // alpha: the power of the learning rate's decay, >= 0; default 0.75
	T0          float64 // t0: the step after which the average starts, >= 0; default 1e6
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// ASGD is averaged stochastic gradient descent (Polyak & Juditsky, 1992,
// "Acceleration of Stochastic Approximation by Averaging",
// https://doi.org/10.1137/0330046), as torch.optim.ASGD: SGD with a
// decaying learning rate η_t and, from step t0 on, a running average ax of
// the iterates, which is the answer of the method. At step t = 1, 2, ...
//
//	p = p*(1 - λη);  p = p - η*g
//	ax = ax + (p - ax)*μ       (μ ≠ 1; else ax = p)
//	η = lr / (1 + λ*lr*t)^α;  μ = 1 / max(1, t - t0)
//
// with η = lr and μ = 1 at the first step. So ax is a copy of p until step
// t0 + 2 and from then on the mean of the parameters after steps t0 + 2 ...
// t; with the default t0 = 1e6 it stays a copy. The parameters themselves
// are not averaged: read ax with CopyAverage (or State), as torch's users
// read state[p]["ax"]. Convention: η and μ are kept in the element type, as
// torch keeps them in tensors of the parameters' dtype, and computed in
// float64 with a correctly rounded power.
//
// State (see State): ax, from the first Step; eta and mu, one value each:
// those of the parameter's group for the next step. Checkpoints hold the
// hyperparameters lr, lambd, alpha, t0, weight_decay, maximize, in this
// order, ax, and eta and mu as group scalars.
//
// Defaults (torch 1.13): lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6,
// weight_decay 0, maximize false.
//
// An ASGD is not safe for concurrent use; see Optimizer.
type ASGD[T tensor.Float] struct {
	core[T, asgdGroup[T]]
}

var (
	hpLambd = def(hp{option: "Lambd", torch: "lambd", in: nonNegative, in64: true})
	hpT0    = def(hp{option: "T0", torch: "t0", in: nonNegative, in64: true})
)

// Lambd sets ASGD's decay term λ, torch's lambd (>= 0).
func Lambd(lambd float64) Option { return hpLambd.with(lambd, 0) }

// T0 sets the step from which ASGD averages, torch's t0 (>= 0).
func T0(t0 float64) Option { return hpT0.with(t0, 0) }

var asgdKind = kind{
	name:     "ASGD",
	takes:    []*hp{hpLR, hpLambd, hpAlpha, hpT0, hpWeightDecay, hpMaximize},
	defaults: []Option{LR(1e-2), Lambd(1e-4), Alpha(0.75), T0(1e6)},
	ranges:   map[*hp]interval{hpAlpha: nonNegative}, // a power here, not RMSprop's smoothing constant
	slots:    []slotKind{{name: "ax"}},
}

// asgdGroup is a group's state: its coefficients, and η and μ for the next
// step.
type asgdGroup[T tensor.Float] struct {
	c       kernel.ASGDCoeffs[T]
	eta, mu T
}

func asgdDecl[T tensor.Float]() *decl[T, asgdGroup[T]] {
	return &decl[T, asgdGroup[T]]{
		kind: &asgdKind,
		init: func(g *asgdGroup[T], h *hyper) { g.eta, g.mu = T(h.f(hpLR)), 1 },
		coeffs: func(g *asgdGroup[T], pg *paramGroup, t int, _ bool) {
			lr, lambd, alpha, t0 := pg.f(hpLR), pg.f(hpLambd), pg.f(hpAlpha), pg.f(hpT0)
			if t == 1 { // torch creates η and μ at the first step, from the lr of then
				g.eta, g.mu = T(lr), 1
			}
			eta := float64(g.eta)
			g.c = kernel.ASGDCoeffs[T]{
				Grad:    gradOf[T](&pg.hyper),
				Decay:   T(1 - float64(lambd*eta)),
				NegEta:  T(-eta),
				Mu:      g.mu,
				Average: g.mu != 1,
			}
			g.eta = T(lr / xmath.Pow(1+float64(float64(lambd*lr)*float64(t)), alpha))
			g.mu = T(1 / max(1, float64(t)-t0))
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, g *asgdGroup[T]) {
			kernel.ASGD(p.Value, p.Grad, s[0], &g.c)
		},
		scalars: []scalarDecl[T, asgdGroup[T]]{
			{name: "eta", in: nonNegative, of: func(g *asgdGroup[T]) *T { return &g.eta }},
			{name: "mu", in: interval{lo: 0, hi: 1, loOpen: true}, of: func(g *asgdGroup[T]) *T { return &g.mu }},
		},
	}
}

// NewASGD returns an ASGD optimizer for params. It takes the options LR,
// Lambd, Alpha, T0, WeightDecay, Maximize, AllowNonFinite and ParamGroup.
func NewASGD[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*ASGD[T], error) {
	return construct[ASGD[T]](asgdDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *ASGD[T]) Config() ASGDConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *ASGD[T]) GroupConfig(g int) ASGDConfig { return configOf[ASGDConfig](&o.base, g) }

// CopyAverage copies the averaged iterate ax of every parameter into dst,
// which holds one tensor per parameter, in the order of Params, each of
// the parameter's shape: dst[i].Value = ax of Params()[i]. Only the values
// are written. Before the first Step there is no average yet and the error
// wraps ErrNoState; a dst of the wrong length or shapes is an error too,
// and on error nothing is written. To evaluate the model at the average,
// pass tensors of its own, or copy the parameters aside and pass Params().
func (o *ASGD[T]) CopyAverage(dst []*tensor.Tensor[T]) error {
	if err := o.enter("CopyAverage"); err != nil {
		return err
	}
	defer o.leave()
	if o.steps == 0 {
		return fmt.Errorf("optim: ASGD: CopyAverage: %w", ErrNoState)
	}
	if len(dst) != len(o.params) {
		return fmt.Errorf("optim: ASGD: CopyAverage: %d tensors for %d parameters", len(dst), len(o.params))
	}
	for i, d := range dst {
		if d == nil || len(d.Value) != len(o.params[i].Value) {
			return fmt.Errorf("optim: ASGD: CopyAverage: tensor %d is nil or does not have the %d values of %s", i, len(o.params[i].Value), paramLabel(i, o.params[i].Name))
		}
	}
	for i, d := range dst {
		copy(d.Value, o.arrays[0][i])
	}
	return nil
}
