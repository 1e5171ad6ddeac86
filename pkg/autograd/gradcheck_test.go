package autograd

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/descentlab/descent/pkg/tensor"
)

// A gradCase is an op (or a small composition) whose gradient is checked
// against central finite differences in float64.
type gradCase struct {
	name   string
	shapes func(dim func() int) [][]int           // input shapes, from random dimensions in [1, 4]
	value  func(r *rand.Rand) float64             // draws one input value; nil: uniform in [-2, 2)
	f      func(in []*Var[float64]) *Var[float64] // the op
}

func uniform(lo, hi float64) func(r *rand.Rand) float64 {
	return func(r *rand.Rand) float64 { return lo + (hi-lo)*r.Float64() }
}

// awayFromZero draws from ±[lo, hi), for ops with a kink or pole at 0.
func awayFromZero(lo, hi float64) func(r *rand.Rand) float64 {
	return func(r *rand.Rand) float64 {
		v := lo + (hi-lo)*r.Float64()
		if r.IntN(2) == 0 {
			return -v
		}
		return v
	}
}

func one(s ...int) func(func() int) [][]int {
	return func(func() int) [][]int { return [][]int{s} }
}

func matrix(dim func() int) [][]int { return [][]int{{dim(), dim()}} }

func twoSame(dim func() int) [][]int {
	s := []int{dim(), dim()}
	return [][]int{s, s}
}

func biasRow(dim func() int) [][]int {
	m, n := dim(), dim()
	return [][]int{{m, n}, {n}}
}

func withScalar(dim func() int) [][]int { return [][]int{{dim(), dim()}, {}} }

func threeD(dim func() int) [][]int { return [][]int{{dim(), dim(), dim()}} }

var gradCases = []gradCase{
	{name: "Add", shapes: twoSame, f: func(v []*Var[float64]) *Var[float64] { return Add(v[0], v[1]) }},
	{name: "Add/bias row", shapes: biasRow, f: func(v []*Var[float64]) *Var[float64] { return Add(v[0], v[1]) }},
	{name: "Add/row first", shapes: biasRow, f: func(v []*Var[float64]) *Var[float64] { return Add(v[1], v[0]) }},
	{name: "Add/scalar", shapes: withScalar, f: func(v []*Var[float64]) *Var[float64] { return Add(v[0], v[1]) }},
	{name: "Add/same input twice", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Add(v[0], v[0]) }},
	{name: "Sub", shapes: twoSame, f: func(v []*Var[float64]) *Var[float64] { return Sub(v[0], v[1]) }},
	{name: "Sub/bias row", shapes: biasRow, f: func(v []*Var[float64]) *Var[float64] { return Sub(v[0], v[1]) }},
	{name: "Mul", shapes: twoSame, f: func(v []*Var[float64]) *Var[float64] { return Mul(v[0], v[1]) }},
	{name: "Mul/scalar", shapes: withScalar, f: func(v []*Var[float64]) *Var[float64] { return Mul(v[1], v[0]) }},
	{name: "Mul/same input twice", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Mul(v[0], v[0]) }},
	{name: "Div", shapes: twoSame, value: awayFromZero(0.5, 2), f: func(v []*Var[float64]) *Var[float64] { return Div(v[0], v[1]) }},
	{name: "Div/bias row", shapes: biasRow, value: awayFromZero(0.5, 2), f: func(v []*Var[float64]) *Var[float64] { return Div(v[0], v[1]) }},
	{name: "Neg", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Neg(v[0]) }},
	{name: "Square", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Square(v[0]) }},
	{name: "Pow/3", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Pow(v[0], 3) }},
	{name: "Pow/0.5", shapes: matrix, value: uniform(0.5, 2), f: func(v []*Var[float64]) *Var[float64] { return Pow(v[0], 0.5) }},
	{name: "Pow/-1.5", shapes: matrix, value: uniform(0.5, 2), f: func(v []*Var[float64]) *Var[float64] { return Pow(v[0], -1.5) }},
	{name: "Pow/0", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Pow(v[0], 0) }},
	{name: "Exp", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Exp(v[0]) }},
	{name: "Log", shapes: matrix, value: uniform(0.5, 3), f: func(v []*Var[float64]) *Var[float64] { return Log(v[0]) }},
	{name: "Tanh", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Tanh(v[0]) }},
	{name: "Sigmoid", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Sigmoid(v[0]) }},
	{name: "ReLU", shapes: matrix, value: awayFromZero(0.1, 2), f: func(v []*Var[float64]) *Var[float64] { return ReLU(v[0]) }},
	{name: "MatMul", shapes: func(dim func() int) [][]int {
		m, k, n := dim(), dim(), dim()
		return [][]int{{m, k}, {k, n}}
	}, f: func(v []*Var[float64]) *Var[float64] { return MatMul(v[0], v[1]) }},
	{name: "matmul/transB", shapes: func(dim func() int) [][]int {
		m, k, n := dim(), dim(), dim()
		return [][]int{{m, k}, {n, k}}
	}, f: func(v []*Var[float64]) *Var[float64] { return matmul("Linear", v[0], v[1], true) }},
	{name: "MatMul/x·xᵀ", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return MatMul(v[0], Transpose(v[0])) }},
	{name: "Transpose", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return Transpose(v[0]) }},
	{name: "Reshape", shapes: threeD, f: func(v []*Var[float64]) *Var[float64] {
		return Reshape(v[0], len(v[0].Value()))
	}},
	{name: "Sum", shapes: threeD, f: func(v []*Var[float64]) *Var[float64] { return Sum(v[0]) }},
	{name: "Mean", shapes: threeD, f: func(v []*Var[float64]) *Var[float64] { return Mean(v[0]) }},
	{name: "SumAxis/0", shapes: threeD, f: func(v []*Var[float64]) *Var[float64] { return SumAxis(v[0], 0) }},
	{name: "SumAxis/1", shapes: threeD, f: func(v []*Var[float64]) *Var[float64] { return SumAxis(v[0], 1) }},
	{name: "SumAxis/-1", shapes: threeD, f: func(v []*Var[float64]) *Var[float64] { return SumAxis(v[0], -1) }},
	{name: "MeanAxis/0", shapes: matrix, f: func(v []*Var[float64]) *Var[float64] { return MeanAxis(v[0], 0) }},
	{name: "MeanAxis/2", shapes: threeD, f: func(v []*Var[float64]) *Var[float64] { return MeanAxis(v[0], 2) }},
	{name: "MSELoss", shapes: twoSame, f: func(v []*Var[float64]) *Var[float64] { return MSELoss(v[0], v[1]) }},
	{name: "MSELoss/0-dim", shapes: func(func() int) [][]int { return [][]int{{}, {}} },
		f: func(v []*Var[float64]) *Var[float64] { return MSELoss(v[0], v[1]) }},
	{name: "SoftmaxCrossEntropy", shapes: matrix, value: uniform(-4, 4), f: func(v []*Var[float64]) *Var[float64] {
		r := rand.New(rand.NewPCG(7, 7)) // the same labels at every evaluation
		labels := make([]int, v[0].Shape()[0])
		for i := range labels {
			labels[i] = r.IntN(v[0].Shape()[1])
		}
		return SoftmaxCrossEntropy(v[0], labels)
	}},
	{name: "SoftmaxCrossEntropy/large logits", shapes: matrix, value: uniform(500, 504), f: func(v []*Var[float64]) *Var[float64] {
		labels := make([]int, v[0].Shape()[0])
		for i := range labels {
			labels[i] = i % v[0].Shape()[1]
		}
		return SoftmaxCrossEntropy(v[0], labels)
	}},
	{name: "tanh layer", shapes: func(dim func() int) [][]int {
		n, in, out := dim(), dim(), dim()
		return [][]int{{n, in}, {in, out}, {out}, {n, out}}
	}, f: func(v []*Var[float64]) *Var[float64] {
		return MSELoss(Tanh(Add(MatMul(v[0], v[1]), v[2])), v[3])
	}},
	{name: "x·σ(x)/exp(-x²)", shapes: matrix, value: awayFromZero(0.5, 2), f: func(v []*Var[float64]) *Var[float64] {
		return Div(Mul(v[0], Sigmoid(v[0])), Exp(Neg(Square(v[0]))))
	}},
}

