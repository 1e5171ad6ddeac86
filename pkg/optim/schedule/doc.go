// Package schedule implements the learning-rate schedulers of
// torch.optim.lr_scheduler for the optimizers of package optim, following
// PyTorch 1.13 operation by operation.
//
// A scheduler is attached to an optimizer when it is built and changes the
// learning rate of each of its parameter groups once per step:
//
//	opt, _ := optim.NewSGD(params, optim.LR(0.1), optim.Momentum(0.9))
//	sched, _ := schedule.NewStepLR(opt, 30, 0.1) // torch: StepLR(opt, step_size=30, gamma=0.1)
//	for step := range steps {
//		opt.ZeroGrad()
//		... // loss and gradients
//		opt.Step()
//		sched.Step() // after the optimizer's step, as in torch since 1.1
//	}
//
// The schedulers are every class of torch 1.13's torch.optim.lr_scheduler:
// StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR (warm-up),
// ConstantLR, LambdaLR and MultiplicativeLR (which take Go functions),
// PolynomialLR, CyclicLR (which also cycles the momentum or β1),
// CosineAnnealingWarmRestarts (fractional epochs too, with StepTo),
// OneCycleLR and ReduceLROnPlateau (which steps on a metric); SequentialLR
// runs schedulers one after another (warm-up, then cosine) and
// ChainedScheduler multiplies their effects. SWALR, from torch.optim.swa_utils,
// anneals to the constant rate of stochastic weight averaging (package
// ../swa holds the averaged parameters).
//
// # Your own scheduler
//
// New builds a scheduler from a Rule, the formula of a learning rate per
// group and epoch from the group's current rate, as torch's chainable
// get_lr; it keeps the epoch, the base and last rates, steps all groups or
// none, saves its state in checkpoints, and can be sequenced and chained.
// Cos and Pow are the correctly rounded cosine and power the package's own
// formulas use, for a Rule that should agree with torch bit for bit.
//
// # Concurrency
//
// No scheduler is safe for concurrent use: like the optimizer it drives, a
// scheduler belongs to one goroutine at a time. The options are values and
// may be shared.
//
// # Agreement with PyTorch
//
// As in torch, the constructor performs the scheduler's initial step (epoch
// 0), so the optimizer's first step already uses the scheduled rate, and
// every later rate is computed from the previous one (torch's chainable
// get_lr) in float64, in torch's order of operations, so that another
// scheduler or the user may change the rate in between. Powers and cosines
// are correctly rounded, as the C library's that Python calls (Go's math.Cos
// is off by an ulp on about a quarter of the arguments π*k/T): the learning
// rates agree with torch 1.13's bit for bit, which the parity tests of
// package optim check against recorded runs. The C library's cos is itself
// an ulp off on rare arguments (glibc's on one of the 123 fractional epochs
// of testdata/warm_restarts_fractional.json); there the rate here is the
// correctly rounded one, an ulp from torch's.
//
// One difference: a scheduler takes its base learning rates from the
// optimizer when it is built. torch takes them from the group's initial_lr,
// which the first scheduler ever attached to the optimizer records; the two
// agree unless the learning rate changed between. SequentialLR, the one
// place where it matters in practice, gives all its schedulers the first
// one's base rates, as torch does.
//
// # Why a package of its own
//
// Schedulers need nothing of an optimizer but its learning rates (and, for
// OneCycleLR and CyclicLR, its momentum factors): the optim.LRGroups and
// optim.MomentumGroups interfaces. Keeping them here keeps package optim
// about optimizers, mirrors torch's torch.optim.lr_scheduler, and lets a
// lesson use optimizers without meeting schedulers.
//
// # From torch's names
//
// FromTorch builds a scheduler from torch's class name and keyword
// arguments, as a recorded torch run or a config file spells them
// ("StepLR", {"step_size": 30, "gamma": 0.1}); PlateauFromTorch does the same
// for ReduceLROnPlateau. Unknown names and arguments are errors that say
// what the class takes.
//
// # Checkpoints
//
// Every scheduler implements optim.Stateful: optim.SaveFile(path, opt, sched)
// saves the optimizer and the scheduler together, optim.LoadFile restores
// both, and training continues bit for bit as if it had not stopped (see
// ../checkpoint.md). As torch's load_state_dict, a restore takes the
// scheduler's settings from the checkpoint; its kind and the number of
// parameter groups must match.
package schedule
