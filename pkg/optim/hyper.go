package optim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/descentlab/descent/pkg/optim/internal/pyvalue"
	"github.com/descentlab/descent/pkg/tensor"
)

// A hyperparameter is described once, by an hp: its Go option, its torch
// keyword, the values it sets (one, a pair such as betas, or a boolean) under
// torch's names, its Config fields and its allowed range. That description
// drives the options (Option.String, the check that an optimizer takes
// them), the range checks and their messages, GroupConfig, the checkpoint
// fields and OptionFromTorch. An optimizer lists the ones it takes in its
// kind.
type hp struct {
	option string   // the Go option: "LR"
	torch  string   // torch's keyword argument: "lr"
	names  []string // the values it sets, under torch's names: {"lr"}, {"beta1", "beta2"}
	fields []string // the Config fields holding them: {"LR"}, {"Beta1", "Beta2"}
	flag   bool     // a boolean, stored as 0 or 1
	in     interval // the allowed range of each value, unless the optimizer's kind narrows it
	in64   bool     // used in float64 only: a float32 optimizer does not check it in float32
	whole  bool     // applies to the whole optimizer: an error in a ParamGroup

	integer bool     // a whole number (LBFGS's max_iter, ...): an int Config field
	choices []string // one of these strings, stored as its index: a string Config field; "" is torch's None
	noneOK  bool     // torch's None means "the default" (LBFGS's max_eval): OptionFromTorch gives the zero Option
	at      int      // where a hyper holds its first value
	bit     uint64   // its bit in hyper.given
}

// hps lists every hyperparameter, in the order of definition.
var hps []*hp

// maxValues is the number of values a hyper holds: the sum of len(names).
const maxValues = 40

// def registers a hyperparameter. Its Config fields default to its option
// name for a single value.
func def(h hp) *hp {
	if h.names == nil {
		h.names = []string{h.torch}
	}
	if h.fields == nil {
		h.fields = []string{h.option}
	}
	if h.flag {
		h.in = interval{lo: 0, hi: 1}
	}
	h.bit = 1 << len(hps)
	if len(hps) > 0 {
		last := hps[len(hps)-1]
		h.at = last.at + len(last.names)
	}
	if h.at+len(h.names) > maxValues || len(hps) == 64 {
		panic("optim: too many hyperparameters for a hyper")
	}
	p := &h
	hps = append(hps, p)
	return p
}

// with returns the Option setting h to x (and y, for a pair).
func (h *hp) with(x, y float64) Option { return Option{hp: h, x: x, y: y} }

// withFlag returns the Option setting the boolean h.
func (h *hp) withFlag(on bool) Option { return Option{hp: h, x: boolValue(on)} }

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// hyper holds one parameter group's hyperparameters, by hp: values[h.at],
// and values[h.at+1] for the second of a pair; booleans as 0 or 1.
type hyper struct {
	values [maxValues]float64
	given  uint64 // the bits of the hyperparameters an option set
}

// f returns the value of h.
func (g *hyper) f(h *hp) float64 { return g.values[h.at] }

// pair returns the two values of h.
func (g *hyper) pair(h *hp) (float64, float64) { return g.values[h.at], g.values[h.at+1] }

// on returns the boolean h.
func (g *hyper) on(h *hp) bool { return g.values[h.at] != 0 }

// has reports whether an option set h.
func (g *hyper) has(h *hp) bool { return g.given&h.bit != 0 }

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
	hp    *hp
	x, y  float64
	group any // *groupSpec[T] of a ParamGroup option
}

