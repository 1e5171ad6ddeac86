package step

import (
	"fmt"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// BenchmarkStepUnchecked is BenchmarkStep (same values, same options) with
// optim.AllowNonFinite(true), for the optimizers with assembly kernels that
// a floor comparison concerns, at n = 1e7.
func BenchmarkStepUnchecked(b *testing.B) {
	for _, name := range []string{"Adam", "AdamW", "SGD"} {
		for _, dtype := range []string{"float32", "float64"} {
			b.Run(fmt.Sprintf("%s/%s/n=%d", lower[name], dtype, n), func(b *testing.B) {
				if dtype == "float32" {
					bench[float32](b, name)
				} else {
					bench[float64](b, name)
				}
			})
		}
	}
}

const n = 10_000_000

var lower = map[string]string{"Adam": "adam", "AdamW": "adamw", "SGD": "sgd"}

func bench[T tensor.Float](b *testing.B, name string) {
	p := tensor.Zeros[T]("p", n)
	for i := range p.Grad {
		p.Value[i] = T(i%1024) / 1024
		p.Grad[i] = T(i%17-8) / 64
	}
	opts := []optim.Option{optim.LR(1e-3), optim.AllowNonFinite(true)}
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
	for b.Loop() {
		if err := opt.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
}
