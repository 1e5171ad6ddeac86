package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*AdamW[float64])(nil)

// AdamWConfig holds the hyperparameters of AdamW, under torch's names.
type AdamWConfig struct {
	LR          float64 // lr: learning rate; default 1e-3
	Beta1       float64 // betas[0]: decay rate of the first moment, in [0, 1); default 0.9
	Beta2       float64 // betas[1]: decay rate of the second moment, in [0, 1); default 0.999
	Eps         float64 // eps: added to the denominator outside the square root, > 0; default 1e-8
	WeightDecay float64 // weight_decay: decoupled decay, p *= 1 - lr*weight_decay each step; default 1e-2
	AMSGrad     bool    // amsgrad: normalize by the running maximum of v; default false
	Maximize    bool    // maximize: follow +g instead of -g; default false

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// AdamW is Adam with decoupled weight decay (Loshchilov & Hutter, 2019,
// https://arxiv.org/abs/1711.05101), as torch.optim.AdamW. Each step first
// shrinks the parameters, then takes an Adam step on the plain gradient:
//
//	p = p * (1 - lr*weight_decay)
//	m = β1*m + (1-β1)*g;  v = β2*v + (1-β2)*g²
//	p = p - lr/(1-β1^t) * m / (sqrt(v)/sqrt(1-β2^t) + eps)
//
// Unlike Adam's L2 penalty, the decay does not pass through the adaptive
// denominator, so every weight decays at the same relative rate. With
// weight_decay 0 AdamW is Adam. eps is outside the square root, as in Adam.
//
// Defaults (torch 1.13): lr 1e-3, betas (0.9, 0.999), eps 1e-8,
// weight_decay 1e-2, amsgrad false, maximize false.
type AdamW[T tensor.Float] struct {
	group[T]
	cfg AdamWConfig
	adamState[T]
}

// NewAdamW returns an AdamW optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, AMSGrad, Maximize and AllowNonFinite.
func NewAdamW[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*AdamW[T], error) {
	const name = "AdamW"
	h := hyper{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2}
	if err := h.apply(name, []optionKey{optLR, optBetas, optEps, optWeightDecay, optAMSGrad, optMaximize}, opts); err != nil {
		return nil, err
	}
	cfg := AdamWConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
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
	o := &AdamW[T]{group: g, cfg: cfg}
	o.adamState.init(cfg.LR, cfg.Beta1, cfg.Beta2, cfg.Eps, cfg.AMSGrad,
		kernel.Grad[T]{Maximize: cfg.Maximize}, 1-float64(cfg.LR*cfg.WeightDecay))
	return o, nil
}

// Config returns the hyperparameters.
func (o *AdamW[T]) Config() AdamWConfig { return o.cfg }

// Step performs one AdamW step; see Optimizer.
func (o *AdamW[T]) Step() error { return o.adamState.step(&o.group) }
