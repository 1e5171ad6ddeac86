package optim_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// BenchmarkStep times one Step on a single parameter tensor of n elements,
// for every optimizer (SGD with momentum 0.9, the others at torch's defaults)
// and dtype, and reports the time per parameter element. The tensors are
// allocated per sub-benchmark and dropped after it: n=1e7 in float64 is
// 80 MB per slice (parameters, gradient and up to three state slices).
func BenchmarkStep(b *testing.B) {
	for _, name := range steppers() {
		for _, n := range []int{1000, 1_000_000, 10_000_000} {
			b.Run(fmt.Sprintf("%s/float32/n=%d", strings.ToLower(name), n), func(b *testing.B) { benchStep[float32](b, name, n) })
			b.Run(fmt.Sprintf("%s/float64/n=%d", strings.ToLower(name), n), func(b *testing.B) { benchStep[float64](b, name, n) })
		}
	}
}

// BenchmarkStepOverhead times Adam float32 steps where the work outside the
// kernels shows: n = 1000 (a step in cache), 65536 (split over the cores,
// where waking the other core costs as much as the work it takes) and 1e6,
// each with the gradient check as by default and without it
// (AllowNonFinite).
func BenchmarkStepOverhead(b *testing.B) {
	for _, n := range []int{1000, 1 << 16, 1_000_000} {
		b.Run(fmt.Sprintf("checked/n=%d", n), func(b *testing.B) { benchStep[float32](b, "Adam", n) })
		b.Run(fmt.Sprintf("unchecked/n=%d", n), func(b *testing.B) { benchStep[float32](b, "Adam", n, optim.AllowNonFinite(true)) })
	}
}

func benchStep[T tensor.Float](b *testing.B, name string, n int, extra ...optim.Option) {
	p := tensor.Zeros[T]("p", n)
	for i := range p.Grad {
		p.Value[i] = T(i%1024) / 1024
		p.Grad[i] = T(i%17-8) / 64
	}
	opts := append([]optim.Option{optim.LR(1e-3)}, extra...)
	if name == "SGD" {
		opts = append(opts, optim.Momentum(0.9))
	}
	opt, err := optim.New(name, []*tensor.Tensor[T]{p}, opts...)
	if err != nil {
		b.Fatal(err)
	}
	if err := opt.Step(); err != nil { // creates the state
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := opt.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
}
