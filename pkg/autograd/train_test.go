package autograd

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/descentlab/descent/pkg/tensor"
)

// sgd is the plain update p -= lr·grad, written out so these tests need no
// optimizer package.
func sgd[T tensor.Float](params []*tensor.Tensor[T], lr T) {
	for _, p := range params {
		for i, g := range p.Grad {
			p.Value[i] -= T(lr * g)
		}
	}
}

// TestLinearRegressionRecoversLeastSquares trains nn.Linear(3,1) with MSE and
// full-batch SGD on the reference data and compares the weights with the
// least-squares solution computed independently by gonum/mat (QR).
func TestLinearRegressionRecoversLeastSquares(t *testing.T) {
	f := loadTorch(t, "linreg_torch.json")

	// [X 1] β = y in the least-squares sense.
	n := len(f.X)
	a := mat.NewDense(n, 4, nil)
	for i, row := range f.X {
		a.SetRow(i, append(slices.Clone(row), 1))
	}
	var beta mat.VecDense
	if err := beta.SolveVec(a, mat.NewVecDense(n, slices.Clone(f.Y))); err != nil {
		t.Fatal(err)
	}
	want := beta.RawVector().Data // w0 w1 w2 b

	t.Run("float64", func(t *testing.T) { checkLinregTraining[float64](t, f, want, 1e-10) })
	t.Run("float32", func(t *testing.T) { checkLinregTraining[float32](t, f, want, 1e-5) })
}

func checkLinregTraining[T tensor.Float](t *testing.T, f torchFile, want []float64, tol float64) {
	x, y := linregData[T](f)
	l, err := NewLinear[T](3, 1, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	params := l.Parameters()
	for range 500 {
		ZeroGrad(params)
		if err := MSELoss(l.Forward(x), y).Backward(); err != nil {
			t.Fatal(err)
		}
		sgd(params, 0.1)
	}
	got := append(slices.Clone(l.Weight.Value), l.Bias.Value...)
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); d > tol*max(1, math.Abs(want[i])) {
			t.Errorf("parameter %d = %.10g, least squares %.10g", i, got[i], want[i])
		}
	}
}

// TestMLPLearnsXOR trains a 2-8-2 tanh MLP with softmax cross-entropy on the
// four XOR points, which no linear model separates. A network that fits
// them drives the loss towards 0; we ask for below 0.01 (every point
// classified with probability above 0.99) and check the predictions.
func TestMLPLearnsXOR(t *testing.T) {
	x := FromValues([]int{4, 2}, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	labels := []int{0, 1, 1, 0}
	net, err := NewMLP[float64]([]int{2, 8, 2}, Tanh, rand.New(rand.NewPCG(2024, 1)))
	if err != nil {
		t.Fatal(err)
	}
	params := net.Parameters()
	var loss float64
	for range 2000 {
		ZeroGrad(params)
		l := SoftmaxCrossEntropy(net.Forward(x), labels)
		if err := l.Backward(); err != nil {
			t.Fatal(err)
		}
		loss = l.Item()
		sgd(params, 0.5)
	}
	if !(loss < 0.01) {
		t.Errorf("final loss %.4g, want < 0.01", loss)
	}
	logits := net.Forward(x).Value()
	for i, want := range labels {
		got := 0
		if logits[2*i+1] > logits[2*i] {
			got = 1
		}
		if got != want {
			t.Errorf("point %d: predicted class %d, want %d (logits %v)", i, got, want, logits[2*i:2*i+2])
		}
	}
}
