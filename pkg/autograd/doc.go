// Package autograd is a small reverse-mode automatic differentiation engine
// over dense tensors, written to be read in a lesson.
//
// # The graph
//
// A [Var] is one node of a computation graph: a value (a [tensor.Tensor]),
// the gradient of the final loss with respect to it, and, for values made by
// an op, the inputs and a closure that knows the op's derivative. Ops are
// plain functions ([Add], [MatMul], [Tanh], [MSELoss], ...) that compute
// their value at once and record how to send a gradient back:
//
//	theta := tensor.Scalar[float32]("theta", 0)
//	loss := autograd.MSELoss(autograd.Param(theta), autograd.Scalar[float32](3))
//	if err := loss.Backward(); err != nil { ... }
//	// theta.Grad[0] now holds d loss / d theta = -6
//
// [Var.Backward] visits the graph from the loss back to the leaves in reverse
// topological order and calls each node's closure once, so every node's
// gradient is complete before it is passed on (the chain rule, summed over
// all paths).
//
// # Leaves: parameters and constants
//
// [Param] wraps a tensor the optimizer owns. Its gradient is not copied
// anywhere: Backward ADDS into the tensor's own Grad slice, exactly like
// torch's .grad, so an optimizer from pkg/optim steps the very same object.
// Clear the gradients before each step with [ZeroGrad] (or the optimizer's
// own ZeroGrad). [Const], [Scalar] and [FromValues] make leaves that take no
// gradient (data, targets).
//
// Values made by ops have their own buffers. After Backward their Grad holds
// d loss / d value, which a lesson may print.
//
// # Releasing the graph
//
// Backward releases the graph as it finishes (each node forgets its inputs
// and its closure), as torch does, so that the memory can be reclaimed and a
// stale graph is not walked twice by mistake; a second Backward through the
// same ops returns [ErrReleased]. [Var.BackwardRetain] keeps the graph for
// another pass. Parameter leaves are never released: a Param Var may be
// reused in every step.
//
// Do not change a parameter's values between building a graph and calling
// its Backward: some ops read their inputs again when differentiating.
//
// # Reusing buffers
//
// Every op allocates its result. A training loop that builds the same graph
// every step can instead put it on a [Workspace]: ops on its leaves borrow
// their buffers from it, and [Workspace.Reset] takes them all back for the
// next step, so that after the first step the loop allocates only a few
// small objects per op. The Vars of a step are spent at the next Reset:
// ops and Backward refuse them with an error.
//
// # Concurrency
//
// A graph is not safe for concurrent use. Ops only read their inputs, so
// goroutines may build separate graphs over shared inputs (the same
// parameters, the same data) while nothing writes to those; Backward writes
// to its whole graph and to the Grad of every parameter it reaches, so two
// graphs that share a parameter must not be backpropagated at once.
//
// # Errors: sticky, never silent
//
// Ops do not return errors; they carry them. An op given inputs it cannot
// use (shapes that do not match, an axis out of range, a class label out of
// range) returns a Var that holds only the error, naming the op and the bad
// shapes or values. Every op that receives such a Var passes the first error
// on unchanged without computing anything, so a chain of ops reads like the
// formula it computes, and the error surfaces where the lesson checks it:
// from [Var.Backward], or from [Var.Err]. A Var holding an error has no value:
// [Var.Value] and [Var.Tensor] return nil and [Var.Item] returns NaN, so a
// forgotten check shows up as NaN or a nil slice, never as a plausible wrong
// number.
//
// # Shapes and broadcasting
//
// Elementwise binary ops ([Add], [Sub], [Mul], [Div]) accept equal shapes, or
// one shape equal to a trailing part of the other: a bias row [k] added to a
// batch [n,k], or a scalar [] applied to anything. This is the part of numpy
// broadcasting that lessons need; the gradient of the smaller operand is the
// sum over the repeated copies. Anything else is an error naming both
// shapes. [MSELoss] needs equal shapes (torch would broadcast [64,1] against
// [64] into a [64,64] matrix with only a warning); use [Reshape] first.
//
// # Floating point
//
// Everything is generic over float32 and float64 and computed in that type:
// every operation is rounded to T, and products that feed a sum are written
// T(a*b) + c so that the compiler cannot fuse them into a multiply-add (Go
// may fuse a*b + c, and does on arm64; the package's arm64 build contains no
// fused instruction outside gonum).
// Elementary functions (exp, log, tanh, pow) are evaluated in float64 and
// rounded once to T. Sums run left to right.
//
// On a one-element value, MSELoss computes r = fl(input - target),
// loss = fl(r*r) and gradient 2r (exact), which is what torch's autograd
// computes for nn.MSELoss on 0-dim tensors, bit for bit.
//
// NaN and ±∞ propagate as IEEE arithmetic has them, through the values and
// through the gradients: every op forms every product of its chain rule, so
// 0·NaN and 0·∞ give NaN (a zero input beside a NaN weight in [MatMul], a
// NaN gradient reaching a ReLU whose input is negative) and a diverging run
// is never shown a finite number it did not compute.
//
// [MatMul] (and [Linear]) sum each element of a product over the shared
// dimension in order, like every other sum here. In float32 a packed,
// register-blocked kernel (AVX2 assembly on amd64, plain Go elsewhere or
// with the purego build tag) computes exactly that order, so its results
// are those of a plain triple loop, bit for bit. In float64 they call
// gonum's blas64, whose summation order is its own: results agree with a
// plain loop to rounding but not bit for bit, just as torch's BLAS results
// differ from a plain loop. Types with float32 or float64 as underlying type
// but another name use the plain triple loop.
//
// # Layers
//
// [Linear] is torch's nn.Linear (weight [out,in], bias [out], the same
// uniform initialisation range) and [MLP] stacks them with an activation in
// between. Their Parameters methods return the tensors for an optimizer.
package autograd
