package xmath

import "testing"

var sink float64

// BenchmarkPowInt times β^t at the step counts of a long run.
func BenchmarkPowInt(b *testing.B) {
	t := 0
	for b.Loop() {
		t = t%100000 + 1
		sink += PowInt(0.999, t)
	}
}

// BenchmarkPow times NAdam's 0.96^(t*ψ).
func BenchmarkPow(b *testing.B) {
	t := 0
	for b.Loop() {
		t = t%100000 + 1
		sink += Pow(0.96, float64(t)*0.004)
	}
}

// BenchmarkIntPowers times IntPowers.At along t = 1, 2, ..., as an optimizer
// asks for β^t.
func BenchmarkIntPowers(b *testing.B) {
	var s IntPowers
	t := 0
	for b.Loop() {
		t = t%100000 + 1
		sink += s.At(0.999, t)
	}
}

// BenchmarkPowBase times NAdam's 0.96^(t*ψ) with log(0.96) computed once.
func BenchmarkPowBase(b *testing.B) {
	base := NewPowBase(0.96)
	t := 0
	for b.Loop() {
		t = t%100000 + 1
		sink += base.Pow(float64(t) * 0.004)
	}
}
