package optim_test

import (
	"math"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestFirstSteps checks each optimizer on a one-element parameter against
// its update rule written out by hand here (the textbook form, in float64),
// for the first steps with a fixed gradient sequence. The rounding of the
// hand formulas differs from torch's operation order, hence the tolerance.
func TestFirstSteps(t *testing.T) {
	const p0 = 1.5
	g1, g2 := 0.5, -0.2
	sqrt := math.Sqrt
	cases := []struct {
		name  string
		opts  []optim.Option
		grads []float64
		want  []float64 // parameter after each step
	}{
		{"SGD", []optim.Option{optim.LR(0.1)}, []float64{g1, g2},
			[]float64{p0 - 0.1*g1, p0 - 0.1*g1 - 0.1*g2}},
		// Rprop: a step of lr against the sign; the same sign again: the
		// step grows by etaplus; a flip: it shrinks by etaminus and no
		// step is taken; then, with no previous sign, the step stays.
		{"Rprop", []optim.Option{optim.LR(0.1)}, []float64{g1, g1, g2, g2, g2},
			[]float64{p0 - 0.1, p0 - 0.1 - 0.12, p0 - 0.1 - 0.12, p0 - 0.1 - 0.12 + 0.06, p0 - 0.1 - 0.12 + 0.06 + 0.072}},
		{"Rprop", []optim.Option{optim.LR(0.1), optim.Etas(0.25, 2), optim.StepSizes(0.05, 0.15), optim.Maximize(true)}, []float64{g1, g1, g2},
			[]float64{p0 + 0.1, p0 + 0.1 + 0.15, p0 + 0.1 + 0.15}},
		// ASGD: p = p*(1 - λη) - η*g with η_1 = lr, then η_t = lr/(1 + λ*lr*(t-1))^α.
		{"ASGD", []optim.Option{optim.LR(0.1), optim.Lambd(0.5), optim.Alpha(0.75)}, []float64{g1, g2},
			[]float64{p0*(1-0.05) - 0.1*g1, (p0*(1-0.05)-0.1*g1)*(1-0.5*0.1/math.Pow(1.05, 0.75)) - 0.1/math.Pow(1.05, 0.75)*g2}},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Maximize(true)}, []float64{g1},
			[]float64{p0 + 0.1*g1}},
		{"SGD", []optim.Option{optim.LR(0.1), optim.WeightDecay(0.2)}, []float64{g1},
			[]float64{p0 - 0.1*(g1+0.2*p0)}},
		// First momentum step: buf = g, no dampening; then buf = m*buf + (1-dampening)*g.
		{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(0.9), optim.Dampening(0.25)}, []float64{g1, g2},
			[]float64{p0 - 0.1*g1, p0 - 0.1*g1 - 0.1*(0.9*g1+0.75*g2)}},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(0.9), optim.Nesterov(true)}, []float64{g1, g2},
			[]float64{p0 - 0.1*(g1+0.9*g1), p0 - 0.1*(g1+0.9*g1) - 0.1*(g2+0.9*(0.9*g1+g2))}},
		{"Adagrad", []optim.Option{optim.LR(0.1), optim.LRDecay(0.5), optim.InitialAccumulatorValue(0.3)}, []float64{g1, g2},
			[]float64{
				p0 - 0.1*g1/(sqrt(0.3+g1*g1)+1e-10),
				p0 - 0.1*g1/(sqrt(0.3+g1*g1)+1e-10) - 0.1/(1+0.5)*g2/(sqrt(0.3+g1*g1+g2*g2)+1e-10),
			}},
		{"RMSprop", []optim.Option{optim.LR(0.01)}, []float64{g1},
			[]float64{p0 - 0.01*g1/(sqrt(0.01*g1*g1)+1e-8)}},
		{"RMSprop", []optim.Option{optim.LR(0.01), optim.Alpha(0.9), optim.Centered(true)}, []float64{g1},
			[]float64{p0 - 0.01*g1/(sqrt(0.1*g1*g1-0.1*g1*0.1*g1)+1e-8)}},
		{"RMSprop", []optim.Option{optim.LR(0.01), optim.Momentum(0.5)}, []float64{g1, g2},
			[]float64{
				p0 - 0.01*g1/(sqrt(0.01*g1*g1)+1e-8),
				p0 - 0.01*g1/(sqrt(0.01*g1*g1)+1e-8) - 0.01*(0.5*g1/(sqrt(0.01*g1*g1)+1e-8)+g2/(sqrt(0.99*0.01*g1*g1+0.01*g2*g2)+1e-8)),
			}},
		// Adam's first step is lr*sign(g) up to eps: m̂ = g, v̂ = g².
		{"Adam", []optim.Option{optim.LR(0.01)}, []float64{g1},
			[]float64{p0 - 0.01*g1/(math.Abs(g1)+1e-8)}},
		{"Adam", []optim.Option{optim.LR(0.01), optim.Betas(0.8, 0.9)}, []float64{g1, g2},
			[]float64{
				p0 - 0.01*g1/(math.Abs(g1)+1e-8),
				p0 - 0.01*g1/(math.Abs(g1)+1e-8) - 0.01*((0.8*0.2*g1+0.2*g2)/(1-0.8*0.8))/(sqrt((0.9*0.1*g1*g1+0.1*g2*g2)/(1-0.9*0.9))+1e-8),
			}},
		// AMSGrad: with g2 = g1/100, v2 < v1 and the maximum keeps v1.
		{"Adam", []optim.Option{optim.LR(0.01), optim.AMSGrad(true)}, []float64{g1, g1 / 100},
			[]float64{
				p0 - 0.01*g1/(math.Abs(g1)+1e-8),
				p0 - 0.01*g1/(math.Abs(g1)+1e-8) - 0.01*((0.09*g1+0.1*g1/100)/(1-0.81))/(sqrt(0.001*g1*g1)/sqrt(1-0.999*0.999)+1e-8),
			}},
		{"Adam", []optim.Option{optim.LR(0.01), optim.WeightDecay(0.5)}, []float64{g1},
			[]float64{p0 - 0.01*(g1+0.5*p0)/(math.Abs(g1+0.5*p0)+1e-8)}},
		{"AdamW", []optim.Option{optim.LR(0.01), optim.WeightDecay(0.5)}, []float64{g1},
			[]float64{p0*(1-0.01*0.5) - 0.01*g1/(math.Abs(g1)+1e-8)}},
		{"Adadelta", nil, []float64{g1},
			[]float64{p0 - sqrt(1e-6)/sqrt(0.1*g1*g1+1e-6)*g1}},
		{"Adamax", []optim.Option{optim.LR(0.01)}, []float64{g1, g2},
			[]float64{
				p0 - 0.01*g1/(math.Abs(g1)+1e-8),
				p0 - 0.01*g1/(math.Abs(g1)+1e-8) - 0.01/(1-0.81)*(0.09*g1+0.1*g2)/math.Max(0.999*(math.Abs(g1)+1e-8), math.Abs(g2)+1e-8),
			}},
		{"NAdam", []optim.Option{optim.LR(0.01)}, []float64{g1}, []float64{nadamFirst(p0, g1)}},
	}
	for _, c := range cases {
		for _, dtype := range []string{"float64", "float32"} {
			var got []float64
			var err error
			if dtype == "float64" {
				got, err = runScalar[float64](c.name, p0, c.grads, c.opts)
			} else {
				got, err = runScalar[float32](c.name, p0, c.grads, c.opts)
			}
			if err != nil {
				t.Fatalf("%s%v: %v", c.name, c.opts, err)
			}
			tol := map[string]float64{"float64": 1e-14, "float32": 1e-6}[dtype]
			for k, w := range c.want {
				if math.Abs(got[k]-w) > tol*math.Abs(w) {
					t.Errorf("%s%v %s: step %d: p = %.17g, want %.17g", c.name, c.opts, dtype, k+1, got[k], w)
				}
			}
		}
	}
}

