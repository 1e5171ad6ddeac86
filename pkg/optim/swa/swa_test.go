package swa_test

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/optim/swa"
	"github.com/descentlab/descent/pkg/tensor"
)

func params[T tensor.Float]() []*tensor.Tensor[T] {
	return []*tensor.Tensor[T]{tensor.FromSlice[T]("w", []T{1.5, -2, 0.5}), tensor.FromSlice[T]("b", []T{0.25})}
}

// walk sets the parameters to the k-th point of a fixed sequence.
func walk[T tensor.Float](ps []*tensor.Tensor[T], k int) {
	for i, p := range ps {
		for j := range p.Value {
			p.Value[j] = T(math.Sin(float64(3*k+i+j)) * float64(k+1))
		}
	}
}

// TestRunningMean checks the default average against the arithmetic mean
// of the values seen, computed independently, in both dtypes.
func TestRunningMean(t *testing.T) {
	testRunningMean[float64](t, 1e-14)
	testRunningMean[float32](t, 1e-5)
}

func testRunningMean[T tensor.Float](t *testing.T, tol float64) {
	ps := params[T]()
	a, err := swa.New(ps)
	if err != nil {
		t.Fatal(err)
	}
	sum := make([]float64, 4)
	for k := range 30 {
		walk(ps, k)
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
		i := 0
		for _, p := range ps {
			for _, v := range p.Value {
				sum[i] += float64(v)
				i++
			}
		}
		i = 0
		for _, p := range a.Params() {
			for _, v := range p.Value {
				if want := sum[i] / float64(k+1); math.Abs(float64(v)-want) > tol*float64(k+1) {
					t.Fatalf("update %d, element %d: average %v, mean %v", k, i, v, want)
				}
				i++
			}
		}
	}
	if a.NumAveraged() != 30 {
		t.Errorf("NumAveraged = %d", a.NumAveraged())
	}
}

// TestEMA checks the exponential moving average in torch's order,
// fl(fl(d)*a) + fl(fl(1-d)*p), bit for bit, and the first update's copy.
func TestEMA(t *testing.T) {
	ps := params[float32]()
	a, err := swa.NewEMA(ps, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float32, 3)
	for k := range 20 {
		walk(ps, k)
		for j, x := range ps[0].Value {
			if k == 0 {
				want[j] = x
			} else {
				want[j] = float32(float32(0.9)*want[j]) + float32(float32(0.09999999999999998)*x)
			}
		}
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
		for j, v := range a.Params()[0].Value {
			if math.Float32bits(v) != math.Float32bits(want[j]) {
				t.Fatalf("update %d, element %d: %v, want %v", k, j, v, want[j])
			}
		}
	}
}

