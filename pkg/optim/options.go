package optim

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/descentlab/descent/pkg/tensor"
)

// Option sets one hyperparameter. Options are named after torch.optim's
// keyword arguments, so torch's
//
//	optim.Adam([theta], lr=0.01, betas=(0.9, 0.99))
//
// reads
//
//	optim.NewAdam(params, optim.LR(0.01), optim.Betas(0.9, 0.99))
//
// Every constructor fills in torch 1.13's defaults first, then applies the
// options in order (a later option overrides an earlier one), then validates.
// Passing an option the optimizer does not take, such as Momentum to Adam, is
// an error, as an unknown keyword argument is in Python. The zero Option does
// nothing. An Option is an immutable value: it may be reused and shared
// between goroutines and optimizers.
type Option struct {
	key   optionKey
	x, y  float64
	on    bool
	group any // *groupSpec[T] of a ParamGroup option
}

type optionKey uint8

const (
	optNone optionKey = iota
	optLR
	optMomentum
	optDampening
	optNesterov
	optWeightDecay
	optMaximize
	optBetas
	optEps
	optAMSGrad
	optLRDecay
	optInitialAccumulatorValue
	optAlpha
	optCentered
	optRho
	optMomentumDecay
	optAllowNonFinite
	optParamGroup
)

var optionNames = [...]string{
	optNone:                    "none",
	optLR:                      "LR",
	optMomentum:                "Momentum",
	optDampening:               "Dampening",
	optNesterov:                "Nesterov",
	optWeightDecay:             "WeightDecay",
	optMaximize:                "Maximize",
	optBetas:                   "Betas",
	optEps:                     "Eps",
	optAMSGrad:                 "AMSGrad",
	optLRDecay:                 "LRDecay",
	optInitialAccumulatorValue: "InitialAccumulatorValue",
	optAlpha:                   "Alpha",
	optCentered:                "Centered",
	optRho:                     "Rho",
	optMomentumDecay:           "MomentumDecay",
	optAllowNonFinite:          "AllowNonFinite",
	optParamGroup:              "ParamGroup",
}

func (k optionKey) String() string { return optionNames[k] }

