package optim

import (
	"fmt"
	"slices"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

// group is what every optimizer shares: the parameters it updates, the
// number of steps taken and the checks Step makes before it changes anything.
type group[T tensor.Float] struct {
	opt            string // torch class name, for error messages
	params         []*tensor.Tensor[T]
	steps          int
	allowNonFinite bool
}

// newGroup validates params: at least one, none nil, each well formed
// (tensor.Check), none listed twice or sharing its values with another.
func newGroup[T tensor.Float](opt string, params []*tensor.Tensor[T], allowNonFinite bool) (group[T], error) {
	if len(params) == 0 {
		return group[T]{}, fmt.Errorf("optim: %s: no parameters to optimize", opt)
	}
	for i, p := range params {
		if p == nil {
			return group[T]{}, fmt.Errorf("optim: %s: parameter %d is nil", opt, i)
		}
		if err := p.Check(); err != nil {
			return group[T]{}, fmt.Errorf("optim: %s: parameter %d: %w", opt, i, err)
		}
		for j, q := range params[:i] {
			if p == q {
				return group[T]{}, fmt.Errorf("optim: %s: parameter %d (%s) is the same tensor as parameter %d", opt, i, paramLabel(i, p.Name), j)
			}
			if len(p.Value) > 0 && len(q.Value) > 0 && &p.Value[0] == &q.Value[0] {
				return group[T]{}, fmt.Errorf("optim: %s: parameter %d (%s) shares its values with parameter %d", opt, i, paramLabel(i, p.Name), j)
			}
		}
	}
	return group[T]{opt: opt, params: slices.Clone(params), allowNonFinite: allowNonFinite}, nil
}

// Params returns the parameters the optimizer updates, in the order given to
// its constructor. The slice must not be modified.
func (g *group[T]) Params() []*tensor.Tensor[T] { return g.params }

// ZeroGrad sets every parameter's gradient to zero, like torch's
// zero_grad(set_to_none=False).
func (g *group[T]) ZeroGrad() {
	for _, p := range g.params {
		p.ZeroGrad()
	}
}

// StepCount returns the number of successful calls to Step.
func (g *group[T]) StepCount() int { return g.steps }

// check is what Step does before it changes anything: every parameter is
// well formed, still the size of its optimizer state (state is nil before
// the first step or for a stateless optimizer), and, unless allowNonFinite,
// its gradient holds no NaN or Inf.
func (g *group[T]) check(state [][]T) error {
	for i, p := range g.params {
		if err := p.Check(); err != nil {
			return fmt.Errorf("optim: %s: parameter %d: %w", g.opt, i, err)
		}
		if state != nil && len(state[i]) != len(p.Value) {
			return fmt.Errorf("optim: %s: %s has %d values but its optimizer state has %d: it was resized after the first Step",
				g.opt, paramLabel(i, p.Name), len(p.Value), len(state[i]))
		}
	}
	if g.allowNonFinite {
		return nil
	}
	for i, p := range g.params {
		if j := kernel.NonFinite(p.Grad); j >= 0 {
			return &NonFiniteError{Optimizer: g.opt, Param: i, Name: p.Name, Index: j, Value: float64(p.Grad[j])}
		}
	}
	return nil
}

// newState returns one state slice per parameter, sized like its values and
// filled with fill, carved out of a single allocation.
func (g *group[T]) newState(fill T) [][]T {
	total := 0
	for _, p := range g.params {
		total += len(p.Value)
	}
	slab := make([]T, total)
	if fill != 0 {
		for i := range slab {
			slab[i] = fill
		}
	}
	state := make([][]T, len(g.params))
	for i, p := range g.params {
		n := len(p.Value)
		state[i], slab = slab[:n:n], slab[n:]
	}
	return state
}

// at returns state[i], or nil when the state is not kept (state == nil).
func at[T tensor.Float](state [][]T, i int) []T {
	if state == nil {
		return nil
	}
	return state[i]
}
