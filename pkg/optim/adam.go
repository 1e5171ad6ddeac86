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
	base[T]
	adamState[T]
}

var adamKind = kind{
	name:     "Adam",
	takes:    []optionKey{optLR, optBetas, optEps, optWeightDecay, optAMSGrad, optMaximize},
	defaults: hyper{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8},
	momentum: optBetas,
	validate: func(c rangeCheck, h hyper) error { checkAdamLike(&c, &h); return c.err },
}

// NewAdam returns an Adam optimizer for params. It takes the options LR,
// Betas, Eps, WeightDecay, AMSGrad, Maximize, AllowNonFinite and ParamGroup.
func NewAdam[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*Adam[T], error) {
	o := &Adam[T]{}
	if err := o.setup(&adamKind, params, opts); err != nil {
		return nil, err
	}
	o.adamState.init(&o.base)
	return o, nil
}

// Config returns the hyperparameters of group 0.
func (o *Adam[T]) Config() AdamConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *Adam[T]) GroupConfig(g int) AdamConfig {
	h := &o.groups[g].hyper
	return AdamConfig{LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps, WeightDecay: h.weightDecay,
		AMSGrad: h.amsgrad, Maximize: h.maximize, AllowNonFinite: o.allowNonFinite}
}

// GroupMomentum returns group g's β1. It panics if g is out of range.
func (o *Adam[T]) GroupMomentum(g int) float64 { return o.groupMomentum(g) }

// SetGroupMomentum sets group g's β1, in [0, 1); it takes effect at the next Step.
func (o *Adam[T]) SetGroupMomentum(g int, beta1 float64) error { return o.setGroupMomentum(g, beta1) }

// Step performs one Adam step; see Optimizer.
func (o *Adam[T]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	return o.adamState.step(&o.base, false)
}

// checkAdamLike validates the hyperparameters the Adam family shares.
func checkAdamLike(c *rangeCheck, h *hyper) {
	c.in("lr", h.lr, nonNegative)
	c.in("beta1", h.beta1, unitOpen)
	c.in("beta2", h.beta2, unitOpen)
	c.in("eps", h.eps, positive)
	c.in("weight_decay", h.weightDecay, nonNegative)
}

// adamState is the state and step of Adam and AdamW.
type adamState[T tensor.Float] struct {
	m, v, vmax [][]T // moments and AMSGrad's maximum (amsgrad groups), created on the first step
	c          []kernel.AdamCoeffs[T]
}

func (s *adamState[T]) init(b *base[T]) {
	s.m, s.v, s.vmax = b.newSlot(), b.newSlot(), b.newSlot()
	s.c = make([]kernel.AdamCoeffs[T], len(b.groups))
}

// step takes one step; decoupled selects AdamW's weight decay.
func (s *adamState[T]) step(b *base[T], decoupled bool) error {
	if err := b.check(s.m); err != nil {
		return err
	}
	if s.m[0] == nil {
		b.fillAll(s.m, 0)
		b.fillAll(s.v, 0)
		for g := range b.groups {
			if b.groups[g].amsgrad {
				b.fill(s.vmax, g, 0)
			}
		}
	}
	t := b.steps + 1
	for g := range b.groups {
		pg := &b.groups[g]
		bc1 := 1 - pg.beta1Pow(t)
		bc2 := 1 - pg.beta2Pow(t)
		c := &s.c[g]
		*c = kernel.AdamCoeffs[T]{
			Grad:          gradOf[T](&pg.hyper),
			Decay:         1,
			Beta1:         T(pg.beta1),
			Beta2:         T(pg.beta2),
			OneMinusBeta1: T(1 - pg.beta1),
			OneMinusBeta2: T(1 - pg.beta2),
			NegStepSize:   T(-(pg.lr / bc1)),
			SqrtBC2:       T(math.Sqrt(bc2)),
			Eps:           T(pg.eps),
		}
		if decoupled { // AdamW: p *= 1 - lr*weight_decay, and no L2 term in g
			c.Decay = T(1 - float64(pg.lr*pg.weightDecay))
			c.Grad.WeightDecay = 0
		}
		for i := pg.start; i < pg.end; i++ {
			p := b.params[i]
			kernel.Adam(p.Value, p.Grad, s.m[i], s.v[i], s.vmax[i], c)
		}
	}
	b.steps = t
	return nil
}

// state describes the state of Adam and AdamW for checkpoints.
func (s *adamState[T]) state() stateDesc[T] {
	return stateDesc[T]{slots: []slot[T]{
		{name: "exp_avg", state: &s.m},
		{name: "exp_avg_sq", state: &s.v},
		{name: "max_exp_avg_sq", state: &s.vmax, when: func(h *hyper) bool { return h.amsgrad }},
	}}
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *Adam[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *Adam[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }
