// Package optim implements the gradient-descent optimizers of torch.optim
// for descent's tensors, in float32 or float64, following PyTorch 1.13
// operation by operation.
//
// # The training loop
//
// An optimizer holds a fixed list of parameter tensors. Each training step
// is the same four moves as in PyTorch:
//
//	opt, err := optim.NewAdam(params, optim.LR(0.01)) // torch: optim.Adam(params, lr=0.01)
//	for step := range steps {
//		opt.ZeroGrad()          // clear every parameter's Grad
//		loss := f(params)       // the loss at the current parameters ...
//		backward(loss)          // ... and its gradient, written into each Grad
//		if err := opt.Step(); err != nil { ... } // move the parameters
//	}
//
// This package only performs the last move: it reads each tensor's Grad and
// updates its Value in place. Who computes the gradient (package autograd, a
// hand-written formula, a test function) is up to the caller.
//
// # Gradient descent, full batch and mini-batch
//
// SGD without momentum is plain gradient descent, p = p - lr*g. Which
// "gradient descent" it is depends only on the gradient it is given: the
// gradient of the loss over the whole dataset makes it (full-batch) gradient
// descent; the gradient over a small random batch, a new one each step, makes
// it mini-batch stochastic gradient descent, and a batch of one sample is
// SGD in its original sense. The other optimizers differ in how they turn
// the gradient into a step:
//
//   - SGD with Momentum (and Nesterov): keep a running sum of past gradients,
//     which speeds up travel along shallow valleys and damps zig-zags.
//   - Adagrad: divide each coordinate by the root of the sum of its squared
//     gradients: an adaptive, ever-shrinking learning rate per parameter.
//   - RMSprop: the same with a running mean instead of a sum, so the step
//     size does not decay to zero.
//   - Adam: momentum and RMSprop together, with bias correction; AdamW is Adam
//     with decoupled weight decay.
//   - Adadelta, Adamax, NAdam and RAdam: later variants, as in torch.optim.
//   - Rprop: steps by the sign of each gradient element alone, with a step
//     size per element that grows while the sign stays (full batch).
//   - ASGD: SGD with a decaying learning rate and a running average of the
//     iterates, the answer of the method (CopyAverage).
//   - LBFGS: a quasi-Newton method with a strong Wolfe line search; its
//     StepClosure calls a closure that computes the loss and gradients as
//     often as it needs (Step alone is an error).
//   - Lion (not in torch): moves every element by exactly ±lr, by the sign
//     of an interpolation between its momentum and its gradient.
//   - AdamWScheduleFree (not in torch): Adam steps on a base sequence z,
//     gradients at an interpolation y, and the answer x the weighted
//     average of z: no schedule needed (Eval and Train switch between y
//     and x).
//
// torch.optim's SparseAdam is absent: it updates only the rows a sparse
// gradient touches, and this package's tensors, like their gradients, are
// dense. Adam on the dense gradient is the same method.
//
// # How an optimizer is written
//
// Each optimizer is declared in one file: its hyperparameters (and the
// options of those only it takes), their defaults, its state arrays, the
// coefficients it computes once per group and step, and its elementwise
// update, a plain Go loop in internal/kernel (with an assembly kernel for
// the hot ones). Everything else is written once for all of them: the
// checks before a step, the lazy state, the loop over groups and
// parameters, the split over cores, checkpoints and State. Adding an
// elementwise optimizer is that file, its kernel and one line in New's
// registry.
//
// # Options and defaults
//
// Hyperparameters are functional options named after torch's keyword
// arguments (LR, Momentum, Betas, Eps, WeightDecay, ...). Each constructor
// starts from torch 1.13's defaults, documented on its type and its Config
// struct, and validates every value: an out-of-range hyperparameter, an
// option the optimizer does not take, an empty or malformed parameter list
// are errors that name the value and the allowed range. New builds an
// optimizer from torch's class name and OptionFromTorch maps a torch keyword
// argument, for code driven by configuration.
//
// # Parameter groups
//
// Parameters can share an optimizer but not its hyperparameters, as in
// torch's list of parameter groups: typically no weight decay on biases,
//
//	opt, err := optim.NewAdamW(weights, optim.LR(1e-3), optim.WeightDecay(0.01),
//		optim.ParamGroup(biases, optim.WeightDecay(0)))
//
// Options given to the constructor apply to every group; a group's own
// options override them for that group, and each group is validated on its
// own. Config reports group 0, GroupConfig(g) any group. The simple form
// NewAdam(params, opts...) is one group.
//
// # Learning rates and schedules
//
// LR and SetLR read and set the learning rate (GroupLR and SetGroupLR per
// group); the new rate applies from the next Step. The learning-rate
// schedulers of torch.optim.lr_scheduler (StepLR, CosineAnnealingLR,
// OneCycleLR, warm-up then cosine with SequentialLR, ...) are in package
// schedule: they need nothing of an optimizer but this (the LRGroups
// interface, and MomentumGroups for OneCycleLR's momentum cycle), so they
// live beside it, as torch's lr_scheduler module does, and a lesson can use
// an optimizer without meeting them.
//
// # Gradient clipping
//
// ClipGradNorm rescales the gradients so that their total norm is at most a
// bound and returns the norm, ClipGradValue clamps every element; both are
// torch.nn.utils's clip_grad_norm_ and clip_grad_value_, called between the
// backward pass and Step:
//
//	norm, err := optim.ClipGradNorm(opt.Params(), 1.0)
//
// # Checkpoints
//
// Every optimizer and scheduler encodes its whole state: hyperparameters,
// step count, parameter values and optimizer state (MarshalBinary,
// UnmarshalBinary). SaveFile(path, opt, sched) writes them together
// atomically and LoadFile restores them, all or nothing; a run resumed from
// a checkpoint continues bit for bit as if it had not stopped. A checkpoint
// of another optimizer kind, element type, groups or parameters is refused
// with ErrMismatch, damaged data with ErrCorrupt. The format, versioned and
// checksummed, is documented in checkpoint.md.
//
// # Step
//
// Step checks before it changes anything: every tensor well formed and the
// size its optimizer state was created with, and every gradient element
// finite. A NaN or infinite gradient is a *NonFiniteError and nothing moves,
// so a diverging run stops at the first bad step; AllowNonFinite(true) lets
// NaN and Inf through as torch does. The optimizer state (moments, momentum
// buffers) is created on the first Step, like torch's lazy state; after that
// Step allocates nothing, and neither do the setters a scheduler calls
// between steps. Weight decay and maximize never modify Grad.
//
// # Concurrency
//
// An optimizer is not safe for concurrent use: one goroutine at a time calls
// its methods, and nothing writes its parameters while it steps. Step
// itself uses all cores. Calls that overlap on one optimizer are detected
// at the cost of one atomic compare-and-swap: the later call fails with
// ErrConcurrentUse instead of racing (see Optimizer). Options, Config
// structs and errors are plain values, safe to share. Different optimizers
// are independent and may step in parallel.
//
// # Agreement with PyTorch
//
// Every update follows the single-tensor code path of torch 1.13 in its exact
// order of operations: scalars such as bias corrections are computed in
// float64 and rounded to the tensor's type where they meet a tensor; every
// tensor operation is rounded to the tensor's type; no multiply-add is fused
// (Go may fuse x*y + z on some platforms; this package writes T(x*y) + z to
// forbid it), and powers β^t are correctly rounded, as the C library's pow
// that Python calls. The package's tests replay trajectories recorded with
// torch 1.13 (testdata/reference and testdata/extra): against torch's
// non-FMA CPU kernels they agree bit for bit in both float32 and float64;
// against its default AVX2 kernels, which fuse multiply-adds, to within
// 1e-12 (float64) and 1e-5 (float32) relative. The one deliberate difference
// is NAdam, where this package, like later PyTorch releases, does not repeat
// torch 1.13's extra momentum factor.
package optim
