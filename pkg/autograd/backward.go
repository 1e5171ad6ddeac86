package autograd

import (
	"fmt"

	"github.com/descentlab/descent/pkg/tensor"
)

// Backward computes the gradient of v, which must hold exactly one element,
// with respect to every parameter it depends on, and ADDS it into each
// parameter's Grad. Then it releases the graph (see the package doc).
//
// It returns v's sticky error if v holds one, an error wrapping
// [ErrNotScalar] if v has other than one element, [ErrNoGrad] if v depends
// on no [Param], and [ErrReleased] if part of the graph was released by an
// earlier Backward.
func (v *Var[T]) Backward() error { return v.backprop(false) }

// BackwardRetain is [Var.Backward] without releasing the graph, so that
// Backward may run through it again (the parameters' gradients then add up,
// as in torch with retain_graph=True).
func (v *Var[T]) BackwardRetain() error { return v.backprop(true) }

func (v *Var[T]) backprop(retain bool) error {
	if err := v.Err(); err != nil {
		return err
	}
	if len(v.t.Value) != 1 {
		return fmt.Errorf("%w: got shape %v with %d elements", ErrNotScalar, v.t.Shape, len(v.t.Value))
	}
	if !v.needsGrad {
		return ErrNoGrad
	}
	order, err := topoSort(v)
	if err != nil {
		return err
	}

	// Each op's gradient buffer is recomputed from scratch; only parameters
	// accumulate across calls.
	for _, n := range order {
		if !n.isLeaf() {
			n.t.ZeroGrad()
		}
	}
	v.t.Grad[0]++ // d v / d v = 1

	// order lists every node after its inputs; walking it backwards, a node's
	// gradient is complete when its closure runs.
	for i := len(order) - 1; i >= 0; i-- {
		if n := order[i]; n.backward != nil {
			n.backward()
		}
	}

	if !retain {
		for _, n := range order {
			if !n.isLeaf() {
				n.parents, n.in, n.backward, n.released = nil, [2]*Var[T]{}, nil, true
			}
		}
	}
	return nil
}

// isLeaf reports whether v was made by a leaf constructor rather than an op.
func (v *Var[T]) isLeaf() bool { return v.op == "" }

// topoSort returns the nodes that need a gradient and that root depends on,
// each after all of its inputs: a depth-first search, inputs in order, each
// node listed after its inputs. Its scratch memory comes from root's
// workspace, if it has one.
func topoSort[T tensor.Float](root *Var[T]) ([]*Var[T], error) {
	ws := root.ws
	var (
		order []*Var[T]
		seen  map[*Var[T]]bool
		stack []visit[T]
	)
	if ws != nil {
		if ws.seen == nil {
			ws.seen = make(map[*Var[T]]bool)
		}
		clear(ws.seen)
		order, seen, stack = ws.order[:0], ws.seen, ws.stack[:0]
	} else {
		seen = make(map[*Var[T]]bool)
	}
	var err error
	for next := root; next != nil || len(stack) > 0; {
		if next != nil { // enter a node
			seen[next] = true
			if next.released {
				err = fmt.Errorf("%w (at the output of %s)", ErrReleased, next.op)
				break
			}
			if next.spent() { // on another workspace, Reset since
				err = fmt.Errorf("%w (at the output of %s)", errSpent, next.op)
				break
			}
			stack = append(stack, visit[T]{next, 0})
			next = nil
		}
		top := &stack[len(stack)-1]
		if top.next == len(top.n.parents) { // every input is listed
			order = append(order, top.n)
			stack = stack[:len(stack)-1]
			continue
		}
		p := top.n.parents[top.next]
		top.next++
		if !seen[p] && p.needsGrad {
			next = p
		}
	}
	if ws != nil {
		ws.order, ws.stack = order[:0], stack[:0]
	}
	if err != nil {
		return nil, err
	}
	return order, nil
}

// visit is a node on topoSort's stack and the index of its next input.
type visit[T tensor.Float] struct {
	n    *Var[T]
	next int
}

// ZeroGrad sets the gradient of every parameter to zero, like torch's
// optimizer.zero_grad(set_to_none=False).
func ZeroGrad[T tensor.Float](params []*tensor.Tensor[T]) {
	for _, p := range params {
		p.ZeroGrad()
	}
}
