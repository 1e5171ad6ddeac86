package kernel

import (
	"fmt"
	"testing"
)

// BenchmarkKernel times the fast paths against the reference loops on
// float32 Adam (the headline case) and on the gradient check that
// precedes every step, from sizes that stay in cache to 1e7 elements.
func BenchmarkKernel(b *testing.B) {
	for _, n := range []int{1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 18, 10_000_000} {
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range p {
			// No zero gradients: m and v would decay into subnormals over
			// the iterations, whose arithmetic is many times slower.
			p[i], g[i], m[i], v[i] = 1, float32(i%100+1)*1e-3, 1e-3, 1e-6
		}
		c := AdamCoeffs[float32]{Decay: 1, Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001,
			NegStepSize: -1e-3, SqrtBC2: 0.1, Eps: 1e-8}
		for _, k := range []struct {
			name string
			f    func()
		}{
			{"adam/ref", func() { adamRef(p, g, m, v, nil, &c) }},
			{"adam/fast", func() { Adam(p, g, m, v, nil, &c) }},
			{"nonfinite/ref", func() { nonFiniteGo(g) }},
			{"nonfinite/fast", func() { NonFinite(g) }},
		} {
			b.Run(fmt.Sprintf("%s/n=%d", k.name, n), func(b *testing.B) {
				for b.Loop() {
					k.f()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
			})
		}
	}
}
