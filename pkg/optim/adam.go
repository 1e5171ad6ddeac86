package optim

import (
	"math"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*Adam[float64])(nil)

// AdamConfig holds the hyperparameters of Adam, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
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
//
// An Adam is not safe for concurrent use; see Optimizer.
type Adam[T tensor.Float] struct {
	core[T, kernel.AdamCoeffs[T]]
}

var adamKind = kind{
	name:     "Adam",
	takes:    []*hp{hpLR, hpBetas, hpEps, hpWeightDecay, hpAMSGrad, hpMaximize},
	defaults: []Option{LR(1e-3), Betas(0.9, 0.999), Eps(1e-8)},
	momentum: hpBetas,
	slots:    adamSlots,
}

// adamSlots are the state of Adam and AdamW.
var adamSlots = []slotKind{
	{name: "exp_avg"},
	{name: "exp_avg_sq"},
	{name: "max_exp_avg_sq", when: func(h *hyper) bool { return h.on(hpAMSGrad) }},
}

// adamDecl declares Adam, or AdamW (decoupled weight decay) for kind k.
func adamDecl[T tensor.Float](k *kind, decoupled bool) *decl[T, kernel.AdamCoeffs[T]] {
	return &decl[T, kernel.AdamCoeffs[T]]{
		kind: k,
		coeffs: func(c *kernel.AdamCoeffs[T], pg *paramGroup, t int, _ bool) {
			lr, eps, wd := pg.f(hpLR), pg.f(hpEps), pg.f(hpWeightDecay)
			beta1, beta2 := pg.pair(hpBetas)
			bc1 := 1 - pg.beta1Pow(t)
			bc2 := 1 - pg.beta2Pow(t)
			*c = kernel.AdamCoeffs[T]{
				Grad:          gradOf[T](&pg.hyper),
				Decay:         1,
				Beta1:         T(beta1),
				Beta2:         T(beta2),
				OneMinusBeta1: T(1 - beta1),
				OneMinusBeta2: T(1 - beta2),
				NegStepSize:   T(-(lr / bc1)),
				SqrtBC2:       T(math.Sqrt(bc2)),
				Eps:           T(eps),
			}
			if decoupled { // AdamW: p *= 1 - lr*weight_decay, and no L2 term in g
				c.Decay = T(1 - float64(lr*wd))
				c.Grad.WeightDecay = 0
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, c *kernel.AdamCoeffs[T]) {
			kernel.Adam(p.Value, p.Grad, s[0], s[1], s[2], c)
		},
	}
}

// NewAdam returns an Adam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, AMSGrad, Maximize, AllowNonFinite and ParamGroup.
func NewAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adam[T], error) {
	return construct[Adam[T]](adamDecl[T](&adamKind, false), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *Adam[T]) Config() AdamConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adam[T]) GroupConfig(g int) AdamConfig { return configOf[AdamConfig](&o.base, g) }

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *Adam[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *Adam[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }
