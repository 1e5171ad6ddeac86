// Package testfunc holds test functions for optimizers: scalar functions of a
// vector x with analytic gradients, known minima, a standard starting point
// and, for functions of one or two variables, a box to plot them in.
//
// The set covers what the lessons and the optimizer tests need: the
// one-dimensional quadratic (θ−3)² of the introductory lesson, the
// ill-conditioned quadratic 0.1·x₁² + 2·x₂², a general quadratic ½xᵀAx − bᵀx,
// Rosenbrock's banana valley (in two and n dimensions), Beale's function, a
// saddle, Himmelblau's four-minimum function and a tilted double well with a
// local and a global minimum.
//
// Every function implements [Function]; [All] lists one instance of each so
// that a single convergence table can loop over them. Func and Grad are the
// hot path: they do not allocate and do not check lengths. Call [CheckDim]
// once, outside the loop, to validate slice lengths.
//
// Functions that also appear in descent's torch reference trajectories
// (Parabola, IllConditioned, Rosenbrock) carry the reference's problem name
// and evaluate in the reference's operation order, so that in float64 they
// reproduce autograd's values and gradients bit for bit.
//
// Every function rounds each operation to float64: products that feed a sum
// are wrapped in explicit conversions, which Go's compiler may not fuse into
// one multiply-add (it does fuse them on arm64, and on amd64 under
// GOAMD64=v3). Values are therefore the same bits on every platform;
// TestValuesAreSameBitsEverywhere checks them against a golden file, and
// `make test` runs it in a GOAMD64=v3 build too where the CPU allows
// (scripts/test-builds.sh).
//
// The shape follows gonum's optimize/functions: a type per function with
// Func(x) and Grad(grad, x) (destination first) and Minima.
package testfunc
