package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// mlpProducts are the matrix products of one training step of the
// 784-128-10 MLP on a batch of 64 (pkg/autograd's BenchmarkMLPStep):
// m, n, k, tA, tB, acc.
var mlpProducts = []struct {
	name       string
	m, n, k    int
	tA, tB, ac bool
}{
	{"fwd1 x·W1ᵀ", 64, 128, 784, false, true, false},
	{"fwd2 h·W2ᵀ", 64, 10, 128, false, true, false},
	{"dh g·W2", 64, 128, 10, false, false, true},
	{"dW2 gᵀ·h", 10, 128, 64, true, false, true},
	{"dW1 gᵀ·x", 128, 784, 64, true, false, true},
}

// BenchmarkMLPProducts times each product with F32 under each tile kernel
// this machine has, and with gonum's blas32.Gemm, which autograd used
// before, one after the other in the same run.
func BenchmarkMLPProducts(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range mlpProducts {
		a, bb, c := fill(r, p.m*p.k, 0), fill(r, p.k*p.n, 0), fill(r, p.m*p.n, 0)
		flops := 2 * float64(p.m*p.n*p.k)
		saved2, saved512 := useAVX2, useAVX512
		for _, k := range [][2]bool{{false, false}, {true, false}, {true, true}} {
			if k[0] && !saved2 || k[1] && !saved512 {
				continue // not in this build or on this CPU
			}
			useAVX2, useAVX512 = k[0], k[1]
			b.Run(fmt.Sprintf("%s/%s", p.name, Kernel()), func(b *testing.B) {
				for b.Loop() {
					F32(p.tA, p.tB, p.m, p.n, p.k, a, bb, p.ac, c)
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
		useAVX2, useAVX512 = saved2, saved512
		b.Run(p.name+"/gonum", func(b *testing.B) {
			ar, ac, br, bc := p.m, p.k, p.k, p.n
			ta, tb := blas.NoTrans, blas.NoTrans
			if p.tA {
				ar, ac, ta = p.k, p.m, blas.Trans
			}
			if p.tB {
				br, bc, tb = p.n, p.k, blas.Trans
			}
			beta := float32(0)
			if p.ac {
				beta = 1
			}
			for b.Loop() {
				blas32.Gemm(ta, tb, 1,
					blas32.General{Rows: ar, Cols: ac, Stride: ac, Data: a},
					blas32.General{Rows: br, Cols: bc, Stride: bc, Data: bb},
					beta, blas32.General{Rows: p.m, Cols: p.n, Stride: p.n, Data: c})
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
