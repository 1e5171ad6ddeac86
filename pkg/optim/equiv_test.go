package optim_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// gradSeq returns a fixed pseudo-random sequence of gradients, steps x n.
func gradSeq(steps, n int) [][]float64 {
	r := rand.New(rand.NewPCG(7, 11))
	out := make([][]float64, steps)
	for k := range out {
		out[k] = make([]float64, n)
		for i := range out[k] {
			out[k][i] = r.NormFloat64() * math.Pow(2, float64(r.IntN(8)-4))
		}
	}
	return out
}

// trajectory runs an optimizer on a fixed gradient sequence (independent of
// the parameters) and returns the parameters after each step. transform, if
// not nil, rewrites each gradient from the current parameters first.
func trajectory[T tensor.Float](t *testing.T, name string, opts []optim.Option, grads [][]float64, transform func(p, g []T)) [][]T {
	t.Helper()
	p := tensor.FromSlice("p", []T{1.5, -0.75, 0.25, 3, -2, 0.125, 0, 1}[:len(grads[0])])
	opt, err := optim.New(name, []*tensor.Tensor[T]{p}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]T
	for _, g := range grads {
		for i := range g {
			p.Grad[i] = T(g[i])
		}
		if transform != nil {
			transform(p.Value, p.Grad)
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		out = append(out, slices.Clone(p.Value))
	}
	return out
}

func equalTrajectories[T tensor.Float](a, b [][]T) bool {
	return slices.EqualFunc(a, b, func(x, y []T) bool { return slices.Equal(x, y) })
}

// TestEquivalences checks identities between optimizers and options, bit for
// bit, in both dtypes.
func TestEquivalences(t *testing.T) {
	t.Run("float64", testEquivalences[float64])
	t.Run("float32", testEquivalences[float32])
}

func testEquivalences[T tensor.Float](t *testing.T) {
	grads := gradSeq(60, 8)
	same := func(what string, a, b [][]T) {
		t.Helper()
		if !equalTrajectories(a, b) {
			t.Errorf("%s: trajectories differ", what)
		}
	}
	lr := optim.LR(0.05)
	same("SGD momentum 0 = plain SGD",
		trajectory[T](t, "SGD", []optim.Option{lr, optim.Momentum(0)}, grads, nil),
		trajectory[T](t, "SGD", []optim.Option{lr}, grads, nil))
	same("AdamW weight decay 0 = Adam",
		trajectory[T](t, "AdamW", []optim.Option{lr, optim.WeightDecay(0)}, grads, nil),
		trajectory[T](t, "Adam", []optim.Option{lr}, grads, nil))
	same("AdamW weight decay 0 = Adam, AMSGrad",
		trajectory[T](t, "AdamW", []optim.Option{lr, optim.WeightDecay(0), optim.AMSGrad(true)}, grads, nil),
		trajectory[T](t, "Adam", []optim.Option{lr, optim.AMSGrad(true)}, grads, nil))

	// Weight decay is the L2 penalty g + wd*p; maximize negates g first.
	// Neither writes to Grad, so feeding the transformed gradient by hand
	// must give the same trajectory.
	for _, name := range []string{"SGD", "Adagrad", "RMSprop", "Adam", "Adadelta", "Adamax", "NAdam", "RAdam"} {
		same(name+" weight decay = gradient + wd*p",
			trajectory[T](t, name, []optim.Option{lr, optim.WeightDecay(0.3)}, grads, nil),
			trajectory[T](t, name, []optim.Option{lr}, grads, func(p, g []T) {
				for i := range g {
					g[i] += T(T(0.3) * p[i])
				}
			}))
	}
	for _, name := range []string{"SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "Adadelta", "Adamax"} {
		same(name+" maximize = minimize -g",
			trajectory[T](t, name, []optim.Option{lr, optim.Maximize(true)}, grads, nil),
			trajectory[T](t, name, []optim.Option{lr}, grads, func(_, g []T) {
				for i := range g {
					g[i] = -g[i]
				}
			}))
	}
}

// TestRMSpropIsAdamWithoutMomentum checks the relation between RMSprop and
// Adam with β1 = 0, β2 = α: their second-moment recursions are the same
// operations, so their states agree bit for bit. RMSprop steps by
// lr*g/(sqrt(v)+eps), Adam by lr*g/(sqrt(v)/sqrt(1-α^t)+eps): the bias
// correction makes Adam's early steps smaller. sqrt(1-α^t) becomes exactly 1
// once α^t drops below half an ulp of 1, and from then on the two take
// identical steps.
func TestRMSpropIsAdamWithoutMomentum(t *testing.T) {
	const alpha, lr = 0.5, 0.01
	grads := gradSeq(80, 8)
	start := []float64{1.5, -0.75, 0.25, 3, -2, 0.125, 0, 1}
	pr, pa := tensor.FromSlice("p", start), tensor.FromSlice("p", start)
	rms, _ := optim.NewRMSprop([]*tensor.Tensor[float64]{pr}, optim.LR(lr), optim.Alpha(alpha))
	adam, _ := optim.NewAdam([]*tensor.Tensor[float64]{pa}, optim.LR(lr), optim.Betas(0, alpha))
	for k, g := range grads {
		step := k + 1
		// Both start every step from the same parameters, so only the update differs.
		copy(pr.Value, start)
		copy(pa.Value, start)
		copy(pr.Grad, g)
		copy(pa.Grad, g)
		if err := rms.Step(); err != nil {
			t.Fatal(err)
		}
		if err := adam.Step(); err != nil {
			t.Fatal(err)
		}
		bc := math.Sqrt(1 - math.Pow(alpha, float64(step)))
		for i := range start {
			dr, da := pr.Value[i]-start[i], pa.Value[i]-start[i]
			s := -lr*g[i]/dr - 1e-8 // sqrt(v), recovered from RMSprop's step
			switch want := -lr * g[i] / (s/bc + 1e-8); {
			case bc == 1 && pr.Value[i] != pa.Value[i]:
				t.Fatalf("step %d: RMSprop %v and Adam(β1=0) %v differ although sqrt(1-α^t) = 1", step, pr.Value[i], pa.Value[i])
			case bc < 1 && math.Abs(da-want) > 1e-9*math.Abs(want):
				t.Fatalf("step %d: Adam's update %v, want %v from RMSprop's %v and sqrt(1-α^t) = %v", step, da, want, dr, bc)
			}
		}
		if step == 80 && bc != 1 {
			t.Fatalf("bias correction still %v at step %d", bc, step)
		}
	}
}

// TestMomentumConventions checks, on a fixed gradient sequence, that torch's
// momentum (buf = m*buf + g; p -= lr*buf) gives the iterates of the textbook
// form (v = m*v + lr*g; p -= v) for a constant learning rate, and that
// torch's Nesterov form (p -= lr*(g + m*buf)) tracks the look-ahead point
// θ + m*v of Sutskever et al.'s v = m*v - lr*∇f(θ + m*v); θ += v, on a quadratic.
func TestMomentumConventions(t *testing.T) {
	const lr, m = 0.05, 0.9
	grads := gradSeq(50, 8)
	got := trajectory[float64](t, "SGD", []optim.Option{optim.LR(lr), optim.Momentum(m)}, grads, nil)
	p := []float64{1.5, -0.75, 0.25, 3, -2, 0.125, 0, 1}
	v := make([]float64, len(p))
	for k, g := range grads {
		for i := range p {
			v[i] = m*v[i] + lr*g[i]
			p[i] -= v[i]
			if math.Abs(got[k][i]-p[i]) > 1e-12*(1+math.Abs(p[i])) {
				t.Fatalf("momentum step %d: torch form %v, textbook %v", k+1, got[k][i], p[i])
			}
		}
	}

	// Nesterov on f(x) = 0.5*c*x², ∇f = c*x.
	c := []float64{0.1, 1, 4, 10}
	x := tensor.FromSlice("x", []float64{1, -1, 0.5, 2})
	opt, _ := optim.NewSGD([]*tensor.Tensor[float64]{x}, optim.LR(lr), optim.Momentum(m), optim.Nesterov(true))
	theta := slices.Clone(x.Value)
	vel := make([]float64, len(theta))
	for k := range 50 {
		for i := range c {
			x.Grad[i] = c[i] * x.Value[i]
			vel[i] = m*vel[i] - lr*c[i]*(theta[i]+m*vel[i])
			theta[i] += vel[i]
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		for i := range c {
			if look := theta[i] + m*vel[i]; math.Abs(x.Value[i]-look) > 1e-12 {
				t.Fatalf("Nesterov step %d: torch form %v, Sutskever look-ahead point %v", k+1, x.Value[i], look)
			}
		}
	}
}

// TestASGDIsSGD checks ASGD against plain SGD where they are one method:
// with λ = 0 the decay term and the shrinking of η vanish (η stays lr), so
// ASGD's parameters are SGD's bit for bit; before t0 its average ax is a
// copy of the parameters, and from t0 + 2 on the mean of those after steps
// t0 + 2, t0 + 3, ....
func TestASGDIsSGD(t *testing.T) {
	const t0, steps = 4, 12
	p, q := tensor.FromSlice("p", []float64{1.5, -0.75, 3}), tensor.FromSlice("p", []float64{1.5, -0.75, 3})
	asgd, err := optim.NewASGD([]*tensor.Tensor[float64]{p}, optim.LR(0.05), optim.Lambd(0), optim.T0(t0), optim.WeightDecay(0.1))
	if err != nil {
		t.Fatal(err)
	}
	sgd, err := optim.NewSGD([]*tensor.Tensor[float64]{q}, optim.LR(0.05), optim.WeightDecay(0.1))
	if err != nil {
		t.Fatal(err)
	}
	var sum []float64 // of the parameters after steps t0+2 ... k
	for k := 1; k <= steps; k++ {
		for i, v := range p.Value {
			p.Grad[i] = v*v*v - 1
			q.Grad[i] = q.Value[i]*q.Value[i]*q.Value[i] - 1
		}
		if err := asgd.Step(); err != nil {
			t.Fatal(err)
		}
		if err := sgd.Step(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.Value, q.Value) {
			t.Fatalf("step %d: ASGD with lambd 0 at %v, SGD at %v", k, p.Value, q.Value)
		}
		avg := tensor.Zeros[float64]("avg", 3)
		if err := asgd.CopyAverage([]*tensor.Tensor[float64]{avg}); err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(p.Value)
		if k >= t0+2 {
			if sum == nil {
				sum = make([]float64, 3)
			}
			for i, v := range p.Value {
				sum[i] += v
				want[i] = sum[i] / float64(k-t0-1)
			}
		}
		for i := range want {
			if math.Abs(avg.Value[i]-want[i]) > 1e-15*math.Abs(want[i]) {
				t.Fatalf("step %d: average %v, want %v", k, avg.Value, want)
			}
		}
	}
}

// TestCopyAverageErrors checks CopyAverage's refusals, which write nothing:
// before the first Step, and for destinations that do not fit.
func TestCopyAverageErrors(t *testing.T) {
	w, b := tensor.FromSlice("w", []float32{1, 2}), tensor.Scalar[float32]("b", 3)
	opt, err := optim.NewASGD([]*tensor.Tensor[float32]{w, b})
	if err != nil {
		t.Fatal(err)
	}
	dw, db := tensor.FromSlice("w", []float32{7, 7}), tensor.Scalar[float32]("b", 7)
	if err := opt.CopyAverage([]*tensor.Tensor[float32]{dw, db}); !errors.Is(err, optim.ErrNoState) {
		t.Errorf("before the first Step: error %v, want ErrNoState", err)
	}
	if err := opt.Step(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dst  []*tensor.Tensor[float32]
		want string
	}{
		{[]*tensor.Tensor[float32]{dw}, "1 tensors for 2 parameters"},
		{[]*tensor.Tensor[float32]{dw, nil}, `tensor 1 is nil or does not have the 1 values of "b"`},
		{[]*tensor.Tensor[float32]{dw, tensor.FromSlice("b", []float32{7, 7})}, `tensor 1 is nil or does not have the 1 values of "b"`},
	} {
		if err := opt.CopyAverage(c.dst); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	if dw.Value[0] != 7 || db.Value[0] != 7 {
		t.Error("a refused CopyAverage wrote values")
	}
	if err := opt.CopyAverage([]*tensor.Tensor[float32]{dw, db}); err != nil || !slices.Equal(dw.Value, w.Value) || db.Value[0] != b.Value[0] {
		t.Errorf("CopyAverage before t0: %v, %v, %v; want the parameters %v, %v", err, dw.Value, db.Value, w.Value, b.Value)
	}
}
