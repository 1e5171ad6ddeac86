package autograd

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/descentlab/descent/pkg/tensor"
)

// Linear is a fully connected layer y = x·Wᵀ + b, like torch's nn.Linear:
// Weight has shape [out,in] and Bias shape [out].
//
// A Linear holds no state besides its tensors. Forward only reads them, so
// several goroutines may run Forward on one layer at once while nothing
// writes to the tensors; Backward through the results, which adds into
// Weight.Grad and Bias.Grad, and any update of the values are not safe for
// concurrent use.
type Linear[T tensor.Float] struct {
	Weight *tensor.Tensor[T] // [out, in], named "weight"
	Bias   *tensor.Tensor[T] // [out], named "bias"
}

// NewLinear returns a layer from in features to out features, initialised
// as torch initialises nn.Linear: every weight and bias is drawn uniformly
// from [-1/√in, 1/√in) (kaiming_uniform_ with a = √5 gives exactly this
// bound). The values come from rng, the weight row-major first and then the
// bias, so a seeded rng (rand.New(rand.NewPCG(seed, 0))) makes the layer
// reproducible; torch's random stream is not reproduced.
//
// It returns an error if in or out is less than 1 or rng is nil.
func NewLinear[T tensor.Float](in, out int, rng *rand.Rand) (*Linear[T], error) {
	if in < 1 || out < 1 {
		return nil, fmt.Errorf("autograd.NewLinear: in = %d, out = %d; both must be ≥ 1", in, out)
	}
	if rng == nil {
		return nil, fmt.Errorf("autograd.NewLinear: nil rng")
	}
	bound := 1 / math.Sqrt(float64(in))
	uniform := func(t *tensor.Tensor[T]) {
		for i := range t.Value {
			// 2u-1 is exact (u is a multiple of 2⁻⁵³), so only the product
			// with bound rounds, fused multiply-add or not.
			t.Value[i] = T(bound * (2*rng.Float64() - 1))
		}
	}
	l := &Linear[T]{Weight: tensor.Zeros[T]("weight", out, in), Bias: tensor.Zeros[T]("bias", out)}
	uniform(l.Weight)
	uniform(l.Bias)
	return l, nil
}

// In returns the number of input features.
func (l *Linear[T]) In() int { return l.Weight.Shape[1] }

// Out returns the number of output features.
func (l *Linear[T]) Out() int { return l.Weight.Shape[0] }

// Forward returns x·Wᵀ + b for a batch x of shape [n,in]; the result has
// shape [n,out]. Gradients flow into Weight.Grad and Bias.Grad.
//
// It returns a Var holding an error if x holds one or has another shape, or
// if the layer is malformed (a nil or ill-shaped Weight or Bias).
func (l *Linear[T]) Forward(x *Var[T]) *Var[T] {
	if err := inputErr("Linear", x); err != nil {
		return failed[T](err)
	}
	if err := l.check(); err != nil {
		return failed[T](err)
	}
	if s := x.t.Shape; len(s) != 2 || s[1] != l.In() {
		return failed[T](fmt.Errorf("autograd.Linear(%d→%d): input shape %v, want [n %d]", l.In(), l.Out(), s, l.In()))
	}
	return Add(matmul("Linear", x, Param(l.Weight), true), Param(l.Bias))
}

// check reports whether l has a well-formed Weight [out,in] and Bias [out].
func (l *Linear[T]) check() error {
	switch {
	case l.Weight == nil || l.Bias == nil:
		return fmt.Errorf("autograd.Linear: nil Weight or Bias (make layers with NewLinear)")
	case len(l.Weight.Shape) != 2 || len(l.Bias.Shape) != 1 || l.Bias.Shape[0] != l.Weight.Shape[0]:
		return fmt.Errorf("autograd.Linear: Weight shape %v and Bias shape %v, want [out in] and [out]", l.Weight.Shape, l.Bias.Shape)
	}
	if err := l.Weight.Check(); err != nil {
		return fmt.Errorf("autograd.Linear: %w", err)
	}
	if err := l.Bias.Check(); err != nil {
		return fmt.Errorf("autograd.Linear: %w", err)
	}
	return nil
}

// Parameters returns the weight and the bias, in that order.
func (l *Linear[T]) Parameters() []*tensor.Tensor[T] {
	return []*tensor.Tensor[T]{l.Weight, l.Bias}
}