func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for ci, c := range gradCases {
		t.Run(c.name, func(t *testing.T) {
			for draw := range 3 {
				checkGrad(t, c, rand.New(rand.NewPCG(uint64(ci), uint64(draw))))
			}
		})
	}
}

func checkGrad(t *testing.T, c gradCase, r *rand.Rand) {
	t.Helper()
	shapes := c.shapes(func() int { return 1 + r.IntN(4) })
	value := c.value
	if value == nil {
		value = uniform(-2, 2)
	}
	params := make([]*tensor.Tensor[float64], len(shapes))
	var x []float64
	for i, s := range shapes {
		params[i] = tensor.Zeros[float64]("", s...)
		for j := range params[i].Value {
			params[i].Value[j] = value(r)
		}
		x = append(x, params[i].Value...)
	}

	// The checked function is L = Σ w ⊙ op(inputs) with random weights w, so
	// that every output element matters differently.
	var w *Var[float64]
	loss := func(in []*Var[float64]) *Var[float64] {
		out := c.f(in)
		if w == nil {
			ws := make([]float64, len(out.Value()))
			for i := range ws {
				ws[i] = uniform(-1, 1)(r)
			}
			w = FromValues(out.Shape(), ws)
		}
		return Sum(Mul(out, w))
	}

	vars := make([]*Var[float64], len(params))
	for i, p := range params {
		vars[i] = Param(p)
	}
	l := loss(vars)
	if err := l.Backward(); err != nil {
		t.Fatalf("shapes %v: Backward: %v", shapes, err)
	}
	var got []float64
	for _, p := range params {
		got = append(got, p.Grad...)
	}

	f := func(x []float64) float64 {
		in := make([]*Var[float64], len(shapes))
		off := 0
		for i, s := range shapes {
			n := len(params[i].Value)
			in[i] = FromValues(s, x[off:off+n])
			off += n
		}
		return loss(in).Item()
	}
	want := fd.Gradient(nil, f, x, &fd.Settings{Formula: fd.Central})

	for i := range want {
		if tol := 1e-7 * max(1, math.Abs(want[i])); !(math.Abs(got[i]-want[i]) <= tol) {
			t.Errorf("shapes %v: d/dx[%d] = %.10g, finite differences give %.10g", shapes, i, got[i], want[i])
		}
	}
}
