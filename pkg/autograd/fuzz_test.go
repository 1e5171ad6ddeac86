package autograd

import (
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// shapeFrom decodes a shape of rank ≤ 3 with dimensions in [0, 5] from the
// low bits of code: bits 0-1 the rank, then 3 bits per dimension (values 6
// and 7 fold onto 0 and 1).
func shapeFrom(code uint32) []int {
	rank := int(code & 3)
	s := make([]int, rank)
	for i := range s {
		s[i] = int(code>>(2+3*i)&7) % 6
	}
	return s
}

// FuzzOpShapes gives every op operands of arbitrary shapes (including empty
// dimensions and scalars), axes and reshape targets. Each op must either
// return an error naming itself, or a value of the shape its documentation
// promises, through which Backward works.
func FuzzOpShapes(f *testing.F) {
	f.Add(uint32(0b0110_010_10), uint32(0b011_01), 1, 6, 1)      // [2 3] and [3]
	f.Add(uint32(0b011_010_10), uint32(0b0010_011_10), -1, 3, 2) // [2 3] and [3 2]
	f.Add(uint32(0), uint32(0), 0, 1, 1)                         // scalars
	f.Add(uint32(0b000_011_10), uint32(0b011_000_10), 5, 0, 0)   // [3 0] and [0 3]
	f.Fuzz(func(t *testing.T, codeA, codeB uint32, axis, r0, r1 int) {
		sa, sb := shapeFrom(codeA), shapeFrom(codeB)
		leaf := func(name string, shape []int) (*tensor.Tensor[float64], *Var[float64]) {
			n, _ := tensor.NumElements(shape)
			vals := make([]float64, n)
			for i := range vals {
				vals[i] = float64(i%7) - 3
			}
			p := must(tensor.New(name, shape, vals))
			return p, Param(p)
		}
		run := func(op string, want func() ([]int, bool), f func(a, b *Var[float64]) *Var[float64]) {
			t.Helper()
			_, a := leaf("a", sa)
			_, b := leaf("b", sb)
			y := f(a, b)
			shape, ok := want()
			if err := y.Err(); err != nil {
				if ok {
					t.Fatalf("%s on %v and %v: unexpected error %v", op, sa, sb, err)
				}
				if !strings.Contains(err.Error(), "autograd."+op) {
					t.Errorf("%s on %v and %v: error %q does not name the op", op, sa, sb, err)
				}
				return
			}
			if !ok {
				t.Fatalf("%s on %v and %v: accepted, shape %v", op, sa, sb, y.Shape())
			}
			if !slices.Equal(y.Shape(), shape) {
				t.Fatalf("%s on %v and %v: shape %v, want %v", op, sa, sb, y.Shape(), shape)
			}
			if err := Sum(y).Backward(); err != nil {
				t.Fatalf("%s on %v and %v: Backward: %v", op, sa, sb, err)
			}
		}
		broadcast := func() ([]int, bool) {
			long, short := sa, sb
			if len(sb) > len(sa) {
				long, short = sb, sa
			}
			return long, slices.Equal(long[len(long)-len(short):], short)
		}
		for name, op := range map[string]func(a, b *Var[float64]) *Var[float64]{"Add": Add[float64], "Sub": Sub[float64], "Mul": Mul[float64], "Div": Div[float64]} {
			run(name, broadcast, op)
		}
		run("MatMul", func() ([]int, bool) {
			if len(sa) != 2 || len(sb) != 2 || sa[1] != sb[0] {
				return nil, false
			}
			return []int{sa[0], sb[1]}, true
		}, MatMul[float64])
		run("MSELoss", func() ([]int, bool) { return []int{}, slices.Equal(sa, sb) }, MSELoss[float64])
		run("SumAxis", func() ([]int, bool) {
			if axis < -len(sa) || axis >= len(sa) {
				return nil, false
			}
			ax := (axis + len(sa)) % len(sa)
			return slices.Delete(slices.Clone(sa), ax, ax+1), true
		}, func(a, _ *Var[float64]) *Var[float64] { return SumAxis(a, axis) })
		d0, d1 := r0%1000, r1%1000
		run("Reshape", func() ([]int, bool) {
			n, _ := tensor.NumElements(sa)
			return []int{d0, d1}, d0 >= 0 && d1 >= 0 && d0*d1 == n
		}, func(a, _ *Var[float64]) *Var[float64] { return Reshape(a, d0, d1) })
		run("Transpose", func() ([]int, bool) {
			if len(sa) != 2 {
				return nil, false
			}
			return []int{sa[1], sa[0]}, true
		}, func(a, _ *Var[float64]) *Var[float64] { return Transpose(a) })
		labels := make([]int, max(0, min(r0%8, 8)))
		for i := range labels {
			labels[i] = (r1 + i) % 4
		}
		run("SoftmaxCrossEntropy", func() ([]int, bool) {
			ok := len(sa) == 2 && sa[0] > 0 && sa[1] > 0 && len(labels) == sa[0]
			for _, l := range labels {
				ok = ok && l >= 0 && len(sa) == 2 && l < sa[1]
			}
			return []int{}, ok
		}, func(a, _ *Var[float64]) *Var[float64] { return SoftmaxCrossEntropy(a, labels) })
	})
}
