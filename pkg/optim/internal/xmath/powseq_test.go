package xmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestIntPowersMatchesPowInt follows the sequences an optimizer asks for
// (t = 1, 2, ..., with repeats, jumps back and forth, and changes of base)
// and compares every answer with PowInt bit for bit.
func TestIntPowersMatchesPowInt(t *testing.T) {
	check := func(s *IntPowers, x float64, n int) {
		t.Helper()
		got, want := s.At(x, n), PowInt(x, n)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("IntPowers.At(%v, %d) = %v (%x), PowInt = %v (%x)", x, n, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	for _, b := range append(intBases, 0.3, 1, 1.5, 2, 0.999999) {
		var s IntPowers
		maxT := maxExponent(b)
		for n := 1; n <= maxT; n++ {
			check(&s, b, n)
			if n%997 == 0 {
				check(&s, b, n) // the same step again: a Step that failed after computing it
			}
		}
		// A long run resumed from a checkpoint, then a restart.
		for _, n := range []int{1_000_000, 1_000_001, 1_000_002, 3, 4, 0, 1, 2} {
			check(&s, b, n)
		}
	}
	var s IntPowers
	for _, c := range []struct {
		x float64
		n int
	}{{0.9, 5}, {0.99, 6}, {0.9, 7}, {0, 1}, {0, 2}, {math.NaN(), 3}, {math.NaN(), 4}, {-0.5, 3}, {-0.5, 4},
		{math.Inf(1), 2}, {math.Inf(1), 3}, {0.5, 1073}, {0.5, 1074}, {0.5, 1075}, {0.5, 1076}, {2, 1023}, {2, 1024}, {0.9, -1}, {0.9, 0}} {
		check(&s, c.x, c.n)
	}
}

// TestIntPowersFallsBackRarely counts the answers the carried power could
// not certify along t = 1..10000 for β2 = 0.999: they cost a whole PowInt.
func TestIntPowersFallsBackRarely(t *testing.T) {
	var s IntPowers
	slow := 0
	for n := 1; n <= 10000; n++ {
		s.At(0.999, n)
		if n > 1 {
			if _, ok := s.round(); !ok {
				slow++
			}
		}
	}
	if slow > 10 {
		t.Errorf("%d of 10000 steps fell back to PowInt, want at most 10", slow)
	}
}

// TestPowBaseMatchesPow compares PowBase.Pow with Pow bit for bit: on NAdam's
// exponents t*ψ, on random ones, and on special bases and exponents.
func TestPowBaseMatchesPow(t *testing.T) {
	check := func(b PowBase, y float64) {
		t.Helper()
		got, want := b.Pow(y), Pow(b.x, y)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("NewPowBase(%v).Pow(%v) = %v (%x), Pow = %v (%x)", b.x, y, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	b := NewPowBase(0.96)
	for n := 1; n <= 4000; n++ {
		check(b, float64(n)*0.004)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		check(NewPowBase(0.01+2*r.Float64()), 100*(r.Float64()-0.5))
	}
	for _, x := range []float64{0.96, 0.5, 1, 2, 0, -1, math.Inf(1), math.NaN()} {
		for _, y := range []float64{0, 1, 2.5, -2.5, 1073.5, 0.5, math.Inf(1), math.Inf(-1), math.NaN(), 1 << 54} {
			check(NewPowBase(x), y)
		}
	}
}
