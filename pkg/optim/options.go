package optim

import (
	"fmt"
	"strconv"
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
// nothing.
type Option struct {
	key  optionKey
	x, y float64
	on   bool
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
func AllowNonFinite(on bool) Option { return Option{key: optAllowNonFinite, on: on} }

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

// apply applies opts on top of the defaults in h, rejecting options the
// optimizer named opt does not take.
func (h *hyper) apply(opt string, takes []optionKey, opts []Option) error {
	var allowed uint32 = 1<<optNone | 1<<optAllowNonFinite
	for _, k := range takes {
		allowed |= 1 << k
	}
	for _, o := range opts {
		if allowed&(1<<o.key) == 0 {
			return fmt.Errorf("optim: %s does not take option %s", opt, o.key)
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
