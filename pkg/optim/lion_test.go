package optim_test

import (
	"math/rand/v2"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestLionStepIsSignTimesLR checks Lion's defining property, in both
// dtypes: without weight decay every element moves by exactly lr, against
// the sign of c = β1*m + (1-β1)*g computed from the momentum before the
// step, and not at all where c is 0. The parameters are multiples of 2^-10
// and lr is 2^-6, so that p ± lr is exact and the move is lr itself, not
// a rounding of it; a port that steps by c, by the sign of g or of the
// updated momentum, or that skips the sign, fails.
func TestLionStepIsSignTimesLR(t *testing.T) {
	t.Run("float64", testLionSign[float64])
	t.Run("float32", testLionSign[float32])
}

func testLionSign[T tensor.Float](t *testing.T) {
	const n, lr, b1 = 1000, 0x1p-6, 0.5
	rng := rand.New(rand.NewPCG(1, 2))
	p := tensor.Zeros[T]("p", n)
	for i := range p.Value {
		p.Value[i] = T(rng.IntN(2048)-1024) * 0x1p-10
	}
	opt, err := optim.NewLion([]*tensor.Tensor[T]{p}, optim.LR(lr), optim.Betas(b1, 0.9))
	if err != nil {
		t.Fatal(err)
	}
	zeros := 0
	for step := range 20 {
		for i := range p.Grad {
			p.Grad[i] = T(rng.NormFloat64())
		}
		if step > 0 {
			// Elements where c is exactly 0: g = -m*β1/(1-β1) = -m, exact for β1 = 1/2.
			st, _ := optim.State(opt, 0)
			for i := range 10 {
				p.Grad[i] = T(-st["exp_avg"][i])
			}
		}
		m := make([]T, n)
		if st, err := optim.State(opt, 0); err == nil {
			for i, v := range st["exp_avg"] {
				m[i] = T(v)
			}
		}
		before := append([]T(nil), p.Value...)
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		for i := range p.Value {
			c := T(b1*m[i]) + T((1-b1)*p.Grad[i])
			var want T
			switch {
			case c > 0:
				want = before[i] - lr
			case c < 0:
				want = before[i] + lr
			default:
				want = before[i]
				zeros++
			}
			if d := p.Value[i] - before[i]; p.Value[i] != want || (d != 0 && d != lr && d != -lr) {
				t.Fatalf("step %d element %d: p moved from %v to %v (by %v) with c = %v, want %v (a move of exactly ±lr = %v or 0)",
					step, i, before[i], p.Value[i], d, c, want, T(lr))
			}
		}
	}
	if zeros < 190 { // 10 elements on each of steps 2..20 at least
		t.Fatalf("c was 0 in only %d elements: the test does not exercise the zero case", zeros)
	}
}

// TestLionMomentumAfterSign checks the order of Lion's two interpolations:
// the sign step uses the momentum before this step's update, m is updated
// with β2 afterwards. With β1 = 0 the sign is the gradient's; with β2 = 0
// the momentum is the last gradient. A gradient of +1 then -0.25 then
// nothing: the third step's sign is that of β1*m alone, where m holds the
// second gradient only if m is updated with β2 after the sign step.
func TestLionMomentumAfterSign(t *testing.T) {
	p := tensor.FromSlice("p", []float64{0})
	opt, err := optim.NewLion([]*tensor.Tensor[float64]{p}, optim.LR(1), optim.Betas(0.9, 0))
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, g := range []float64{1, -0.25, 0} {
		p.Grad[0] = g
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Value[0])
	}
	// step 1: c = 0.1 > 0, p = -1, m = 1; step 2: c = 0.9 - 0.025 > 0, p = -2,
	// m = -0.25; step 3: c = -0.225 < 0, p = -1.
	if want := []float64{-1, -2, -1}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("p after each step %v, want %v", got, want)
	}
	st, _ := optim.State(opt, 0)
	if st["exp_avg"][0] != 0 {
		t.Fatalf("exp_avg = %v after a zero gradient with β2 = 0, want 0", st["exp_avg"][0])
	}
}
