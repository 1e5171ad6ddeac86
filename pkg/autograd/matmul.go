package autograd

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	sgemm "github.com/descentlab/descent/pkg/autograd/internal/gemm"
	"github.com/descentlab/descent/pkg/tensor"
)

// MatMul returns the matrix product a·b of a 2-D a [m,k] and a 2-D b [k,n],
// shape [m,n]. d/da = g·bᵀ, d/db = aᵀ·g for the output gradient g. Every
// product is formed, so a NaN or an infinity anywhere in a row of a or a
// column of b (or of g) reaches the results it takes part in, even beside a
// zero: 0·NaN and 0·∞ are NaN.
func MatMul[T tensor.Float](a, b *Var[T]) *Var[T] { return matmul("MatMul", a, b, false) }

// matmul returns a·b, or a·bᵀ when transB is set (b is then [n,k]), which is
// how [Linear] applies its [out,in] weight without copying it.
func matmul[T tensor.Float](op string, a, b *Var[T], transB bool) *Var[T] {
	if err := inputErr(op, a, b); err != nil {
		return failed[T](err)
	}
	as, bs := a.t.Shape, b.t.Shape
	if len(as) != 2 || len(bs) != 2 {
		return failed[T](fmt.Errorf("autograd.%s: shapes %v and %v are not both 2-D", op, as, bs))
	}
	m, k := as[0], as[1]
	kb, n := bs[0], bs[1]
	if transB {
		kb, n = n, kb
	}
	if k != kb {
		return failed[T](fmt.Errorf("autograd.%s: shapes %v and %v do not fit (%d columns against %d rows)", op, as, bs, k, kb))
	}
	out := newResult(op, []int{m, n}, a, b)
	gemm(false, transB, m, n, k, a.t.Value, b.t.Value, false, out.t.Value)
	out.backward = func() {
		g := out.t.Grad
		if a.needsGrad { // da [m,k] += g [m,n] · bᵀ, where bᵀ is b itself when transB
			gemm(false, !transB, m, k, n, g, b.t.Value, true, a.t.Grad)
		}
		if b.needsGrad {
			if transB { // db [n,k] += gᵀ [n,m] · a [m,k]
				gemm(true, false, n, k, m, g, a.t.Value, true, b.t.Grad)
			} else { // db [k,n] += aᵀ [k,m] · g [m,n]
				gemm(true, false, k, n, m, a.t.Value, g, true, b.t.Grad)
			}
		}
	}
	return out
}

// gemm computes c = op(a)·op(b), or c += op(a)·op(b) when acc is set, for
// row-major matrices with op(a) [m,k], op(b) [k,n] and c [m,n]; op transposes
// when tA (tB) is set, so a is stored [k,m] (b is stored [n,k]).
//
// float32 goes to the packed kernel of internal/gemm, whose results are
// [gemmLoop]'s bit for bit. float64 goes to gonum's blas64, unless a or b
// holds a NaN or an infinity; those, and types with float32 or float64 as
// underlying type but another name, use gemmLoop.
//
// gonum's kernels skip the products with a zero element of a (they compute
// c += a[i,p]·b[p,:] only when a[i,p] ≠ 0), which drops 0·NaN = NaN and
// 0·∞ = NaN; the plain loop forms every product, as IEEE arithmetic has it.
// Checking a and b reads m·k + k·n elements against the m·n·k products, so
// finite inputs lose almost nothing and keep gonum's results bit for bit.
func gemm[T tensor.Float](tA, tB bool, m, n, k int, a, b []T, acc bool, c []T) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 { // an empty sum: as gemmLoop has it
		sgemm.EmptySum(acc, c[:m*n])
		return
	}
	if cc, ok := any(c).([]float32); ok {
		sgemm.F32(tA, tB, m, n, k, any(a).([]float32), any(b).([]float32), acc, cc)
		return
	}
	if !allFinite(a) || !allFinite(b) {
		gemmLoop(tA, tB, m, n, k, a, b, acc, c)
		return
	}
	ar, ac := m, k
	if tA {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB {
		br, bc = n, k
	}
	beta := 0
	if acc {
		beta = 1
	}
	switch cc := any(c).(type) {
	case []float64:
		blas64.Gemm(trans(tA), trans(tB), 1,
			blas64.General{Rows: ar, Cols: ac, Stride: ac, Data: any(a).([]float64)},
			blas64.General{Rows: br, Cols: bc, Stride: bc, Data: any(b).([]float64)},
			float64(beta), blas64.General{Rows: m, Cols: n, Stride: n, Data: cc})
	default:
		gemmLoop(tA, tB, m, n, k, a, b, acc, c)
	}
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// gemmLoop is gemm as a plain loop (internal/gemm's Loop, its float32
// specification): each element of the product is summed over k in order,
// in T, then added to c when acc is set.
func gemmLoop[T tensor.Float](tA, tB bool, m, n, k int, a, b []T, acc bool, c []T) {
	sgemm.Loop(tA, tB, m, n, k, a, b, acc, c)
}

// allFinite reports whether every element of s is finite: v-v is 0 for a
// finite v and NaN for ±∞ and NaN; the loop tests the sum of four of them
// at a time.
func allFinite[T tensor.Float](s []T) bool {
	i := 0
	for ; i+4 <= len(s); i += 4 {
		if (s[i]-s[i])+(s[i+1]-s[i+1])+(s[i+2]-s[i+2])+(s[i+3]-s[i+3]) != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i]-s[i] != 0 {
			return false
		}
	}
	return true
}
