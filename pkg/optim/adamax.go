package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adamax[float64])(nil)

// AdamaxConfig holds the hyperparameters of Adamax, under torch's names.
type AdamaxConfig struct {
	LR          float64 // lr: learning rate; default 2e-3
	Beta1       float64 // betas[0]: decay rate of the first moment, in [0, 1); default 0.9
	Beta2       float64 // betas[1]: decay rate of the infinity norm, in [0, 1); default 0.999
	Eps         float64 // eps: added to |g| inside the maximum, > 0; default 1e-8
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Adamax is the infinity-norm variant of Adam (Kingma & Ba, 2015, section 7.1,
// https://arxiv.org/abs/1412.6980), as torch.optim.Adamax: the root mean
// square of Adam's denominator becomes an exponentially decaying maximum of |g|:
//
//	m = β1*m + (1-β1)*g
//	u = max(β2*u, |g| + eps)
//	p = p - lr/(1-β1^t) * m/u
//
// Convention: torch adds eps to |g| inside the maximum (the paper has no eps).
//
// Defaults (torch 1.13): lr 2e-3, betas (0.9, 0.999), eps 1e-8,
// weight_decay 0, maximize false.
type Adamax[T tensor.Float] struct {
	group[T]
	cfg  AdamaxConfig
	m, u [][]T // first moment and infinity norm, created on the first step
	c    kernel.AdamaxCoeffs[T]
}

// NewAdamax returns an Adamax optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, Maximize and AllowNonFinite.
func NewAdamax[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adamax[T], error) {
	const name = "Adamax"
	h := hyper{lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8}
	if err := h.apply(name, []optionKey{optLR, optBetas, optEps, optWeightDecay, optMaximize}, opts); err != nil {
		return nil, err
	}
	cfg := AdamaxConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		Maximize: h.maximize, AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	checkAdamLike(&c, cfg.LR, cfg.Beta1, cfg.Beta2, cfg.Eps, cfg.WeightDecay)
	if c.err != nil {
		return nil, c.err
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &Adamax[T]{group: g, cfg: cfg}
	o.c = kernel.AdamaxCoeffs[T]{
		Grad:          kernel.Grad[T]{Maximize: cfg.Maximize, WeightDecay: T(cfg.WeightDecay)},
		Beta1:         T(cfg.Beta1),
		Beta2:         T(cfg.Beta2),
		OneMinusBeta1: T(1 - cfg.Beta1),
		Eps:           T(cfg.Eps),
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *Adamax[T]) Config() AdamaxConfig { return o.cfg }

// Step performs one Adamax step; see Optimizer.
func (o *Adamax[T]) Step() error {
	if err := o.check(o.m); err != nil {
		return err
	}
	if o.m == nil {
		o.m, o.u = o.newState(0), o.newState(0)
	}
	t := o.steps + 1
	clr := o.cfg.LR / (1 - xmath.PowInt(o.cfg.Beta1, t))
	o.c.NegCLR = T(-clr)
	for i, p := range o.params {
		kernel.Adamax(p.Value, p.Grad, o.m[i], o.u[i], &o.c)
	}
	o.steps = t
	return nil
}
