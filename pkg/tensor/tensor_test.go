package tensor_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

func TestNewCopiesAndValidates(t *testing.T) {
	vals := []float64{1, 2, 3, 4, 5, 6}
	x, err := tensor.New("w", []int{2, 3}, vals)
	if err != nil {
		t.Fatal(err)
	}
	vals[0] = 100
	if x.Value[0] != 1 {
		t.Errorf("New kept the caller's slice: Value[0] = %v after the caller changed it", x.Value[0])
	}
	if len(x.Grad) != 6 || x.Len() != 6 {
		t.Errorf("Grad has %d elements, Len() = %d, want 6 and 6", len(x.Grad), x.Len())
	}
	if err := x.Check(); err != nil {
		t.Errorf("Check on a fresh tensor: %v", err)
	}

	for _, tc := range []struct {
		shape []int
		n     int
		want  string
	}{
		{[]int{2, 3}, 5, "shape [2 3] holds 6 values, got 5"},
		{[]int{-1}, 0, "dimension 0 of shape [-1] is negative"},
		{[]int{}, 2, "shape [] holds 1 values, got 2"},
	} {
		_, err := tensor.New("bad", tc.shape, make([]float32, tc.n))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(shape %v, %d values): error %v, want one containing %q", tc.shape, tc.n, err, tc.want)
		}
	}
}

func TestCheckFindsMismatches(t *testing.T) {
	x := tensor.Zeros[float32]("b", 4)
	x.Grad = x.Grad[:3]
	if err := x.Check(); err == nil || !strings.Contains(err.Error(), "Grad has 3") {
		t.Errorf("Check with a short Grad: %v", err)
	}
	y := tensor.Zeros[float64]("w", 2, 2)
	y.Value = append(y.Value, 1)
	if err := y.Check(); err == nil || !strings.Contains(err.Error(), "Value has 5") {
		t.Errorf("Check with a long Value: %v", err)
	}
}

func TestScalarItemZeroGrad(t *testing.T) {
	theta := tensor.Scalar("theta", float32(0.5))
	if len(theta.Shape) != 0 || theta.Item() != 0.5 {
		t.Errorf("Scalar: shape %v, item %v", theta.Shape, theta.Item())
	}
	theta.Grad[0] = 3
	theta.ZeroGrad()
	if theta.Grad[0] != 0 {
		t.Errorf("ZeroGrad left %v", theta.Grad[0])
	}
	defer func() {
		if recover() == nil {
			t.Error("Item on a 2-element tensor did not panic")
		}
	}()
	tensor.FromSlice("v", []float64{1, 2}).Item()
}

func TestNumElementsOverflow(t *testing.T) {
	if _, err := tensor.NumElements([]int{1 << 40, 1 << 40}); err == nil {
		t.Error("NumElements did not report an overflowing shape")
	}
	if n, err := tensor.NumElements(nil); n != 1 || err != nil {
		t.Errorf("NumElements(scalar) = %d, %v; want 1, nil", n, err)
	}
}

func ExampleNew() {
	w, err := tensor.New("weight", []int{1, 3}, []float64{0.25, -0.5, 0.125})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.Grad[1] = 2 // backpropagation writes here; an optimizer reads it
	fmt.Println(w, w.Grad)
	// Output: weight[1 3]{0.25 -0.5 0.125} [0 2 0]
}
