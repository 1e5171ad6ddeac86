//go:build goexperiment.simd && amd64 && !purego

package kernel

import (
	"fmt"
	"math"
	"simd/archsimd"
	"testing"
)

// TestAdamSIMDMax checks the AMSGrad maximum on the pairs where Go's max
// and the vector instruction's differ: zeros of both signs and NaNs, in
// either order.
func TestAdamSIMDMax(t *testing.T) {
	if !archsimd.X86.AVX2() {
		t.Skip("no AVX2 on this CPU")
	}
	nan, negZero := math.NaN(), math.Copysign(0, -1)
	special := []float64{negZero, 0, nan, 1, -1, math.Inf(1), math.Inf(-1)}
	var xs, ys []float64
	for _, x := range special {
		for _, y := range special {
			xs, ys = append(xs, x), append(ys, y)
		}
	}
	for len(xs)%8 != 0 {
		xs, ys = append(xs, 0), append(ys, 0)
	}
	for i := 0; i < len(xs); i += 8 {
		var got32 [8]float32
		goMax32(loadAs32(xs[i:i+8]), loadAs32(ys[i:i+8])).Store(&got32)
		for j := range 8 {
			x, y := xs[i+j], ys[i+j]
			if want := float32(max(x, y)); !sameBits(got32[j], want) {
				t.Errorf("goMax32(%v, %v) = %v, want %v", x, y, got32[j], want)
			}
		}
		for h := 0; h < 8; h += 4 {
			var got64 [4]float64
			goMax64(archsimd.LoadFloat64x4Slice(xs[i+h:]), archsimd.LoadFloat64x4Slice(ys[i+h:])).Store(&got64)
			for j := range 4 {
				x, y := xs[i+h+j], ys[i+h+j]
				if want := max(x, y); !sameBits(got64[j], want) {
					t.Errorf("goMax64(%v, %v) = %v, want %v", x, y, got64[j], want)
				}
			}
		}
	}
}

// loadAs32 loads 8 float64s rounded to float32.
func loadAs32(s []float64) archsimd.Float32x8 {
	var a [8]float32
	for i := range a {
		a[i] = float32(s[i])
	}
	return archsimd.LoadFloat32x8(&a)
}

// BenchmarkAdamSIMD times Adam's reference loop, the assembly kernel and
// the simd/archsimd kernel on one core (no pool), in cache and beyond it.
func BenchmarkAdamSIMD(b *testing.B) {
	benchAdamSIMD[float32](b)
	benchAdamSIMD[float64](b)
}

func benchAdamSIMD[T Float](b *testing.B) {
	for _, n := range []int{1 << 12, 1 << 16, 10_000_000} {
		p, g, m, v := make([]T, n), make([]T, n), make([]T, n), make([]T, n)
		for i := range p {
			// No zero gradients: m and v would decay into subnormals.
			p[i], g[i], m[i], v[i] = 1, T(i%100+1)*1e-3, 1e-3, 1e-6
		}
		c := AdamCoeffs[T]{Decay: 1, Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001,
			NegStepSize: -1e-3, SqrtBC2: 0.1, Eps: 1e-8}
		for _, k := range []struct {
			name string
			f    func() bool
		}{
			{"ref", func() bool { adamRef(p, g, m, v, nil, &c); return true }},
			{"asm", func() bool {
				o := operands[T]{p, g, m, v, nil}
				r := o.part(avx2(adamAVX2, &o, &c, c.asmFlags()), len(p))
				adamRef(r[0], r[1], r[2], r[3], nil, &c)
				return useAsm
			}},
			{"simd", func() bool { return adamSIMD(p, g, m, v, nil, &c) }},
		} {
			b.Run(fmt.Sprintf("%T/%s/n=%d", T(0), k.name, n), func(b *testing.B) {
				if !k.f() {
					b.Skip("not available on this CPU")
				}
				for b.Loop() {
					k.f()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
			})
		}
	}
}
