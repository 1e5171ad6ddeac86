package optim_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// sfGrad writes the gradient of f(p) = Σ a_i*p_i² + the noise of step k
// into p.Grad: a stochastic quadratic, so that z, y and x differ.
func sfGrad(p *tensor.Tensor[float64], k int) {
	for i, v := range p.Value {
		a := 0.5 * float64(i+1)
		p.Grad[i] = 2*a*v + 0.3*math.Sin(float64(7*k+3*i))
	}
}

// relErr returns max_i |got_i - want_i| / max(|want_i|, 1).
func relErr(got, want []float64) float64 {
	e := 0.0
	for i := range want {
		e = max(e, math.Abs(got[i]-want[i])/max(math.Abs(want[i]), 1))
	}
	return e
}

// TestScheduleFreeEvalIsWeightedAverage checks the evaluation point: after
// Eval the parameters hold x = Σ_t w_t z_t / Σ_t w_t, the average of z
// after steps 1..T with the documented weights w_t = t^r *
// lr_max^weight_lr_power, lr_t = lr*min(1, t/warmup)*sqrt(1 - β2^t),
// computed here from the recorded z alone (State), in float64. The warmup
// and r = 1 make the weights unequal, and the learning rate drops at step
// 31, so that a port with other weights (a plain mean, the current lr_t
// for lr_max, no bias correction) fails, and so
// does one that moves the parameters to another point than x. Train then
// restores y, Step in eval mode is an error that changes nothing.
func TestScheduleFreeEvalIsWeightedAverage(t *testing.T) {
	const lr, b1, b2, warmup, r, power, steps = 0.1, 0.8, 0.99, 15, 1.0, 2.0, 40
	p := tensor.FromSlice("p", []float64{2, -1, 0.5})
	opt, err := optim.NewAdamWScheduleFree([]*tensor.Tensor[float64]{p}, optim.LR(lr), optim.Betas(b1, b2),
		optim.WarmupSteps(warmup), optim.AveragePower(r), optim.WeightLRPower(power))
	if err != nil {
		t.Fatal(err)
	}
	if err := opt.Eval(); err != nil || !slices.Equal(p.Value, []float64{2, -1, 0.5}) {
		t.Fatalf("Eval before the first step: %v, p = %v, want no move", err, p.Value)
	}
	if err := opt.Train(); err != nil {
		t.Fatal(err)
	}
	sum, lrMax := 0.0, -1.0
	avg := make([]float64, len(p.Value))
	for k := 1; k <= steps; k++ {
		base := lr
		if k > 30 { // a lower rate: lr_max stays the largest so far
			base = lr / 4
			if err := opt.SetLR(base); err != nil {
				t.Fatal(err)
			}
		}
		sfGrad(p, k)
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		lrT := base * min(1, float64(k)/warmup) * math.Sqrt(1-math.Pow(b2, float64(k)))
		lrMax = max(lrMax, lrT)
		w := math.Pow(float64(k), r) * math.Pow(lrMax, power)
		sum += w
		st, _ := optim.State(opt, 0)
		for i, z := range st["z"] {
			avg[i] += w * z
		}
	}
	want := make([]float64, len(avg))
	for i := range avg {
		want[i] = avg[i] / sum
	}
	y := slices.Clone(p.Value)
	if err := opt.Eval(); err != nil {
		t.Fatal(err)
	}
	if opt.Training() {
		t.Fatal("Training() after Eval")
	}
	if e := relErr(p.Value, want); e > 1e-12 {
		t.Fatalf("after Eval p = %v, want the weighted average of z %v (error %.3g)", p.Value, want, e)
	}
	if e := relErr(y, want); e < 1e-3 {
		t.Fatalf("y %v is already the average %v: the test does not tell them apart", y, want)
	}
	x := slices.Clone(p.Value)
	before, err := opt.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	sfGrad(p, steps+1)
	if err := opt.Step(); !errors.Is(err, optim.ErrEvalMode) {
		t.Fatalf("Step in eval mode: %v, want ErrEvalMode", err)
	}
	if after, _ := opt.MarshalBinary(); !slices.Equal(before, after) || !slices.Equal(p.Value, x) {
		t.Fatal("a Step refused in eval mode changed the optimizer")
	}
	if err := opt.Train(); err != nil {
		t.Fatal(err)
	}
	if e := relErr(p.Value, y); e > 1e-14 {
		t.Fatalf("after Eval and Train p = %v, want y = %v (error %.3g)", p.Value, y, e)
	}
	if err := opt.Step(); err != nil {
		t.Fatalf("Step after Train: %v", err)
	}
}

