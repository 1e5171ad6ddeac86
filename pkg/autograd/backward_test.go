package autograd

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

func TestBackwardAccumulatesIntoParamGrad(t *testing.T) {
	theta := tensor.Scalar[float64]("theta", 1)
	for range 2 { // two separate graphs, like two loss.backward() calls in torch
		if err := MSELoss(Param(theta), Scalar(3.0)).Backward(); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := theta.Grad[0], 2*2*(1-3.0); got != want {
		t.Errorf("theta.Grad after two Backward calls = %v, want %v", got, want)
	}
	ZeroGrad([]*tensor.Tensor[float64]{theta})
	if theta.Grad[0] != 0 {
		t.Errorf("after ZeroGrad theta.Grad = %v", theta.Grad[0])
	}
}

func TestBackwardOnParamItself(t *testing.T) {
	theta := tensor.Scalar[float32]("theta", 5)
	p := Param(theta)
	for range 2 { // a leaf is never released
		if err := p.Backward(); err != nil {
			t.Fatal(err)
		}
	}
	if theta.Grad[0] != 2 {
		t.Errorf("d theta/d theta accumulated twice = %v, want 2", theta.Grad[0])
	}
}

func TestBackwardReleasesGraph(t *testing.T) {
	x := tensor.FromSlice("x", []float64{1, 2, 3})
	h := Square(Param(x))
	loss := Sum(h)
	if err := loss.Backward(); err != nil {
		t.Fatal(err)
	}
	if err := loss.Backward(); !errors.Is(err, ErrReleased) {
		t.Errorf("second Backward: err = %v, want ErrReleased", err)
	}
	// A new graph built on a released node cannot reach the parameters either.
	if err := Mean(h).Backward(); !errors.Is(err, ErrReleased) {
		t.Errorf("Backward through a released node: err = %v, want ErrReleased", err)
	}
	if want := []float64{2, 4, 6}; !slices.Equal(x.Grad, want) {
		t.Errorf("x.Grad = %v, want %v (only the first Backward counts)", x.Grad, want)
	}
}

func TestBackwardRetain(t *testing.T) {
	x := tensor.FromSlice("x", []float64{1, 2, 3})
	h := Square(Param(x))
	loss := Sum(Mul(h, FromValues([]int{3}, []float64{1, 10, 100})))
	for range 2 {
		if err := loss.BackwardRetain(); err != nil {
			t.Fatal(err)
		}
	}
	// Each pass adds 2·x·w once: intermediate gradients are recomputed, not
	// accumulated, so the second pass does not count the first one twice.
	if want := []float64{4, 80, 1200}; !slices.Equal(x.Grad, want) {
		t.Errorf("x.Grad = %v, want %v", x.Grad, want)
	}
	if want := []float64{1, 10, 100}; !slices.Equal(h.Grad(), want) {
		t.Errorf("intermediate h.Grad = %v, want d loss/d h = %v", h.Grad(), want)
	}
	if err := loss.Backward(); err != nil {
		t.Fatalf("Backward after BackwardRetain: %v", err)
	}
	if err := loss.Backward(); !errors.Is(err, ErrReleased) {
		t.Errorf("Backward after Backward: err = %v, want ErrReleased", err)
	}
}

func TestBackwardErrors(t *testing.T) {
	x := tensor.FromSlice("x", []float64{1, 2})
	if err := Square(Param(x)).Backward(); !errors.Is(err, ErrNotScalar) || !strings.Contains(err.Error(), "[2]") {
		t.Errorf("Backward on shape [2]: err = %v, want ErrNotScalar naming the shape", err)
	}
	if err := Sum(Const(x)).Backward(); !errors.Is(err, ErrNoGrad) {
		t.Errorf("Backward on a constant: err = %v, want ErrNoGrad", err)
	}
	if x.Grad[0] != 0 || x.Grad[1] != 0 {
		t.Errorf("Const tensor's Grad was written: %v", x.Grad)
	}
}

func TestConstantInputsGetNoGradient(t *testing.T) {
	w := tensor.FromSlice("w", []float64{1, 2})
	data := tensor.FromSlice("data", []float64{3, 4})
	if err := Sum(Mul(Param(w), Const(data))).Backward(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.Grad, []float64{3, 4}) || !slices.Equal(data.Grad, []float64{0, 0}) {
		t.Errorf("w.Grad = %v (want [3 4]), data.Grad = %v (want [0 0])", w.Grad, data.Grad)
	}
}

// TestStickyError checks that the first error travels unchanged through a
// chain of ops, that the failed values show no numbers, and that Backward
// returns it without touching the parameters.
func TestStickyError(t *testing.T) {
	w := tensor.Zeros[float32]("w", 2, 3)
	b := tensor.Zeros[float32]("b", 2)
	h := Add(Param(w), Param(b)) // [2 3] + [2]: the bias does not match the last dimension
	loss := MSELoss(Tanh(h), FromValues([]int{2, 3}, make([]float32, 6)))
	err := loss.Backward()
	if err == nil || !strings.Contains(err.Error(), "Add") || !strings.Contains(err.Error(), "[2 3]") || !strings.Contains(err.Error(), "[2]") {
		t.Fatalf("Backward: err = %v, want the Add error naming [2 3] and [2]", err)
	}
	if loss.Err() != h.Err() {
		t.Errorf("loss.Err() = %v, want the first error %v", loss.Err(), h.Err())
	}
	if v := loss.Item(); !math.IsNaN(float64(v)) {
		t.Errorf("Item of a failed value = %v, want NaN", v)
	}
	if loss.Value() != nil || loss.Grad() != nil || loss.Shape() != nil || loss.Tensor() != nil {
		t.Error("a failed value exposes a value, gradient, shape or tensor")
	}
	if !strings.HasPrefix(loss.String(), "error: ") {
		t.Errorf("String() = %q, want the error", loss.String())
	}
}

func TestOpErrors(t *testing.T) {
	m23 := FromValues([]int{2, 3}, make([]float64, 6))
	m32 := FromValues([]int{3, 2}, make([]float64, 6))
	v2 := FromValues([]int{2}, make([]float64, 2))
	v3 := FromValues([]int{3}, make([]float64, 3))
	cases := []struct {
		name string
		v    *Var[float64]
		want []string // substrings of the error
	}{
		{"Add", Add(m23, v2), []string{"Add", "[2 3]", "[2]"}},
		{"Sub", Sub(v2, m23), []string{"Sub", "[2]", "[2 3]"}},
		{"Mul", Mul(m23, m32), []string{"Mul", "[2 3]", "[3 2]"}},
		{"Div", Div(m23, FromValues([]int{1, 3}, make([]float64, 3))), []string{"Div", "[2 3]", "[1 3]"}},
		{"MatMul/inner", MatMul(m23, m23), []string{"MatMul", "[2 3]", "3 columns against 2 rows"}},
		{"MatMul/rank", MatMul(m23, v3), []string{"MatMul", "[2 3]", "[3]", "2-D"}},
		{"Transpose", Transpose(v3), []string{"Transpose", "[3]"}},
		{"Reshape", Reshape(m23, 4, 2), []string{"Reshape", "[2 3]", "[4 2]"}},
		{"SumAxis", SumAxis(m23, 2), []string{"SumAxis", "axis 2", "[2 3]", "-2 ≤ axis < 2"}},
		{"MeanAxis", MeanAxis(m23, -3), []string{"MeanAxis", "axis -3"}},
		{"MSELoss", MSELoss(FromValues([]int{3, 1}, make([]float64, 3)), v3), []string{"MSELoss", "[3 1]", "[3]"}},
		{"SoftmaxCrossEntropy/rank", SoftmaxCrossEntropy(v3, []int{0}), []string{"SoftmaxCrossEntropy", "[3]"}},
		{"SoftmaxCrossEntropy/count", SoftmaxCrossEntropy(m23, []int{0}), []string{"1 labels", "[2 3]"}},
		{"SoftmaxCrossEntropy/label", SoftmaxCrossEntropy(m23, []int{0, 3}), []string{"labels[1] = 3", "[0, 3)"}},
		{"FromValues", FromValues([]int{2, 2}, []float64{1}), []string{"FromValues", "[2 2]"}},
		{"Param/nil", Param[float64](nil), []string{"Param", "nil"}},
		{"Param/malformed", Param(&tensor.Tensor[float64]{Name: "w", Shape: []int{2}, Value: []float64{1, 2}}), []string{"Param", `"w"`, "Grad"}},
		{"nil input", Add(m23, nil), []string{"Add", "input 1 is nil"}},
	}
	for _, c := range cases {
		err := c.v.Err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, s)
			}
		}
	}
}