// String formats the option as it is written in Go, e.g. "LR(0.01)".
func (o Option) String() string {
	switch {
	case o.group != nil:
		return o.group.(fmt.Stringer).String()
	case o.hp == nil:
		return "Option{}"
	case o.hp.flag:
		return fmt.Sprintf("%s(%t)", o.hp.option, o.x != 0)
	case o.hp.choices != nil:
		if i := int(o.x); float64(i) == o.x && i >= 0 && i < len(o.hp.choices) {
			return fmt.Sprintf("%s(%q)", o.hp.option, o.hp.choices[i])
		}
		return fmt.Sprintf("%s(<not one of %q>)", o.hp.option, o.hp.choices)
	case len(o.hp.names) == 2:
		return fmt.Sprintf("%s(%s, %s)", o.hp.option, fmtFloat(o.x), fmtFloat(o.y))
	}
	return fmt.Sprintf("%s(%s)", o.hp.option, fmtFloat(o.x))
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// The hyperparameters of the optimizers, and their options. Those of one
// optimizer only are defined in its file.
var (
	hpLR                      = def(hp{option: "LR", torch: "lr", in: nonNegative})
	hpMomentum                = def(hp{option: "Momentum", torch: "momentum", in: unit})
	hpDampening               = def(hp{option: "Dampening", torch: "dampening", in: unit})
	hpNesterov                = def(hp{option: "Nesterov", torch: "nesterov", flag: true})
	hpWeightDecay             = def(hp{option: "WeightDecay", torch: "weight_decay", in: nonNegative})
	hpMaximize                = def(hp{option: "Maximize", torch: "maximize", flag: true})
	hpBetas                   = def(hp{option: "Betas", torch: "betas", names: []string{"beta1", "beta2"}, fields: []string{"Beta1", "Beta2"}, in: unitOpen})
	hpEps                     = def(hp{option: "Eps", torch: "eps", in: positive})
	hpAMSGrad                 = def(hp{option: "AMSGrad", torch: "amsgrad", flag: true})
	hpAlpha                   = def(hp{option: "Alpha", torch: "alpha", in: unitOpen})
	hpCentered                = def(hp{option: "Centered", torch: "centered", flag: true})
	hpAllowNonFinite          = def(hp{option: "AllowNonFinite", flag: true, whole: true})
	hpInitialAccumulatorValue = def(hp{option: "InitialAccumulatorValue", torch: "initial_accumulator_value", in: nonNegative, whole: true})
)

// LR sets the learning rate, torch's lr (>= 0). SGD has no default and
// requires it.
func LR(lr float64) Option { return hpLR.with(lr, 0) }

// Momentum sets the momentum factor, torch's momentum, in [0, 1] (SGD, RMSprop).
func Momentum(m float64) Option { return hpMomentum.with(m, 0) }

// Dampening sets SGD's dampening of the gradient in the momentum buffer, in [0, 1].
func Dampening(d float64) Option { return hpDampening.with(d, 0) }

// Nesterov turns on Nesterov momentum (SGD; needs momentum > 0 and dampening 0).
func Nesterov(on bool) Option { return hpNesterov.withFlag(on) }

// WeightDecay sets the weight decay, torch's weight_decay (>= 0): an L2
// penalty added to the gradient, except in AdamW where it is decoupled.
func WeightDecay(wd float64) Option { return hpWeightDecay.with(wd, 0) }

// Maximize makes the optimizer maximize the objective instead of minimizing
// it (not NAdam or RAdam, which do not have it in torch 1.13).
func Maximize(on bool) Option { return hpMaximize.withFlag(on) }

// Betas sets the decay rates of the first and second moment estimates,
// torch's betas, each in [0, 1) (Adam, AdamW, Adamax, NAdam, RAdam).
func Betas(beta1, beta2 float64) Option { return hpBetas.with(beta1, beta2) }

// Eps sets the term added for numerical stability, torch's eps (> 0).
func Eps(eps float64) Option { return hpEps.with(eps, 0) }

// AMSGrad turns on the AMSGrad variant (Adam, AdamW).
func AMSGrad(on bool) Option { return hpAMSGrad.withFlag(on) }

// Alpha sets RMSprop's smoothing constant, torch's alpha, in [0, 1).
func Alpha(a float64) Option { return hpAlpha.with(a, 0) }

// Centered turns on centered RMSprop, which normalizes by an estimate of the
// gradient's variance instead of its second moment.
func Centered(on bool) Option { return hpCentered.withFlag(on) }

// InitialAccumulatorValue sets the starting value of Adagrad's sum of squared
// gradients, torch's initial_accumulator_value (>= 0).
func InitialAccumulatorValue(v float64) Option { return hpInitialAccumulatorValue.with(v, 0) }

// AllowNonFinite turns off Step's check that every gradient element is
// finite, so that a diverging run carries on with Inf and NaN as torch does.
// It is not a torch option; every optimizer takes it.
//
// The check costs one more read of every gradient before the step writes
// anything: for Adam in float32, 32 bytes of memory traffic per parameter
// instead of 28, which is what bounds a large step's time. Turn it off where
// the gradients are known to be finite and the last eighth of speed matters
// (docs/benchmarks.md measures both).
func AllowNonFinite(on bool) Option { return hpAllowNonFinite.withFlag(on) }

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
	return Option{group: &groupSpec[T]{params: slices.Clone(params), opts: slices.Clone(opts)}}
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

// apply applies opts on top of the values in h, rejecting options the
// optimizer kind k does not take. ParamGroup options must have been taken
// out by the caller.
func (h *hyper) apply(k *kind, opts []Option) error {
	for _, o := range opts {
		if o.hp == nil {
			continue
		}
		if o.hp != hpAllowNonFinite && !slices.Contains(k.takes, o.hp) {
			return fmt.Errorf("optim: %s does not take option %s", k.name, o.hp.option)
		}
		h.given |= o.hp.bit
		h.values[o.hp.at] = o.x
		if len(o.hp.names) == 2 {
			h.values[o.hp.at+1] = o.y
		}
	}
	return nil
}

// check validates h for kind k: every value in its range, then k's rules
// between values.
func (h *hyper) check(k *kind, c *rangeCheck) error {
	for _, p := range k.takes {
		if p.flag {
			continue
		}
		if p.choices != nil {
			if v := h.values[p.at]; c.err == nil && !(v == math.Trunc(v) && v >= 0 && int(v) < len(p.choices)) {
				c.fail("%s: want one of %q", p.names[0], p.choices)
			}
			continue
		}
		if p.integer {
			if v := h.values[p.at]; c.err == nil && v != math.Trunc(v) {
				c.fail("%s = %s is not a whole number", p.names[0], fmtFloat(v))
			}
		}
		r := p.in
		if k.ranges != nil {
			if kr, ok := k.ranges[p]; ok {
				r = kr
			}
		}
		for i, name := range p.names {
			if p.in64 {
				c.in64(name, h.values[p.at+i], r)
			} else {
				c.in(name, h.values[p.at+i], r)
			}
		}
	}
	if k.rule != nil && c.err == nil {
		return k.rule(*c, *h)
	}
	return c.err
}

// hyperField is one value of a hyperparameter as a checkpoint stores it.
type hyperField struct {
	name string
	v    *float64
	flag bool
}

// fields returns the values of the hyperparameters kind k takes, in its
// order, under torch's names (betas as beta1 and beta2).
func (h *hyper) fields(k *kind) []hyperField {
	var fs []hyperField
	for _, p := range k.takes {
		for i, name := range p.names {
			fs = append(fs, hyperField{name: name, v: &h.values[p.at+i], flag: p.flag})
		}
	}
	return fs
}

// configOf returns group g's hyperparameters as the Config struct C of its
// optimizer: each field named by a hyperparameter the optimizer takes, and
// AllowNonFinite.
func configOf[C any, T tensor.Float](b *base[T], g int) C {
	var c C
	v := reflect.ValueOf(&c).Elem()
	h := &b.groups[g].hyper
	for _, p := range b.kind.takes {
		for i, name := range p.fields {
			f, x := v.FieldByName(name), h.values[p.at+i]
			switch {
			case p.flag:
				f.SetBool(x != 0)
			case p.choices != nil:
				f.SetString(p.choices[int(x)])
			case p.integer:
				f.SetInt(int64(x))
			default:
				f.SetFloat(x)
			}
		}
	}
	v.FieldByName("AllowNonFinite").SetBool(b.allowNonFinite)
	return c
}

// OptionFromTorch returns the Option for torch keyword argument name with
// value, as decoded from JSON (float64, bool, []any, nil) or written in Go
// (any integer or float type, bool, []float64, [2]float64). For example
// ("lr", 0.01) gives LR(0.01) and ("betas", []any{0.9, 0.99}) gives
// Betas(0.9, 0.99).
//
// torch's implementation switches "foreach", "capturable", "differentiable"
// and "fused" are accepted at their defaults (None or False) and give the
// zero Option, which does nothing; any other value, and any unknown name, is
// an error. Whether the optimizer takes the option is checked when it is built.
func OptionFromTorch(name string, value any) (Option, error) {
	switch name {
	case "foreach", "capturable", "differentiable", "fused":
		if value == nil || value == false {
			return Option{}, nil
		}
		return Option{}, fmt.Errorf("optim: torch option %s = %v is not supported; only its default (None or False) is", name, value)
	}
	i := slices.IndexFunc(hps, func(p *hp) bool { return p.torch == name && name != "" })
	if i < 0 {
		return Option{}, fmt.Errorf("optim: unknown torch option %q", name)
	}
	p := hps[i]
	switch {
	case value == nil && p.noneOK:
		return Option{}, nil
	case p.choices != nil:
		if value == nil {
			return p.with(0, 0), nil
		}
		if s, ok := value.(string); ok {
			if j := slices.Index(p.choices, s); j > 0 {
				return p.with(float64(j), 0), nil
			}
		}
		return Option{}, fmt.Errorf("optim: torch option %s = %v: want None or one of %q", name, value, p.choices[1:])
	case p.flag:
		b, ok := value.(bool)
		if !ok {
			return Option{}, fmt.Errorf("optim: torch option %s = %v (%T): want true or false", name, value, value)
		}
		return p.withFlag(b), nil
	case len(p.names) == 2:
		v, ok := floatPair(value)
		if !ok {
			return Option{}, fmt.Errorf("optim: torch option %s = %v: want a list of two numbers", name, value)
		}
		return p.with(v[0], v[1]), nil
	}
	x, ok := pyvalue.Float(value)
	if !ok {
		return Option{}, fmt.Errorf("optim: torch option %s = %v (%T): want a number", name, value, value)
	}
	return p.with(x, 0), nil
}

func floatPair(v any) ([2]float64, bool) {
	var p [2]float64
	switch x := v.(type) {
	case [2]float64:
		return x, true
	case []float64:
		if len(x) == 2 {
			copy(p[:], x)
			return p, true
		}
	case []any:
		if len(x) == 2 {
			var ok0, ok1 bool
			p[0], ok0 = pyvalue.Float(x[0])
			p[1], ok1 = pyvalue.Float(x[1])
			return p, ok0 && ok1
		}
	}
	return p, false
}
