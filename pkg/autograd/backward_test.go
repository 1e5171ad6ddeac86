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

// TestZeroVarInput checks that a zero Var{} given to any op (in any input
// position) yields the sticky error naming the op, not a panic, and that the
// zero Var's own methods report it.
func TestZeroVarInput(t *testing.T) {
	z := &Var[float64]{}
	m := FromValues([]int{2, 2}, []float64{1, 2, 3, 4})
	lin := &Linear[float64]{Weight: tensor.Zeros[float64]("weight", 2, 2), Bias: tensor.Zeros[float64]("bias", 2)}
	cases := []struct {
		op string
		f  func() *Var[float64]
	}{
		{"Add", func() *Var[float64] { return Add(z, m) }},
		{"Add", func() *Var[float64] { return Add(m, z) }},
		{"Sub", func() *Var[float64] { return Sub(m, z) }},
		{"Mul", func() *Var[float64] { return Mul(z, m) }},
		{"Div", func() *Var[float64] { return Div(m, z) }},
		{"Neg", func() *Var[float64] { return Neg(z) }},
		{"Square", func() *Var[float64] { return Square(z) }},
		{"Pow", func() *Var[float64] { return Pow(z, 2) }},
		{"Exp", func() *Var[float64] { return Exp(z) }},
		{"Log", func() *Var[float64] { return Log(z) }},
		{"Tanh", func() *Var[float64] { return Tanh(z) }},
		{"Sigmoid", func() *Var[float64] { return Sigmoid(z) }},
		{"ReLU", func() *Var[float64] { return ReLU(z) }},
		{"Sum", func() *Var[float64] { return Sum(z) }},
		{"Mean", func() *Var[float64] { return Mean(z) }},
		{"SumAxis", func() *Var[float64] { return SumAxis(z, 0) }},
		{"MeanAxis", func() *Var[float64] { return MeanAxis(z, 0) }},
		{"Reshape", func() *Var[float64] { return Reshape(z, 1) }},
		{"Transpose", func() *Var[float64] { return Transpose(z) }},
		{"MatMul", func() *Var[float64] { return MatMul(z, m) }},
		{"MatMul", func() *Var[float64] { return MatMul(m, z) }},
		{"MSELoss", func() *Var[float64] { return MSELoss(m, z) }},
		{"SoftmaxCrossEntropy", func() *Var[float64] { return SoftmaxCrossEntropy(z, []int{0}) }},
		{"Linear", func() *Var[float64] { return lin.Forward(z) }},
	}
	for _, c := range cases {
		var v *Var[float64]
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s with a zero Var: panic %v", c.op, r)
				}
			}()
			v = c.f()
		}()
		if v == nil {
			continue
		}
		err := v.Err()
		if err == nil || !strings.Contains(err.Error(), "autograd."+c.op+":") || !strings.Contains(err.Error(), "zero Var") {
			t.Errorf("%s with a zero Var: err = %v, want an error naming %s and the zero Var", c.op, err, c.op)
		}
		if bErr := v.Backward(); bErr != err {
			t.Errorf("%s: Backward = %v, want the sticky error %v", c.op, bErr, err)
		}
	}

	if err := z.Err(); err == nil || !strings.Contains(err.Error(), "zero Var") {
		t.Errorf("Var{}.Err() = %v, want an error naming the zero Var", err)
	}
	if err := z.Backward(); err == nil || err != z.Err() {
		t.Errorf("Var{}.Backward() = %v, want %v", err, z.Err())
	}
	if err := z.BackwardRetain(); err == nil {
		t.Error("Var{}.BackwardRetain(): no error")
	}
	if z.Value() != nil || z.Grad() != nil || z.Shape() != nil || z.Tensor() != nil {
		t.Error("a zero Var exposes a value, gradient, shape or tensor")
	}
	if v := z.Item(); !math.IsNaN(v) {
		t.Errorf("Var{}.Item() = %v, want NaN", v)
	}
	if s := z.String(); !strings.HasPrefix(s, "error: ") {
		t.Errorf("Var{}.String() = %q, want the error", s)
	}
}

// TestZeroLayers checks that layers that were not made by their
// constructors fail with an error instead of a panic.
func TestZeroLayers(t *testing.T) {
	x := FromValues([]int{1, 2}, []float64{1, 2})
	for name, l := range map[string]*Linear[float64]{
		"zero":      {},
		"no bias":   {Weight: tensor.Zeros[float64]("weight", 3, 2)},
		"bad bias":  {Weight: tensor.Zeros[float64]("weight", 3, 2), Bias: tensor.Zeros[float64]("bias", 2)},
		"malformed": {Weight: &tensor.Tensor[float64]{Shape: []int{3, 2}}, Bias: tensor.Zeros[float64]("bias", 3)},
	} {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Linear %s: panic %v", name, r)
				}
			}()
			err = l.Forward(x).Err()
		}()
		if err == nil || !strings.Contains(err.Error(), "autograd.Linear") {
			t.Errorf("Linear %s: err = %v, want an autograd.Linear error", name, err)
		}
	}
	lin := &Linear[float64]{Weight: tensor.Zeros[float64]("weight", 2, 2), Bias: tensor.Zeros[float64]("bias", 2)}
	net := &MLP[float64]{Layers: []*Linear[float64]{lin, lin}}
	if err := net.Forward(x).Err(); err == nil || !strings.Contains(err.Error(), "Activation") {
		t.Errorf("MLP without an activation: err = %v, want an error naming the Activation", err)
	}
	net = &MLP[float64]{Layers: []*Linear[float64]{lin, nil}, Activation: ReLU[float64]}
	if err := net.Forward(x).Err(); err == nil || !strings.Contains(err.Error(), "layer 1") {
		t.Errorf("MLP with a nil layer: err = %v, want an error naming layer 1", err)
	}
}
