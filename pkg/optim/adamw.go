package optim

import (
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*AdamW[float64])(nil)

// AdamWConfig holds the hyperparameters of AdamW, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
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
// The decay uses the current learning rate, so a scheduler scales it too.
//
// Defaults (torch 1.13): lr 1e-3, betas (0.9, 0.999), eps 1e-8,
// weight_decay 1e-2, amsgrad false, maximize false.
//
// An AdamW is not safe for concurrent use; see Optimizer.
type AdamW[T tensor.Float] struct {
	core[T, kernel.AdamCoeffs[T]]
}

var adamWKind = kind{
	name:     "AdamW",
	takes:    []*hp{hpLR, hpBetas, hpEps, hpWeightDecay, hpAMSGrad, hpMaximize},
	defaults: []Option{LR(1e-3), Betas(0.9, 0.999), Eps(1e-8), WeightDecay(1e-2)},
	momentum: hpBetas,
	slots:    adamSlots,
}

// NewAdamW returns an AdamW optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, AMSGrad, Maximize, AllowNonFinite and ParamGroup.
func NewAdamW[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*AdamW[T], error) {
	return construct[AdamW[T]](adamDecl[T](&adamWKind, true), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *AdamW[T]) Config() AdamWConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *AdamW[T]) GroupConfig(g int) AdamWConfig { return configOf[AdamWConfig](&o.base, g) }

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *AdamW[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *AdamW[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }
