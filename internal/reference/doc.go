// Package reference reads the torch.optim reference trajectories that
// descent's parity tests replay, and measures how far a candidate trajectory
// is from one.
//
// # The files
//
// A reference file (the format of the shared reference README, copied in
// pkg/optim/testdata/reference/README.md) holds one problem (a loss
// function, its parameter layout and, for regression problems, its data and
// mini-batch orders) and the optimizer runs torch 1.13 recorded on it: for
// every step the loss before the step, the gradient torch's autograd produced
// and the parameters after the step. The extensions described in
// pkg/optim/testdata/extra/README.md and pkg/optim/testdata/groups/README.md
// (any scheduler's arguments, parameter groups, a learning rate per group)
// are read too.
//
// The fields of ../shared/reference-more (the rest of torch.optim: Rprop,
// ASGD, LBFGS, six more schedulers, SWA) are read too: momentum_per_step,
// averaged_after_step, evals_at_step, swa and swa_params_after_step. A JSON
// field the package does not know is an error, never ignored.
//
// [Load] reads and checks one file; [Files] lists the files under a
// directory; [Dir], [MoreDir], [ExtraDir] and [GroupsDir] locate the shared
// files (two directories), the repository's extra torch runs (MLP,
// Rosenbrock, options, schedulers) and its runs with parameter groups, and
// [Dirs] lists them all.
//
// [Protocol] is what a harness does around a run's optimizer beyond the
// plain loop (the scheduler, LBFGS's closure, SWA's averaged model and
// SWALR) and the recording and comparison of every field besides the
// parameters and losses; [Lambda] gives the Go functions of the named
// lr_lambda, [RunTolerance] a run's tolerance. [File.Batch] gives the rows a mini-batch
// step uses, and [Params] and [Flatten] convert between a run's flattened
// rows and the tensors an optimizer steps.
//
// The package checks the format, not the meaning: it does not know which
// problems or optimizers exist. A harness must treat a problem, optimizer or
// scheduler name it does not know as a failure, never skip the run.
//
// # The error measure
//
// [MaxErr] is the README's measure
//
//	err = |candidate - reference| / max(|reference|, floor*S)
//
// maximised over all steps and elements, where S is the largest |reference|
// of the quantity anywhere in the run and floor is [Floor] (0.1). A run
// passes when the error of its parameters and of its losses is at most
// [Tolerance] of its dtype: 1e-12 in float64, 1e-5 in float32. The floor keeps
// parameters that pass through zero, and losses near a minimum, from giving
// meaningless relative errors; the tolerances leave room for summation
// orders other than torch's and for fused multiply-adds in torch's kernels,
// and still reject wrong formulas (see the README's evidence tables).
package reference
