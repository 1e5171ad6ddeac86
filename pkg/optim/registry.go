package optim

import (
	"fmt"
	"strings"

	"github.com/descentlab/descent/pkg/tensor"
)

// names lists the optimizers New knows, by torch class name, in the order
// the lessons introduce them.
var names = []string{"SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "Adadelta", "Adamax", "NAdam", "RAdam"}

// Names returns the torch class names New accepts.
func Names() []string { return append([]string(nil), names...) }

// New returns the optimizer with the given torch class name ("SGD", "Adam",
// ...; see Names) for params, configured by opts. It is NewSGD, NewAdam, ...
// behind one name, for code that picks the optimizer at run time.
func New[T tensor.Float](name string, params []*tensor.Tensor[T], opts ...Option) (Optimizer[T], error) {
	switch name {
	case "SGD":
		return asOptimizer(NewSGD(params, opts...))
	case "Adagrad":
		return asOptimizer(NewAdagrad(params, opts...))
	case "RMSprop":
		return asOptimizer(NewRMSprop(params, opts...))
	case "Adam":
		return asOptimizer(NewAdam(params, opts...))
	case "AdamW":
		return asOptimizer(NewAdamW(params, opts...))
	case "Adadelta":
		return asOptimizer(NewAdadelta(params, opts...))
	case "Adamax":
		return asOptimizer(NewAdamax(params, opts...))
	case "NAdam":
		return asOptimizer(NewNAdam(params, opts...))
	case "RAdam":
		return asOptimizer(NewRAdam(params, opts...))
	}
	return nil, fmt.Errorf("optim: unknown optimizer %q; known: %s", name, strings.Join(names, ", "))
}

// asOptimizer converts a constructor's result, keeping a nil interface on error.
func asOptimizer[T tensor.Float, O Optimizer[T]](o O, err error) (Optimizer[T], error) {
	if err != nil {
		return nil, err
	}
	return o, nil
}
