package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

var _ Optimizer[float64] = (*AdamWScheduleFree[float64])(nil)

// ErrEvalMode is wrapped by the error of a Schedule-Free optimizer's Step
// in evaluation mode: call Train first.
var ErrEvalMode = errors.New("the optimizer is in evaluation mode (its parameters hold the average x): call Train before Step")

// AdamWScheduleFreeConfig holds the hyperparameters of AdamWScheduleFree,
// under the names of the reference implementation
// (facebookresearch/schedule_free).
// It is a plain value, a copy: changing it changes no optimizer.
type AdamWScheduleFreeConfig struct {
	LR            float64 // lr: the base learning rate; default 0.0025
	Beta1         float64 // betas[0]: the interpolation between z and x that gives y, in (0, 1); default 0.9
	Beta2         float64 // betas[1]: the decay rate of the second moment, in [0, 1); default 0.999
	Eps           float64 // eps: added to the denominator outside the square root, > 0; default 1e-8
	WeightDecay   float64 // weight_decay: wd*y added to the normalized gradient, >= 0; default 0
	WarmupSteps   int     // warmup_steps: the learning rate rises linearly over this many steps, >= 0; default 0
	R             float64 // r: the average's weights grow as t^r, >= 0; default 0
	WeightLRPower float64 // weight_lr_power: and as lr_max^weight_lr_power, >= 0; default 2

	AllowNonFinite bool // not a torch option: Step accepts NaN and Inf gradients
}

// AdamWScheduleFree is Schedule-Free AdamW (Defazio et al., 2024, "The
// Road Less Scheduled", https://arxiv.org/abs/2405.15682), as the
// reference's schedulefree.AdamWScheduleFree; it is in no torch release.
// It needs no learning-rate schedule and no run length: it keeps three
// points, the base sequence z (an Adam-normalized SGD), its weighted
// average x (the answer, where the model is evaluated) and their
// interpolation y (where the gradients are taken). At step t = 1, 2, ...,
// with lr_t = lr * min(1, t/warmup_steps) * sqrt(1 - β2^t),
//
//	y = (1-β1)*z + β1*x                       (the gradient g is taken at y)
//	v = β2*v + (1-β2)*g²;  u = g/(sqrt(v) + eps) + weight_decay*y
//	z = z - lr_t*u
//	x = (1 - c_t)*x + c_t*z,  c_t = w_t / (w_1 + ... + w_t)
//	w_t = t^r * lr_max^weight_lr_power,  lr_max = max(lr_1, ..., lr_t)
//
// starting from x = z = y = the initial parameters, v = 0; so c_1 = 1 and
// x after step t is the average of z after steps 1..t weighted by w (with
// the defaults, the plain mean once the warmup is over). As the reference
// does, only y and z are stored: the parameter tensors hold y, updated as
// y = y + c_t*(z - y) + lr_t*(β1*(1 - c_t) - 1)*u before z moves, which is
// the recursion above with x eliminated.
//
// Train and eval mode: in train mode (a new optimizer's, the reference's
// default) the parameters hold y and Step is allowed. Eval sets them to x =
// y + (1 - 1/β1)*(z - y), the point to evaluate or save; Step is then an
// error wrapping ErrEvalMode; Train sets them back to y = x + (1-β1)*(z -
// x). Call Eval before evaluating the model and Train before training on,
// as the reference's optimizer.eval() and optimizer.train(). The round
// trip is exact up to rounding. β1 must be > 0 for x to be recovered.
//
// Every scalar (lr_t, w_t, the sum of the weights, c_t) is computed in
// float64, as the reference computes them in Python floats, and rounded to
// the element type where it meets the tensors; the sum of the weights and
// lr_max are kept in float64 in both element types. β2^t and the powers
// t^r and lr_max^p are correctly rounded. With AllowNonFinite(true) a NaN
// gradient element makes that element of y, z and v NaN.
//
// State (see State): z and exp_avg_sq, from the first Step; weight_sum,
// lr_max (-1 before the first step) and train_mode (1 or 0), one value each
// per group. Checkpoints hold the hyperparameters lr, beta1, beta2, eps,
// weight_decay, warmup_steps, r, weight_lr_power, in this order, those two
// arrays, and the three group scalars: a checkpoint saved in eval mode
// restores eval mode, with the parameters at x.
//
// Defaults (the reference's): lr 0.0025, betas (0.9, 0.999), eps 1e-8,
// weight_decay 0, warmup_steps 0, r 0, weight_lr_power 2.
//
// An AdamWScheduleFree is not safe for concurrent use; see Optimizer.
type AdamWScheduleFree[T tensor.Float] struct {
	core[T, scheduleFreeGroup[T]]
}

