package optim

import "github.com/descentlab/descent/pkg/tensor"

// Optimizer updates a fixed list of parameter tensors from their gradients.
//
// The training loop is the same for every optimizer: ZeroGrad, compute the
// loss and its gradient into each parameter's Grad, then Step.
type Optimizer[T tensor.Float] interface {
	// Step updates every parameter in place from its Grad, one optimizer
	// step. It first checks that every tensor is well formed, has the size
	// its optimizer state was created with, and (unless the optimizer was
	// built with AllowNonFinite(true)) has a finite gradient; if not, it
	// returns an error and changes nothing. Step allocates only on the first
	// call, when it creates the optimizer state.
	Step() error
	// ZeroGrad sets every parameter's Grad to zero.
	ZeroGrad()
	// Params returns the parameters in the order given to the constructor.
	// The slice must not be modified.
	Params() []*tensor.Tensor[T]
}
