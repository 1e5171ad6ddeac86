package autograd

import (
	"math/rand/v2"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// BenchmarkMLPStep times one training step of a 784-128-10 ReLU MLP on a
// batch of 64 in float32: zero the gradients, forward, softmax cross-entropy,
// Backward, and a plain SGD update, with the graph on a [Workspace]
// ("workspace", the loop a user should write) and without ("plain").
// bench/autograd_torch.py times the same step in PyTorch.
func BenchmarkMLPStep(b *testing.B) {
	const batch, in, hidden, classes = 64, 784, 128, 10
	r := rand.New(rand.NewPCG(1, 2))
	net, err := NewMLP[float32]([]int{in, hidden, classes}, ReLU, r)
	if err != nil {
		b.Fatal(err)
	}
	xs := make([]float32, batch*in)
	for i := range xs {
		xs[i] = float32(r.Float64())
	}
	xt, err := tensor.New("x", []int{batch, in}, xs)
	if err != nil {
		b.Fatal(err)
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = r.IntN(classes)
	}
	params := net.Parameters()

	// The update; an optimizer's Step goes here instead.
	step := func(params []*tensor.Tensor[float32]) {
		for _, p := range params {
			for i, g := range p.Grad {
				p.Value[i] -= float32(0.01 * g)
			}
		}
	}

	b.Run("workspace", func(b *testing.B) {
		var ws Workspace[float32]
		b.ReportAllocs()
		for b.Loop() {
			ws.Reset()
			ZeroGrad(params)
			loss := SoftmaxCrossEntropy(net.Forward(ws.Const(xt)), labels)
			if err := loss.Backward(); err != nil {
				b.Fatal(err)
			}
			step(params)
		}
	})
	b.Run("plain", func(b *testing.B) {
		x := Const(xt)
		b.ReportAllocs()
		for b.Loop() {
			ZeroGrad(params)
			loss := SoftmaxCrossEntropy(net.Forward(x), labels)
			if err := loss.Backward(); err != nil {
				b.Fatal(err)
			}
			step(params)
		}
	})
}