// String formats the option as it is written in Go, e.g. "LR(0.01)".
func (o Option) String() string {
	switch o.key {
	case optNone:
		return "Option{}"
	case optBetas:
		return fmt.Sprintf("Betas(%s, %s)", fmtFloat(o.x), fmtFloat(o.y))
	case optNesterov, optMaximize, optAMSGrad, optCentered, optAllowNonFinite:
		return fmt.Sprintf("%s(%t)", o.key, o.on)
	case optParamGroup:
		return o.group.(fmt.Stringer).String()
	}
	return fmt.Sprintf("%s(%s)", o.key, fmtFloat(o.x))
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// LR sets the learning rate, torch's lr (>= 0). SGD has no default and
// requires it.
func LR(lr float64) Option { return Option{key: optLR, x: lr} }

// Momentum sets the momentum factor, torch's momentum, in [0, 1] (SGD, RMSprop).
func Momentum(m float64) Option { return Option{key: optMomentum, x: m} }

// Dampening sets SGD's dampening of the gradient in the momentum buffer, in [0, 1].
func Dampening(d float64) Option { return Option{key: optDampening, x: d} }

// Nesterov turns on Nesterov momentum (SGD; needs momentum > 0 and dampening 0).
func Nesterov(on bool) Option { return Option{key: optNesterov, on: on} }

// WeightDecay sets the weight decay, torch's weight_decay (>= 0): an L2
// penalty added to the gradient, except in AdamW where it is decoupled.
func WeightDecay(wd float64) Option { return Option{key: optWeightDecay, x: wd} }

// Maximize makes the optimizer maximize the objective instead of minimizing
// it (not NAdam or RAdam, which do not have it in torch 1.13).
func Maximize(on bool) Option { return Option{key: optMaximize, on: on} }

// Betas sets the decay rates of the first and second moment estimates,
// torch's betas, each in [0, 1) (Adam, AdamW, Adamax, NAdam, RAdam).
func Betas(beta1, beta2 float64) Option { return Option{key: optBetas, x: beta1, y: beta2} }

// Eps sets the term added for numerical stability, torch's eps (> 0).
func Eps(eps float64) Option { return Option{key: optEps, x: eps} }

// AMSGrad turns on the AMSGrad variant (Adam, AdamW).
func AMSGrad(on bool) Option { return Option{key: optAMSGrad, on: on} }

// LRDecay sets Adagrad's learning-rate decay, torch's lr_decay (>= 0).
func LRDecay(d float64) Option { return Option{key: optLRDecay, x: d} }

// InitialAccumulatorValue sets the starting value of Adagrad's sum of squared
// gradients, torch's initial_accumulator_value (>= 0).
func InitialAccumulatorValue(v float64) Option {
	return Option{key: optInitialAccumulatorValue, x: v}
}

// Alpha sets RMSprop's smoothing constant, torch's alpha, in [0, 1).
func Alpha(a float64) Option { return Option{key: optAlpha, x: a} }

// Centered turns on centered RMSprop, which normalizes by an estimate of the
// gradient's variance instead of its second moment.
func Centered(on bool) Option { return Option{key: optCentered, on: on} }

// Rho sets Adadelta's decay rate of the running averages, torch's rho, in [0, 1].
func Rho(r float64) Option { return Option{key: optRho, x: r} }

// MomentumDecay sets NAdam's momentum decay ψ, torch's momentum_decay (>= 0).
func MomentumDecay(psi float64) Option { return Option{key: optMomentumDecay, x: psi} }

// AllowNonFinite turns off Step's check that every gradient element is
// finite, so that a diverging run carries on with Inf and NaN as torch does.
// It is not a torch option; every optimizer takes it.
//
// The check costs one more read of every gradient before the step writes
// anything: for Adam in float32, 32 bytes of memory traffic per parameter
// instead of 28, which is what bounds a large step's time. Turn it off where
// the gradients are known to be finite and the last eighth of speed matters
// (docs/benchmarks.md measures both).
func AllowNonFinite(on bool) Option { return Option{key: optAllowNonFinite, on: on} }

// ParamGroup adds a parameter group to an optimizer: params, optimized with
// the optimizer's hyperparameters except those opts override. It is torch's
// list of parameter groups, so
//
//	optim.Adam([{"params": weights}, {"params": biases, "weight_decay": 0}], lr=1e-3, weight_decay=1e-2)
//
// reads
//
//	optim.NewAdam(weights, optim.LR(1e-3), optim.WeightDecay(1e-2),
//		optim.ParamGroup(biases, optim.WeightDecay(0)))
//
// The parameters passed to the constructor form group 0 (unless there are
// none), and each ParamGroup adds the next group, in order. Options given to
// the constructor apply to every group whatever their position; a group's
// own options override them for that group only, and each group is validated
// on its own. AllowNonFinite and Adagrad's InitialAccumulatorValue apply to
// the whole optimizer and are errors inside a group, and so is a ParamGroup.
// The tensors must have the optimizer's element type.
func ParamGroup[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) Option {
	return Option{key: optParamGroup, group: &groupSpec[T]{params: slices.Clone(params), opts: slices.Clone(opts)}}
}

// groupSpec is what a ParamGroup option carries.
type groupSpec[T tensor.Float] struct {
	params []*tensor.Tensor[T]
	opts   []Option
}

func (s *groupSpec[T]) String() string {
	b := fmt.Sprintf("ParamGroup(%d tensors", len(s.params))
	for _, o := range s.opts {
		b += ", " + o.String()
	}
	return b + ")"
}

// hyper holds every hyperparameter any optimizer takes, and which options
// were given.
type hyper struct {
	lr, momentum, dampening, weightDecay    float64
	beta1, beta2, eps                       float64
	lrDecay, initialAccumulatorValue, alpha float64
	rho, momentumDecay                      float64
	nesterov, maximize, amsgrad, centered   bool
	allowNonFinite                          bool
	given                                   uint32 // bit k set: option key k was given
}

// apply applies opts on top of the values in h, rejecting options the
// optimizer kind k does not take. ParamGroup options must have been taken
// out by the caller.
func (h *hyper) apply(k *kind, opts []Option) error {
	var allowed uint32 = 1<<optNone | 1<<optAllowNonFinite
	for _, key := range k.takes {
		allowed |= 1 << key
	}
	for _, o := range opts {
		if allowed&(1<<o.key) == 0 {
			return fmt.Errorf("optim: %s does not take option %s", k.name, o.key)
		}
		h.given |= 1 << o.key
		switch o.key {
		case optLR:
			h.lr = o.x
		case optMomentum:
			h.momentum = o.x
		case optDampening:
			h.dampening = o.x
		case optNesterov:
			h.nesterov = o.on
		case optWeightDecay:
			h.weightDecay = o.x
		case optMaximize:
			h.maximize = o.on
		case optBetas:
			h.beta1, h.beta2 = o.x, o.y
		case optEps:
			h.eps = o.x
		case optAMSGrad:
			h.amsgrad = o.on
		case optLRDecay:
			h.lrDecay = o.x
		case optInitialAccumulatorValue:
			h.initialAccumulatorValue = o.x
		case optAlpha:
			h.alpha = o.x
		case optCentered:
			h.centered = o.on
		case optRho:
			h.rho = o.x
		case optMomentumDecay:
			h.momentumDecay = o.x
		case optAllowNonFinite:
			h.allowNonFinite = o.on
		}
	}
	return nil
}

// has reports whether option k was given.
func (h *hyper) has(k optionKey) bool { return h.given&(1<<k) != 0 }