// TestCustomAverage checks that NewFunc's function is called from the
// second update on with the number of updates so far.
func TestCustomAverage(t *testing.T) {
	ps := params[float64]()
	var ns []int
	a, err := swa.NewFunc(ps, "max", func(avg, p []float64, n int) {
		if len(avg) == 3 { // w; b is averaged by a call of its own
			ns = append(ns, n)
		}
		for i := range avg {
			avg[i] = math.Max(avg[i], p[i])
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	best := []float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for k := range 6 {
		walk(ps, k)
		for i, v := range ps[0].Value {
			best[i] = math.Max(best[i], v)
		}
		if err := a.Update(); err != nil {
			t.Fatal(err)
		}
	}
	for i, v := range a.Params()[0].Value {
		if v != best[i] {
			t.Errorf("element %d: %v, want the maximum %v", i, v, best[i])
		}
	}
	if len(ns) != 5 || ns[0] != 1 || ns[4] != 5 {
		t.Errorf("called with n = %v, want 1..5", ns)
	}
}

// TestErrors checks that bad arguments are errors that name the problem,
// and that a failed Update or CopyTo changes nothing.
func TestErrors(t *testing.T) {
	ps := params[float64]()
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(swa.New[float64](nil)), "swa: no parameters to average"},
		{second(swa.New([]*tensor.Tensor[float64]{nil})), "swa: parameter 0 is nil"},
		{second(swa.New([]*tensor.Tensor[float64]{{Name: "x", Shape: []int{2}, Value: []float64{1}}})), `swa: parameter 0: tensor "x": shape [2] holds 2 values, Value has 1`},
		{second(swa.NewEMA(ps, 1.5)), "swa: EMA: decay = 1.5 is outside [0, 1]"},
		{second(swa.NewEMA(ps, math.NaN())), "decay = NaN is outside [0, 1]"},
		{second(swa.NewFunc(ps, "ema", func(a, p []float64, n int) {})), `name "ema": want a name of your own`},
		{second(swa.NewFunc(ps, "x", nil)), "the average function is nil"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("error %v, want %q", c.err, c.want)
		}
	}
	a, err := swa.New(ps)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Update(); err != nil {
		t.Fatal(err)
	}
	before := state(t, a)
	ps[1].Value = append(ps[1].Value, 1)
	if err := a.Update(); err == nil || !strings.Contains(err.Error(), "parameter 1 (b) has 2 values, it had 1") {
		t.Errorf("Update after a resize: error %v", err)
	}
	if err := a.CopyTo(ps); err == nil || !strings.Contains(err.Error(), "tensor 1 is nil or has another size") {
		t.Errorf("CopyTo: error %v", err)
	}
	if !bytes.Equal(before, state(t, a)) || ps[0].Value[0] != 1.5 {
		t.Error("a failed Update or CopyTo changed something")
	}
}

func second[A any](_ A, err error) error { return err }

func state(t testing.TB, s optim.Stateful) []byte {
	t.Helper()
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestResume checks that SWA training (SGD, SWALR from step 5, the running
// mean and an EMA) saved after k steps and resumed into fresh objects gives
// the averages of an uninterrupted run bit for bit, in both dtypes.
func TestResume(t *testing.T) {
	testResume[float64](t)
	testResume[float32](t)
}

type run[T tensor.Float] struct {
	ps    []*tensor.Tensor[T]
	opt   optim.Optimizer[T]
	sched *schedule.SWALR
	mean  *swa.Averaged[T]
	ema   *swa.Averaged[T]
}

func newRun[T tensor.Float](t testing.TB) *run[T] {
	ps := params[T]()
	opt, err := optim.New("SGD", ps, optim.LR(0.1), optim.Momentum(0.9))
	if err != nil {
		t.Fatal(err)
	}
	r := &run[T]{ps: ps, opt: opt}
	if r.sched, err = schedule.NewSWALR(opt, 0.02, schedule.AnnealEpochs(4)); err != nil {
		t.Fatal(err)
	}
	if r.mean, err = swa.New(ps); err != nil {
		t.Fatal(err)
	}
	if r.ema, err = swa.NewEMA(ps, 0.8); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *run[T]) steps(t testing.TB, from, to int) {
	for k := from; k < to; k++ {
		for i, p := range r.ps {
			for j, v := range p.Value {
				p.Grad[j] = 2 * (v - T(math.Cos(float64(k+i+j))))
			}
		}
		if err := r.opt.Step(); err != nil {
			t.Fatal(err)
		}
		if k >= 5 {
			for _, err := range []error{r.mean.Update(), r.ema.Update(), r.sched.Step()} {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func (r *run[T]) parts() []optim.Stateful { return []optim.Stateful{r.opt, r.sched, r.mean, r.ema} }

func testResume[T tensor.Float](t *testing.T) {
	const n = 20
	straight := newRun[T](t)
	straight.steps(t, 0, n)
	for _, k := range []int{0, 3, 5, 12} {
		first := newRun[T](t)
		first.steps(t, 0, k)
		path := filepath.Join(t.TempDir(), "ckpt")
		if err := optim.SaveFile(path, first.parts()...); err != nil {
			t.Fatal(err)
		}
		again := newRun[T](t)
		if err := optim.LoadFile(path, again.parts()...); err != nil {
			t.Fatal(err)
		}
		again.steps(t, k, n)
		for i, p := range straight.parts() {
			if !bytes.Equal(state(t, p), state(t, again.parts()[i])) {
				t.Fatalf("k=%d: part %d differs after resuming", k, i)
			}
		}
		for i, p := range straight.mean.Params() {
			for j, v := range p.Value {
				if w := again.mean.Params()[i].Value[j]; math.Float64bits(float64(v)) != math.Float64bits(float64(w)) {
					t.Fatalf("k=%d: average %d/%d: %v resumed, %v straight", k, i, j, w, v)
				}
			}
		}
	}
	if straight.mean.NumAveraged() != n-5 {
		t.Errorf("NumAveraged = %d, want %d", straight.mean.NumAveraged(), n-5)
	}
}

// TestRestoreErrors checks that another kind of average, element type or
// size is refused with ErrMismatch, every truncation and flipped byte with
// ErrCorrupt, and that nothing changes.
func TestRestoreErrors(t *testing.T) {
	ps := params[float64]()
	mean, _ := swa.New(ps)
	ema, _ := swa.NewEMA(ps, 0.9)
	ema2, _ := swa.NewEMA(ps, 0.99)
	one, _ := swa.New(ps[:1])
	f32, _ := swa.New(params[float32]())
	sgd, _ := optim.New("SGD", ps, optim.LR(0.1))
	for _, a := range []optim.Stateful{mean, ema} {
		_ = a.(interface{ Update() error }).Update()
	}
	good := state(t, mean)
	before := state(t, ema)
	for name, data := range map[string][]byte{"mean into ema": good, "ema 0.99": state(t, ema2), "one tensor": state(t, one), "float32": state(t, f32), "optimizer": state(t, sgd)} {
		if err := ema.UnmarshalBinary(data); !errors.Is(err, optim.ErrMismatch) {
			t.Errorf("%s: error %v, want ErrMismatch", name, err)
		}
	}
	for n := range good {
		if err := ema.UnmarshalBinary(good[:n]); !errors.Is(err, optim.ErrCorrupt) {
			t.Fatalf("truncated to %d bytes: error %v", n, err)
		}
	}
	for i := range good {
		bad := bytes.Clone(good)
		bad[i] ^= 0x11
		if err := mean.UnmarshalBinary(bad); !errors.Is(err, optim.ErrCorrupt) && !errors.Is(err, optim.ErrVersion) {
			t.Fatalf("byte %d flipped: error %v", i, err)
		}
	}
	if !bytes.Equal(before, state(t, ema)) || !bytes.Equal(good, state(t, mean)) {
		t.Error("a refused restore changed the average")
	}
}

// TestUpdateAllocatesNothing checks every kind of average.
func TestUpdateAllocatesNothing(t *testing.T) {
	ps := params[float32]()
	mean, _ := swa.New(ps)
	ema, _ := swa.NewEMA(ps, 0.9)
	for _, a := range []*swa.Averaged[float32]{mean, ema} {
		if n := testing.AllocsPerRun(50, func() {
			if err := a.Update(); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("Update allocates %v times", n)
		}
	}
}