// TestScheduleFreeRecursion checks, step by step, that with a constant lr
// and no warmup the optimizer is the documented recursion, run here in
// float64 on the same gradients with x and z as the state:
//
//	v = β2*v + (1-β2)*g²;  z = z - lr_t*(g/(sqrt(v) + eps) + wd*y)
//	x = (1 - c_t)*x + c_t*z,  c_t = lr_t² / Σ lr_i²,  lr_t = lr*sqrt(1 - β2^t)
//	y = (1-β1)*z + β1*x
//
// The parameters must be y and State's z must be z after every step.
func TestScheduleFreeRecursion(t *testing.T) {
	const lr, b1, b2, eps, wd = 0.05, 0.9, 0.999, 1e-8, 0.1
	p := tensor.FromSlice("p", []float64{1.5, -2, 0.25})
	opt, err := optim.NewAdamWScheduleFree([]*tensor.Tensor[float64]{p}, optim.LR(lr), optim.WeightDecay(wd))
	if err != nil {
		t.Fatal(err)
	}
	n := len(p.Value)
	x, z, v := slices.Clone(p.Value), slices.Clone(p.Value), make([]float64, n)
	sum := 0.0
	for k := 1; k <= 60; k++ {
		sfGrad(p, k)
		y := slices.Clone(p.Value)
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		lrT := lr * math.Sqrt(1-math.Pow(b2, float64(k)))
		sum += lrT * lrT
		c := lrT * lrT / sum
		wantY := make([]float64, n)
		for i, g := range p.Grad {
			v[i] = b2*v[i] + (1-b2)*g*g
			z[i] -= lrT * (g/(math.Sqrt(v[i])+eps) + wd*y[i])
			x[i] = (1-c)*x[i] + c*z[i]
			wantY[i] = (1-b1)*z[i] + b1*x[i]
		}
		st, _ := optim.State(opt, 0)
		if e := max(relErr(p.Value, wantY), relErr(st["z"], z)); e > 1e-12 {
			t.Fatalf("step %d: y = %v, z = %v; the recursion gives y = %v, z = %v (error %.3g)", k, p.Value, st["z"], wantY, z, e)
		}
	}
}

// TestScheduleFreeCheckpointKeepsMode checks that a checkpoint saved in
// eval mode restores eval mode, with the parameters at x, and that Train
// then gives the y of the optimizer that never stopped, bit for bit.
func TestScheduleFreeCheckpointKeepsMode(t *testing.T) {
	build := func() (*optim.AdamWScheduleFree[float32], *tensor.Tensor[float32]) {
		p := tensor.FromSlice("p", []float32{1, -2})
		opt, err := optim.NewAdamWScheduleFree([]*tensor.Tensor[float32]{p}, optim.LR(0.1), optim.WarmupSteps(3))
		if err != nil {
			t.Fatal(err)
		}
		return opt, p
	}
	a, p := build()
	for k := 1; k <= 5; k++ {
		p.Grad[0], p.Grad[1] = 2*p.Value[0], float32(k)*p.Value[1]
		if err := a.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Eval(); err != nil {
		t.Fatal(err)
	}
	data, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, q := build()
	if err := b.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if b.Training() || !slices.Equal(q.Value, p.Value) {
		t.Fatalf("restored: Training() = %v, p = %v; want eval mode at x = %v", b.Training(), q.Value, p.Value)
	}
	if err := a.Train(); err != nil {
		t.Fatal(err)
	}
	if err := b.Train(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(q.Value, p.Value) {
		t.Fatalf("after Train the restored optimizer is at %v, the original at %v", q.Value, p.Value)
	}
}