// nadamFirst is NAdam's first step by hand: μ1 = 0.9(1 - 0.5*0.96^0.004),
// μ2 = 0.9(1 - 0.5*0.96^0.008), m = 0.1g, v = 0.001g², v̂ = g²:
// p - lr*(1-μ1)/(1-μ1)*g/(|g|+eps) - lr*μ2/(1-μ1μ2)*m/(|g|+eps).
func nadamFirst(p0, g float64) float64 {
	mu1 := 0.9 * (1 - 0.5*math.Pow(0.96, 0.004))
	mu2 := 0.9 * (1 - 0.5*math.Pow(0.96, 0.008))
	denom := math.Abs(g) + 1e-8
	return p0 - 0.01*g/denom - 0.01*mu2/(1-mu1*mu2)*(0.1*g)/denom
}

// TestRAdamPhases checks RAdam by hand over its first six steps with a
// constant gradient: five unnormalized momentum steps (ρ_t <= 5), then, at
// t = 6, the rectified adaptive step lr*r_6*sign(g) (m̂ = g, v̂ = g²).
func TestRAdamPhases(t *testing.T) {
	const p0, g, lr = 1.5, 0.5, 0.01
	b2 := 0.999
	rhoInf := 2/(1-b2) - 1
	want := make([]float64, 6)
	p := p0
	for s := 1; s <= 6; s++ {
		bc2 := 1 - math.Pow(b2, float64(s))
		rho := rhoInf - 2*float64(s)*math.Pow(b2, float64(s))/bc2
		if s < 6 {
			if rho > 5 {
				t.Fatalf("ρ_%d = %v > 5", s, rho)
			}
			p -= lr * g
		} else {
			r := math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho))
			p -= lr * g * math.Sqrt(bc2) / (math.Sqrt(bc2)*g + 1e-8) * r
		}
		want[s-1] = p
	}
	got, err := runScalar[float64]("RAdam", p0, []float64{g, g, g, g, g, g}, []optim.Option{optim.LR(lr)})
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-14*math.Abs(want[k]) {
			t.Errorf("RAdam step %d: p = %.17g, want %.17g", k+1, got[k], want[k])
		}
	}
}

// runScalar runs the named optimizer on one scalar parameter with the given
// gradients and returns the parameter after each step.
func runScalar[T tensor.Float](name string, p0 float64, grads []float64, opts []optim.Option) ([]float64, error) {
	p := tensor.Scalar("p", T(p0))
	opt, err := optim.New(name, []*tensor.Tensor[T]{p}, opts...)
	if err != nil {
		return nil, err
	}
	var out []float64
	for _, g := range grads {
		p.Grad[0] = T(g)
		if err := opt.Step(); err != nil {
			return nil, err
		}
		out = append(out, float64(p.Value[0]))
	}
	return out, nil
}
