package autograd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

func TestNewLinearInit(t *testing.T) {
	l, err := NewLinear[float64](50, 40, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.Weight.Shape, []int{40, 50}) || !slices.Equal(l.Bias.Shape, []int{40}) {
		t.Fatalf("shapes %v and %v, want [40 50] and [40]", l.Weight.Shape, l.Bias.Shape)
	}
	if l.In() != 50 || l.Out() != 40 {
		t.Errorf("In, Out = %d, %d, want 50, 40", l.In(), l.Out())
	}
	// Uniform on [-b, b) with b = 1/√50: every value inside, and the sample
	// mean and variance near 0 and b²/3.
	b := 1 / math.Sqrt(50)
	var sum, sumSq float64
	vals := append(slices.Clone(l.Weight.Value), l.Bias.Value...)
	for _, v := range vals {
		if v < -b || v >= b {
			t.Fatalf("value %v outside [-%v, %v)", v, b, b)
		}
		sum += v
		sumSq += v * v
	}
	n := float64(len(vals))
	if mean := sum / n; math.Abs(mean) > 4*b/math.Sqrt(3*n) {
		t.Errorf("mean %v, want 0 within 4 standard errors", mean)
	}
	if v := sumSq / n; math.Abs(v-b*b/3) > 0.1*b*b/3 {
		t.Errorf("second moment %v, want b²/3 = %v within 10%%", v, b*b/3)
	}

	again, _ := NewLinear[float64](50, 40, rand.New(rand.NewPCG(1, 2)))
	if !slices.Equal(again.Weight.Value, l.Weight.Value) || !slices.Equal(again.Bias.Value, l.Bias.Value) {
		t.Error("the same seed gave different layers")
	}
}

func TestNewLinearErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		in, out int
		rng     *rand.Rand
		want    string
	}{
		{0, 3, r, "in = 0"},
		{3, -1, r, "out = -1"},
		{3, 3, nil, "nil rng"},
	} {
		if _, err := NewLinear[float32](c.in, c.out, c.rng); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewLinear(%d, %d): err = %v, want it to mention %q", c.in, c.out, err, c.want)
		}
	}
}

func TestLinearForward(t *testing.T) {
	l := &Linear[float64]{
		Weight: must(tensor.New("weight", []int{2, 3}, []float64{1, 2, 3, 4, 5, 6})),
		Bias:   must(tensor.New("bias", []int{2}, []float64{0.5, -1})),
	}
	x := FromValues([]int{2, 3}, []float64{1, 0, -1, 2, 1, 0})
	y := l.Forward(x)
	if want := []float64{1 - 3 + 0.5, 4 - 6 - 1, 2 + 2 + 0.5, 8 + 5 - 1}; !slices.Equal(y.Value(), want) {
		t.Errorf("Forward = %v, want %v", y.Value(), want)
	}
	if err := l.Forward(FromValues([]int{2, 2}, make([]float64, 4))).Err(); err == nil || !strings.Contains(err.Error(), "[2 2]") || !strings.Contains(err.Error(), "[n 3]") {
		t.Errorf("Forward on [2 2]: err = %v, want it to name [2 2] and [n 3]", err)
	}
}

func TestMLP(t *testing.T) {
	net, err := NewMLP[float32]([]int{4, 8, 3}, ReLU, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range net.Parameters() {
		names = append(names, fmt.Sprintf("%s%v", p.Name, p.Shape))
	}
	if want := []string{"0.weight[8 4]", "0.bias[8]", "1.weight[3 8]", "1.bias[3]"}; !slices.Equal(names, want) {
		t.Errorf("parameters %v, want %v", names, want)
	}
	out := net.Forward(FromValues([]int{5, 4}, make([]float32, 20)))
	if !slices.Equal(out.Shape(), []int{5, 3}) {
		t.Errorf("output shape %v, want [5 3]", out.Shape())
	}
	// With a zero input the hidden layer is relu(b0) and the output is
	// W1·relu(b0) + b1, the same for every row.
	h := make([]float32, 8)
	for i, b := range net.Layers[0].Bias.Value {
		h[i] = max(b, 0)
	}
	for j := range 3 {
		want := net.Layers[1].Bias.Value[j]
		var s float32
		for i := range 8 {
			s += net.Layers[1].Weight.Value[j*8+i] * h[i]
		}
		want += s
		if got := out.Value()[j]; math.Abs(float64(got-want)) > 1e-6 {
			t.Errorf("output[0,%d] = %v, want %v", j, got, want)
		}
	}

	for _, sizes := range [][]int{{4}, {4, 0, 2}} {
		if _, err := NewMLP[float32](sizes, ReLU, rand.New(rand.NewPCG(3, 4))); err == nil || !strings.Contains(err.Error(), fmt.Sprint(sizes)) {
			t.Errorf("NewMLP(%v): err = %v, want it to name the sizes", sizes, err)
		}
	}
	if _, err := NewMLP[float32]([]int{2, 2}, nil, rand.New(rand.NewPCG(3, 4))); err == nil {
		t.Error("NewMLP with a nil activation: no error")
	}
}

func must[V any](v V, err error) V {
	if err != nil {
		panic(err)
	}
	return v
}
