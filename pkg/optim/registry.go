package optim

import (
	"fmt"
	"strings"

	"github.com/descentlab/descent/pkg/tensor"
)

// registry lists the optimizers New knows, by torch class name, in the
// order the lessons introduce them: one line per optimizer.
func registry[T tensor.Float]() []entry[T] {
	return []entry[T]{
		{"SGD", build(NewSGD[T])},
		{"Adagrad", build(NewAdagrad[T])},
		{"RMSprop", build(NewRMSprop[T])},
		{"Adam", build(NewAdam[T])},
		{"AdamW", build(NewAdamW[T])},
		{"Adadelta", build(NewAdadelta[T])},
		{"Adamax", build(NewAdamax[T])},
		{"NAdam", build(NewNAdam[T])},
		{"RAdam", build(NewRAdam[T])},
		{"Rprop", build(NewRprop[T])},
		{"ASGD", build(NewASGD[T])},
		{"LBFGS", build(NewLBFGS[T])},
		{"Lion", build(NewLion[T])},
		{"AdamWScheduleFree", build(NewAdamWScheduleFree[T])},
	}
}

// entry is one optimizer of the registry.
type entry[T tensor.Float] struct {
	name  string
	build func(params []*tensor.Tensor[T], opts []Option) (Optimizer[T], error)
}

// build adapts a constructor to the registry, keeping a nil interface on
// error.
func build[T tensor.Float, O Optimizer[T]](f func([]*tensor.Tensor[T], ...Option) (O, error)) func([]*tensor.Tensor[T], []Option) (Optimizer[T], error) {
	return func(params []*tensor.Tensor[T], opts []Option) (Optimizer[T], error) {
		o, err := f(params, opts...)
		if err != nil {
			return nil, err
		}
		return o, nil
	}
}

// Names returns the torch class names New accepts.
func Names() []string {
	var names []string
	for _, e := range registry[float64]() {
		names = append(names, e.name)
	}
	return names
}

// New returns the optimizer with the given torch class name ("SGD", "Adam",
// ...; see Names) for params, configured by opts. It is NewSGD, NewAdam, ...
// behind one name, for code that picks the optimizer at run time.
func New[T tensor.Float](name string, params []*tensor.Tensor[T], opts ...Option) (Optimizer[T], error) {
	for _, e := range registry[T]() {
		if e.name == name {
			return e.build(params, opts)
		}
	}
	return nil, fmt.Errorf("optim: unknown optimizer %q; known: %s", name, strings.Join(Names(), ", "))
}