var (
	hpWarmupSteps   = def(hp{option: "WarmupSteps", torch: "warmup_steps", in: nonNegative, in64: true, integer: true})
	hpR             = def(hp{option: "AveragePower", torch: "r", fields: []string{"R"}, in: nonNegative, in64: true})
	hpWeightLRPower = def(hp{option: "WeightLRPower", torch: "weight_lr_power", in: nonNegative, in64: true})
)

// WarmupSteps sets Schedule-Free's linear warmup of the learning rate,
// over n >= 0 steps (the reference's warmup_steps).
func WarmupSteps(n int) Option { return hpWarmupSteps.with(float64(n), 0) }

// AveragePower sets Schedule-Free's r >= 0: the weight of step t in the
// average x grows as t^r.
func AveragePower(r float64) Option { return hpR.with(r, 0) }

// WeightLRPower sets Schedule-Free's weight_lr_power >= 0: the weight of a
// step in the average grows as the largest learning rate so far to this
// power, so that the warmup's steps count less.
func WeightLRPower(p float64) Option { return hpWeightLRPower.with(p, 0) }

var scheduleFreeKind = kind{
	name:     "AdamWScheduleFree",
	takes:    []*hp{hpLR, hpBetas, hpEps, hpWeightDecay, hpWarmupSteps, hpR, hpWeightLRPower},
	defaults: []Option{LR(0.0025), Betas(0.9, 0.999), Eps(1e-8), WeightLRPower(2)},
	rule: func(c rangeCheck, h hyper) error {
		if b1, _ := h.pair(hpBetas); b1 == 0 {
			c.fail("beta1 = 0: want beta1 > 0, from which the average x is recovered (x = y + (1 - 1/beta1)*(z - y))")
		}
		return c.err
	},
	slots: []slotKind{{name: "z"}, {name: "exp_avg_sq"}},
}

// scheduleFreeGroup is a group's state: its coefficients, the running sum
// of the average's weights and the largest learning rate so far (float64,
// as the reference's Python floats), and its mode.
type scheduleFreeGroup[T tensor.Float] struct {
	c                kernel.ScheduleFreeCoeffs[T]
	weightSum, lrMax float64
	train            T // 1 in train mode, 0 in eval mode
}

func scheduleFreeDecl[T tensor.Float]() *decl[T, scheduleFreeGroup[T]] {
	return &decl[T, scheduleFreeGroup[T]]{
		kind: &scheduleFreeKind,
		init: func(g *scheduleFreeGroup[T], _ *hyper) { g.lrMax, g.train = -1, 1 },
		ready: func(gs []scheduleFreeGroup[T]) error {
			for _, g := range gs {
				if g.train == 0 {
					return fmt.Errorf("optim: AdamWScheduleFree: Step: %w", ErrEvalMode)
				}
			}
			return nil
		},
		coeffs: func(g *scheduleFreeGroup[T], pg *paramGroup, t int, fresh bool) {
			lr, eps, wd := pg.f(hpLR), pg.f(hpEps), pg.f(hpWeightDecay)
			b1, b2 := pg.pair(hpBetas)
			warmup, r, power := pg.f(hpWarmupSteps), pg.f(hpR), pg.f(hpWeightLRPower)
			sched := 1.0
			if float64(t-1) < warmup {
				sched = float64(t) / warmup
			}
			lrT := float64(lr*sched) * math.Sqrt(1-pg.beta2Pow(t))
			g.lrMax = max(lrT, g.lrMax)
			weight := float64(xmath.Pow(float64(t), r) * xmath.Pow(g.lrMax, power))
			g.weightSum += weight
			ck := 0.0
			if g.weightSum != 0 {
				ck = weight / g.weightSum
			}
			g.c = kernel.ScheduleFreeCoeffs[T]{
				Init:  fresh,
				Beta2: T(b2), OneMinusBeta2: T(1 - b2),
				Eps:         T(eps),
				WeightDecay: T(wd),
				C:           T(ck),
				YLR:         T(lrT * (float64(b1*(1-ck)) - 1)),
				NegLR:       T(-lrT),
			}
		},
		update: func(p *tensor.Tensor[T], s *[maxSlots][]T, g *scheduleFreeGroup[T]) {
			kernel.ScheduleFree(p.Value, p.Grad, s[0], s[1], &g.c)
		},
		scalars: []scalarDecl[T, scheduleFreeGroup[T]]{
			{name: "weight_sum", in: nonNegative, wide: func(g *scheduleFreeGroup[T]) *float64 { return &g.weightSum }},
			{name: "lr_max", in: interval{lo: -1, hi: math.Inf(1), hiOpen: true}, wide: func(g *scheduleFreeGroup[T]) *float64 { return &g.lrMax }},
			{name: "train_mode", in: interval{lo: 0, hi: 1}, of: func(g *scheduleFreeGroup[T]) *T { return &g.train }},
		},
	}
}

