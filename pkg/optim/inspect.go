package optim

import (
	"errors"
	"fmt"

	"github.com/descentlab/descent/pkg/tensor"
)

// ErrNoState is wrapped by the error State returns before the optimizer's
// first Step: the state is created, sized like the parameters, by that step.
var ErrNoState = errors.New("no optimizer state before the first Step")

// State returns a copy of the optimizer state of parameter param, an index
// into o.Params(): torch's optimizer.state[p], each state array under
// torch's name, holding one value per element of the parameter in its
// row-major order. Changing the copy does not change the optimizer, and
// later steps do not change the copy.
//
// The arrays, and when a parameter has them:
//
//	SGD          momentum_buffer (momentum ≠ 0, from the group's first step with momentum)
//	Adagrad      sum
//	RMSprop      square_avg; grad_avg (centered); momentum_buffer (momentum > 0, likewise)
//	Adam, AdamW  exp_avg, exp_avg_sq; max_exp_avg_sq (amsgrad)
//	Adadelta     square_avg, acc_delta
//	Adamax       exp_avg, exp_inf
//	NAdam        exp_avg, exp_avg_sq; mu_product, one value: μ1·μ2·…·μt of the parameter's group
//	RAdam        exp_avg, exp_avg_sq
//	Rprop        prev, step_size
//	ASGD         ax (the averaged iterate); eta, mu, one value each: those of the group for the next step
//	LBFGS        nothing: its state belongs to all parameters at once (checkpoints hold it)
//
// After the first Step the map holds the arrays of the parameter's group and
// nothing else; it is empty, with a nil error, for a group that keeps no
// state (SGD without momentum). Before the first Step the error wraps
// ErrNoState, for every optimizer (torch's Adagrad creates its sum when it
// is built; here it is created, filled with initial_accumulator_value, by
// the first Step). torch's state[p]["step"] is o.StepCount().
//
// A param outside [0, len(o.Params())) is an error, and so is an o that is
// not one of this package's optimizers.
func State[T tensor.Float](o Optimizer[T], param int) (map[string][]T, error) {
	s, ok := o.(inspectable[T])
	if !ok {
		return nil, fmt.Errorf("optim: State: %T is not an optimizer of package optim", o)
	}
	return s.inspect(param, s.state())
}

// inspectable is what State reads: an optimizer's state description and the
// base it shares with the others.
type inspectable[T tensor.Float] interface {
	state() stateDesc[T]
	inspect(param int, d stateDesc[T]) (map[string][]T, error)
}

// inspect returns a copy of parameter param's part of the state d; see State.
func (b *base[T]) inspect(param int, d stateDesc[T]) (map[string][]T, error) {
	if err := b.enter("State"); err != nil {
		return nil, err
	}
	defer b.leave()
	if param < 0 || param >= len(b.params) {
		return nil, fmt.Errorf("optim: %s: State: parameter %d out of range [0, %d)", b.kind.name, param, len(b.params))
	}
	if b.steps == 0 {
		return nil, fmt.Errorf("optim: %s: State of %s: %w", b.kind.name, paramLabel(param, b.params[param].Name), ErrNoState)
	}
	g := 0
	for param >= b.groups[g].end {
		g++
	}
	total := len(d.scalars)
	for _, s := range d.slots {
		total += len((*s.state)[param])
	}
	slab := make([]T, total) // one allocation for every copy
	st := make(map[string][]T, len(d.slots)+len(d.scalars))
	for _, s := range d.slots {
		if v := (*s.state)[param]; v != nil {
			n := len(v)
			st[s.name] = slab[:n:n]
			copy(slab, v)
			slab = slab[n:]
		}
	}
	for _, s := range d.scalars {
		st[s.name] = slab[:1:1]
		slab[0] = T(s.get(g))
		slab = slab[1:]
	}
	return st, nil
}
