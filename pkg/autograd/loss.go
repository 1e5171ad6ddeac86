package autograd

import (
	"fmt"
	"math"
	"slices"

	"github.com/descentlab/descent/pkg/tensor"
)

// MSELoss returns the mean squared error mean((input - target)²), a scalar,
// like torch's nn.MSELoss() (reduction "mean"). input and target must have
// the same shape; 0-dimensional tensors are fine. Either may be a parameter.
//
// It follows torch's operations: r = input - target, loss = Σ r*r / n and
// d/d input = r·(2/n)·g, d/d target = -r·(2/n)·g, each rounded to T. For one
// element this is loss = fl(r*r) and gradient 2r exactly, bit for bit what
// torch's autograd gives.
func MSELoss[T tensor.Float](input, target *Var[T]) *Var[T] {
	const op = "MSELoss"
	if err := inputErr(op, input, target); err != nil {
		return failed[T](err)
	}
	if !slices.Equal(input.t.Shape, target.t.Shape) {
		return failed[T](fmt.Errorf("autograd.%s: input shape %v and target shape %v differ (reshape one; torch would broadcast them)", op, input.t.Shape, target.t.Shape))
	}
	x, y := input.t.Value, target.t.Value
	out := newResult(op, []int{}, input, target)
	var s T
	for i := range x {
		r := x[i] - y[i]
		s += T(r * r) // T(...): no fused multiply-add
	}
	out.t.Value[0] = s / T(len(x))
	out.backward = func() {
		g := out.t.Grad[0]
		norm := T(2 / float64(len(x)))
		for i := range x {
			d := T(T((x[i]-y[i])*norm) * g) // T(...): rounded before it is added
			if input.needsGrad {
				input.t.Grad[i] += d
			}
			if target.needsGrad {
				target.t.Grad[i] -= d
			}
		}
	}
	return out
}

// SoftmaxCrossEntropy returns the mean over the n rows of logits [n,c] of
// -log softmax(row)[label], a scalar, like torch's nn.CrossEntropyLoss() with
// integer class labels (reduction "mean"). labels[i] is the class of row i,
// in [0, c).
//
// Each row is shifted by its maximum before exponentiating, so large logits
// neither overflow nor lose the answer: loss_i = m + log Σ_j e^(z_j - m) - z_label.
// The gradient is (softmax(row) - onehot(label)) / n.
func SoftmaxCrossEntropy[T tensor.Float](logits *Var[T], labels []int) *Var[T] {
	const op = "SoftmaxCrossEntropy"
	if err := inputErr(op, logits); err != nil {
		return failed[T](err)
	}
	shape := logits.t.Shape
	if len(shape) != 2 || shape[0] == 0 || shape[1] == 0 {
		return failed[T](fmt.Errorf("autograd.%s: logits shape %v, want [n c] with n, c ≥ 1", op, shape))
	}
	n, c := shape[0], shape[1]
	if len(labels) != n {
		return failed[T](fmt.Errorf("autograd.%s: %d labels for logits of shape %v, want %d", op, len(labels), shape, n))
	}
	for i, l := range labels {
		if l < 0 || l >= c {
			return failed[T](fmt.Errorf("autograd.%s: labels[%d] = %d out of range [0, %d)", op, i, l, c))
		}
	}
	ws := logits.ws
	labels = ws.indices(labels) // a copy: the caller may reuse its slice before Backward
	z := logits.t.Value
	prob := ws.values(n * c) // softmax of each row, kept for the gradient
	var total T
	for i := range n {
		row, p := z[i*c:(i+1)*c], prob[i*c:(i+1)*c]
		m := slices.Max(row)
		var s T
		for j, v := range row {
			p[j] = T(math.Exp(float64(v - m)))
			s += p[j]
		}
		for j := range p {
			p[j] /= s
		}
		logSumExp := m + T(math.Log(float64(s)))
		total += logSumExp - row[labels[i]]
	}
	out := newResult(op, []int{}, logits, nil)
	out.t.Value[0] = total / T(n)
	out.backward = func() {
		if !logits.needsGrad {
			return
		}
		scale := out.t.Grad[0] / T(n)
		for i := range n {
			for j := range c {
				d := prob[i*c+j]
				if j == labels[i] {
					d--
				}
				logits.t.Grad[i*c+j] += T(d * scale)
			}
		}
	}
	return out
}