// NewAdamWScheduleFree returns a Schedule-Free AdamW optimizer for params,
// in train mode. It takes the options LR, Betas, Eps, WeightDecay,
// WarmupSteps, AveragePower, WeightLRPower, AllowNonFinite and ParamGroup.
func NewAdamWScheduleFree[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*AdamWScheduleFree[T], error) {
	return construct[AdamWScheduleFree[T]](scheduleFreeDecl[T](), params, opts)
}

// Config returns the hyperparameters of group 0.
func (o *AdamWScheduleFree[T]) Config() AdamWScheduleFreeConfig { return o.GroupConfig(0) }

// GroupConfig returns the hyperparameters of group g. It panics if g is out of range.
func (o *AdamWScheduleFree[T]) GroupConfig(g int) AdamWScheduleFreeConfig {
	return configOf[AdamWScheduleFreeConfig](&o.base, g)
}

// Training reports whether the optimizer is in train mode: its parameters
// hold y and Step is allowed.
func (o *AdamWScheduleFree[T]) Training() bool { return o.gs[0].train != 0 }

// Eval switches to evaluation mode: every parameter is set to the average
// x = y + (1 - 1/β1)*(z - y), the point to evaluate the model at or to
// keep. In eval mode Step is an error; Train switches back. Before the
// first Step x = y and nothing moves. Eval in eval mode does nothing. A
// parameter resized since the first Step is an error, and nothing changes.
func (o *AdamWScheduleFree[T]) Eval() error { return o.move("Eval", false) }

// Train switches to train mode: every parameter is set back to the
// training point y = x + (1-β1)*(z - x), where the gradients for Step are
// taken. Train in train mode does nothing.
func (o *AdamWScheduleFree[T]) Train() error { return o.move("Train", true) }

func (o *AdamWScheduleFree[T]) move(what string, train bool) error {
	if err := o.enter(what); err != nil {
		return err
	}
	defer o.leave()
	for i, p := range o.params {
		if z := o.arrays[0][i]; z != nil && len(z) != len(p.Value) {
			return fmt.Errorf("optim: AdamWScheduleFree: %s: %s has %d values but its optimizer state has %d: it was resized after the first Step",
				what, paramLabel(i, p.Name), len(p.Value), len(z))
		}
	}
	for g := range o.groups {
		gs, pg := &o.gs[g], &o.groups[g]
		if (gs.train != 0) == train {
			continue
		}
		b1, _ := pg.pair(hpBetas)
		w := T(1 - b1)
		if !train {
			w = T(1 - 1/b1)
		}
		for i := pg.start; i < pg.end; i++ {
			if z := o.arrays[0][i]; z != nil {
				kernel.Lerp(o.params[i].Value, z, w)
			}
		}
		gs.train = T(boolValue(train))
	}
	return nil
}
