package autograd

import "errors"

// Errors returned by Backward; test for them with errors.Is.
var (
	// ErrNotScalar: Backward was called on a value with more than one element
	// (or none). A loss must be a single number.
	ErrNotScalar = errors.New("autograd: Backward needs a one-element value")

	// ErrNoGrad: Backward was called on a value that depends on no parameter,
	// so there is nothing to differentiate.
	ErrNoGrad = errors.New("autograd: value does not depend on any parameter")

	// ErrReleased: the graph was released by an earlier Backward; use
	// BackwardRetain to backpropagate through the same graph more than once.
	ErrReleased = errors.New("autograd: graph already released by an earlier Backward")
)
