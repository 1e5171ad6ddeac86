package optim

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim/internal/pyvalue"
)

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
	case "lr":
		return floatOption(name, value, LR)
	case "momentum":
		return floatOption(name, value, Momentum)
	case "dampening":
		return floatOption(name, value, Dampening)
	case "weight_decay":
		return floatOption(name, value, WeightDecay)
	case "eps":
		return floatOption(name, value, Eps)
	case "lr_decay":
		return floatOption(name, value, LRDecay)
	case "initial_accumulator_value":
		return floatOption(name, value, InitialAccumulatorValue)
	case "alpha":
		return floatOption(name, value, Alpha)
	case "rho":
		return floatOption(name, value, Rho)
	case "momentum_decay":
		return floatOption(name, value, MomentumDecay)
	case "nesterov":
		return boolOption(name, value, Nesterov)
	case "maximize":
		return boolOption(name, value, Maximize)
	case "amsgrad":
		return boolOption(name, value, AMSGrad)
	case "centered":
		return boolOption(name, value, Centered)
	case "betas":
		b, ok := floatPair(value)
		if !ok {
			return Option{}, fmt.Errorf("optim: torch option betas = %v: want a list of two numbers", value)
		}
		return Betas(b[0], b[1]), nil
	case "foreach", "capturable", "differentiable", "fused":
		if value == nil || value == false {
			return Option{}, nil
		}
		return Option{}, fmt.Errorf("optim: torch option %s = %v is not supported; only its default (None or False) is", name, value)
	}
	return Option{}, fmt.Errorf("optim: unknown torch option %q", name)
}

func floatOption(name string, value any, opt func(float64) Option) (Option, error) {
	x, ok := pyvalue.Float(value)
	if !ok {
		return Option{}, fmt.Errorf("optim: torch option %s = %v (%T): want a number", name, value, value)
	}
	return opt(x), nil
}

func boolOption(name string, value any, opt func(bool) Option) (Option, error) {
	b, ok := value.(bool)
	if !ok {
		return Option{}, fmt.Errorf("optim: torch option %s = %v (%T): want true or false", name, value, value)
	}
	return opt(b), nil
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
