package optim

import (
	"math"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adam[float64])(nil)

// AdamConfig holds the hyperparameters of Adam, under torch's names.
type AdamConfig struct {
	LR          float64 // lr: learning rate; default 1e-3
	Beta1       float64 // betas[0]: decay rate of the first moment, in [0, 1); default 0.9
	Beta2       float64 // betas[1]: decay rate of the second moment, in [0, 1); default 0.999
	Eps         float64 // eps: added to the denominator outside the square root, > 0; default 1e-8
	WeightDecay float64 // weight_decay: L2 penalty, g += weight_decay*p; default 0
	AMSGrad     bool    // amsgrad: normalize by the running maximum of v; default false
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// Adam is Adaptive Moment Estimation (Kingma & Ba, 2015,
// https://arxiv.org/abs/1412.6980), as torch.optim.Adam: momentum (a running
// mean of gradients) divided by the root of a running mean of squared
// gradients, both corrected for their start at zero. At step t = 1, 2, ...
//
//	g = grad (+ weight_decay*p)
//	m = β1*m + (1-β1)*g
//	v = β2*v + (1-β2)*g²
//	v̂max = max(v̂max, v) and v is replaced by v̂max    (AMSGrad)
//	p = p - lr/(1-β1^t) * m / (sqrt(v)/sqrt(1-β2^t) + eps)
//
// Convention: eps is added outside the square root, after the bias
// correction of v, as in torch and the paper; some libraries put it inside
// (sqrt(v̂ + eps)), which gives visibly different trajectories early on.
// Weight decay here is the L2 penalty added to the gradient; for decoupled
// weight decay use AdamW.
//
// Defaults (torch 1.13): lr 1e-3, betas (0.9, 0.999), eps 1e-8,
// weight_decay 0, amsgrad false, maximize false.
type Adam[T tensor.Float] struct {
	group[T]
	cfg AdamConfig
	adamState[T]
}

// NewAdam returns an Adam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, AMSGrad, Maximize and AllowNonFinite.
func NewAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adam[T], error) {
	const name = "Adam"
	h := hyper{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8}
	if err := h.apply(name, []optionKey{optLR, optBetas, optEps, optWeightDecay, optAMSGrad, optMaximize}, opts); err != nil {
		return nil, err
	}
	cfg := AdamConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		AMSGrad: h.amsgrad, Maximize: h.maximize, AllowNonFinite: h.allowNonFinite}
	c := rangeCheck{opt: name}
	checkAdamLike(&c, cfg.LR, cfg.Beta1, cfg.Beta2, cfg.Eps, cfg.WeightDecay)
	if c.err != nil {
		return nil, c.err
	}
	g, err := newGroup(name, params, cfg.AllowNonFinite)
	if err != nil {
		return nil, err
	}
	o := &Adam[T]{group: g, cfg: cfg}
	o.adamState.init(cfg.LR, cfg.Beta1, cfg.Beta2, cfg.Eps, cfg.AMSGrad,
		kernel.Grad[T]{Maximize: cfg.Maximize, WeightDecay: T(cfg.WeightDecay)}, 1)
	return o, nil
}

// Config returns the hyperparameters.
func (o *Adam[T]) Config() AdamConfig { return o.cfg }

// Step performs one Adam step; see Optimizer.
func (o *Adam[T]) Step() error { return o.adamState.step(&o.group) }

// checkAdamLike validates the hyperparameters the Adam family shares.
func checkAdamLike(c *rangeCheck, lr, beta1, beta2, eps, weightDecay float64) {
	c.in("lr", lr, nonNegative)
	c.in("beta1", beta1, unitOpen)
	c.in("beta2", beta2, unitOpen)
	c.in("eps", eps, positive)
	c.in("weight_decay", weightDecay, nonNegative)
}

// adamState is the state and step of Adam and AdamW.
type adamState[T tensor.Float] struct {
	lr, beta1, beta2 float64
	amsgrad          bool
	m, v, vmax       [][]T // moments and AMSGrad's maximum, created on the first step
	c                kernel.AdamCoeffs[T]
}

// init sets the constant coefficients; decay is AdamW's factor 1-lr*wd (1 for Adam).
func (s *adamState[T]) init(lr, beta1, beta2, eps float64, amsgrad bool, grad kernel.Grad[T], decay float64) {
	s.lr, s.beta1, s.beta2, s.amsgrad = lr, beta1, beta2, amsgrad
	s.c = kernel.AdamCoeffs[T]{
		Grad:          grad,
		Decay:         T(decay),
		Beta1:         T(beta1),
		Beta2:         T(beta2),
		OneMinusBeta1: T(1 - beta1),
		OneMinusBeta2: T(1 - beta2),
		Eps:           T(eps),
	}
}

func (s *adamState[T]) step(g *group[T]) error {
	if err := g.check(s.m); err != nil {
		return err
	}
	if s.m == nil {
		s.m, s.v = g.newState(0), g.newState(0)
		if s.amsgrad {
			s.vmax = g.newState(0)
		}
	}
	t := g.steps + 1
	bc1 := 1 - xmath.PowInt(s.beta1, t)
	bc2 := 1 - xmath.PowInt(s.beta2, t)
	s.c.NegStepSize = T(-(s.lr / bc1))
	s.c.SqrtBC2 = T(math.Sqrt(bc2))
	for i, p := range g.params {
		kernel.Adam(p.Value, p.Grad, s.m[i], s.v[i], at(s.vmax, i), &s.c)
	}
	g.steps = t
	return nil
}
