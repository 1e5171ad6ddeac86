// Package integration holds tests that join descent's packages the way a
// lesson does: pkg/autograd computes the loss and its gradient, an optimizer
// from pkg/optim steps the very tensors the gradient was written into, and
// the result is held against PyTorch.
//
// pkg/optim knows tensors only and must not import pkg/autograd, and
// pkg/autograd knows no optimizer; the tests that need both live here.
//
//   - TestAutogradParity replays, in full mode, every torch 1.13 reference
//     run of the linear-regression and MLP problems (internal/reference
//     locates and reads them): each step's loss and gradient come from
//     autograd ops, each update from optim.New with torch's own
//     hyperparameters and parameter groups, each scheduled learning rate
//     from pkg/optim/schedule, and the losses and parameters must match
//     torch's to the reference README's tolerance (1e-12 in float64, 1e-5 in
//     float32), the learning rates to 1e-12.
//   - BenchmarkMLPAdamStep times one Adam training step of a 784-128-10 MLP
//     on a batch of 64 in float32; bench/autograd_torch.py times the same
//     step in PyTorch, and pkg/autograd/BENCHMARKS.md compares the two.
//
// The package has no non-test code.
package integration
