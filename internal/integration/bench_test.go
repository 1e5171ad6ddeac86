package integration

import (
	"math/rand/v2"
	"testing"

	"github.com/descentlab/descent/pkg/autograd"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// BenchmarkMLPAdamStep times one training step of a 784-128-10 ReLU MLP on
// a batch of 64 in float32: ZeroGrad, forward, softmax cross-entropy (mean),
// Backward, and an Adam step (torch's defaults, lr 1e-3) on the parameters
// autograd wrote the gradients into, with the graph on an
// autograd.Workspace ("workspace") and without ("plain").
// bench/autograd_torch.py times the same step in PyTorch;
// pkg/autograd/BENCHMARKS.md has both figures.
func BenchmarkMLPAdamStep(b *testing.B) {
	const batch, in, hidden, classes = 64, 784, 128, 10
	r := rand.New(rand.NewPCG(1, 2))
	net, err := autograd.NewMLP[float32]([]int{in, hidden, classes}, autograd.ReLU, r)
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
	opt, err := optim.NewAdam(net.Parameters(), optim.LR(1e-3))
	if err != nil {
		b.Fatal(err)
	}
	var ws autograd.Workspace[float32]
	for _, onWS := range []bool{true, false} {
		name := "plain"
		if onWS {
			name = "workspace"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var x *autograd.Var[float32]
				if onWS {
					ws.Reset()
					x = ws.Const(xt)
				} else {
					x = autograd.Const(xt)
				}
				opt.ZeroGrad()
				loss := autograd.SoftmaxCrossEntropy(net.Forward(x), labels)
				if err := loss.Backward(); err != nil {
					b.Fatal(err)
				}
				if err := opt.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
