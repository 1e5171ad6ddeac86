package optim_test

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestStateFirstStep checks State after one step of every optimizer against
// the state arrays written out by hand (in float64) from each update rule,
// for a parameter [1.5, -0.25] with gradient [0.5, -2]: Adam's m = (1-β1)g
// and v = (1-β2)g², and likewise for the others.
func TestStateFirstStep(t *testing.T) {
	g := []float64{0.5, -2}
	each := func(f func(g float64) float64) []float64 {
		out := make([]float64, len(g))
		for i, x := range g {
			out[i] = f(x)
		}
		return out
	}
	sqrt := math.Sqrt
	m := each(func(g float64) float64 { return 0.1 * g })       // (1-β1)g, β1 = 0.9
	v := each(func(g float64) float64 { return 0.001 * g * g }) // (1-β2)g², β2 = 0.999
	cases := []struct {
		name string
		opts []optim.Option
		want map[string][]float64
	}{
		{"SGD", []optim.Option{optim.LR(0.1)}, map[string][]float64{}},
		{"SGD", []optim.Option{optim.LR(0.1), optim.Momentum(0.9), optim.Dampening(0.5)}, map[string][]float64{
			"momentum_buffer": g, // the first buffer is g itself, without dampening
		}},
		{"Adagrad", []optim.Option{optim.InitialAccumulatorValue(0.3)}, map[string][]float64{
			"sum": each(func(g float64) float64 { return 0.3 + g*g }),
		}},
		{"RMSprop", []optim.Option{optim.Alpha(0.9), optim.Centered(true), optim.Momentum(0.5)}, map[string][]float64{
			"square_avg":      each(func(g float64) float64 { return 0.1 * g * g }),
			"grad_avg":        each(func(g float64) float64 { return 0.1 * g }),
			"momentum_buffer": each(func(g float64) float64 { return g / (sqrt(0.1*g*g-0.1*g*0.1*g) + 1e-8) }),
		}},
		{"Adam", nil, map[string][]float64{"exp_avg": m, "exp_avg_sq": v}},
		{"Adam", []optim.Option{optim.AMSGrad(true)}, map[string][]float64{"exp_avg": m, "exp_avg_sq": v, "max_exp_avg_sq": v}},
		{"AdamW", nil, map[string][]float64{"exp_avg": m, "exp_avg_sq": v}},
		{"Adadelta", nil, map[string][]float64{ // ρ = 0.9, eps = 1e-6
			"square_avg": each(func(g float64) float64 { return 0.1 * g * g }),
			"acc_delta": each(func(g float64) float64 {
				delta := sqrt(1e-6) / sqrt(0.1*g*g+1e-6) * g
				return 0.1 * delta * delta
			}),
		}},
		{"Adamax", nil, map[string][]float64{"exp_avg": m, "exp_inf": each(func(g float64) float64 { return math.Abs(g) + 1e-8 })}},
		{"NAdam", nil, map[string][]float64{"exp_avg": m, "exp_avg_sq": v,
			"mu_product": {0.9 * (1 - 0.5*math.Pow(0.96, 0.004))}}},
		{"RAdam", nil, map[string][]float64{"exp_avg": m, "exp_avg_sq": v}},
		// Rprop's first step: no previous gradient, so every step size stays lr.
		{"Rprop", nil, map[string][]float64{"prev": g, "step_size": {0.01, 0.01}}},
		// ASGD before t0: ax is a copy of p; η for step 2 is lr/(1 + λ*lr)^α.
		{"ASGD", nil, map[string][]float64{
			"ax":  {1.5*(1-1e-6) - 0.01*0.5, -0.25*(1-1e-6) + 0.01*2},
			"eta": {0.01 / math.Pow(1+1e-6, 0.75)}, "mu": {1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testStateFirstStep[float64](t, c.name, c.opts, g, c.want, 1e-14)
			testStateFirstStep[float32](t, c.name, c.opts, g, c.want, 1e-6)
		})
	}
}

func testStateFirstStep[T tensor.Float](t *testing.T, name string, opts []optim.Option, g []float64, want map[string][]float64, tol float64) {
	p := tensor.FromSlice("p", []T{1.5, -0.25})
	for i, x := range g {
		p.Grad[i] = T(x)
	}
	opt, err := optim.New(name, []*tensor.Tensor[T]{p}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if err := opt.Step(); err != nil {
		t.Fatal(err)
	}
	st, err := optim.State(opt, 0)
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		t.Fatalf("%T%v: a nil map", opt, opts)
	}
	if got, want := sortedKeys(st), sortedKeys(want); !slices.Equal(got, want) {
		t.Fatalf("%T%v: state %v, want %v", opt, opts, got, want)
	}
	for k, w := range want {
		for i := range w {
			if got := float64(st[k][i]); math.Abs(got-w[i]) > tol*math.Abs(w[i]) {
				t.Errorf("%T%v: %s[%d] = %.17g, want %.17g", opt, opts, k, i, got, w[i])
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestStateMatchesCheckpoint checks, for every optimizer in both dtypes with
// options that create all its state and two parameter groups, that State
// after a few steps holds, bit for bit, the state arrays and group scalars of
// the optimizer's checkpoint, decoded here from the layout checkpoint.md
// documents; and that an optimizer restored from that checkpoint reports the
// same State.
func TestStateMatchesCheckpoint(t *testing.T) {
	for c, rc := range resumeCases {
		t.Run(rc.name, func(t *testing.T) {
			t.Run("float32", func(t *testing.T) { testStateMatchesCheckpoint[float32](t, c) })
			t.Run("float64", func(t *testing.T) { testStateMatchesCheckpoint[float64](t, c) })
		})
	}
}

func testStateMatchesCheckpoint[T tensor.Float](t *testing.T, c int) {
	opt := newResumeOpt[T](t, c)
	takeSteps(t, opt, 5)
	data := marshal(t, opt)
	ck, err := decodeOptimizer[T](data)
	if err != nil {
		t.Fatal(err)
	}
	restored := newResumeOpt[T](t, c)
	if err := restored.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	for i := range opt.Params() {
		want := map[string][]T{}
		for name, perParam := range ck.slots {
			if perParam[i] != nil {
				want[name] = perParam[i]
			}
		}
		for name, perGroup := range ck.scalars {
			want[name] = []T{T(perGroup[ck.groupOf[i]])}
		}
		if len(want) == 0 {
			t.Fatalf("parameter %d has no state in the checkpoint: the case does not exercise State", i)
		}
		got, err := optim.State(opt, i)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameState(got, want); err != "" {
			t.Errorf("parameter %d: State differs from the checkpoint: %s", i, err)
		}
		again, err := optim.State(restored, i)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameState(again, want); err != "" {
			t.Errorf("parameter %d: State after a restore differs from the checkpoint: %s", i, err)
		}
	}
}

// sameState compares two states bit for bit and describes the first
// difference, or returns "".
func sameState[T tensor.Float](got, want map[string][]T) string {
	if g, w := sortedKeys(got), sortedKeys(want); !slices.Equal(g, w) {
		return "state " + strings.Join(g, ", ") + ", want " + strings.Join(w, ", ")
	}
	for k, w := range want {
		if !slices.EqualFunc(got[k], w, func(a, b T) bool { return math.Float64bits(float64(a)) == math.Float64bits(float64(b)) }) {
			return k + " differs"
		}
	}
	return ""
}

// optimizerRecord is the state part of an optimizer checkpoint record.
type optimizerRecord[T tensor.Float] struct {
	slots   map[string][][]T     // state arrays by slot name, then parameter (nil where absent)
	scalars map[string][]float64 // group scalars by name, then group
	groupOf []int                // the group of each parameter
}

// decodeOptimizer decodes an optimizer record ('O') following the layout of
// checkpoint.md, independently of the package's own decoder.
func decodeOptimizer[T tensor.Float](data []byte) (*optimizerRecord[T], error) {
	body, err := ckpt.Open(data, ckpt.KindOptimizer)
	if err != nil {
		return nil, err
	}
	d := ckpt.NewDecoder(body)
	rec := &optimizerRecord[T]{slots: map[string][][]T{}, scalars: map[string][]float64{}}
	_ = d.String() // class
	_ = d.String() // element type
	_ = d.Int64()  // step count
	for g := range d.Len(0) {
		for range d.Len(0) {
			rec.groupOf = append(rec.groupOf, g)
		}
		for range d.Len(0) { // hyperparameters
			_, _ = d.String(), d.Float64()
		}
		for range d.Len(0) { // scalar state
			name := d.String()
			rec.scalars[name] = append(rec.scalars[name], d.Float64())
		}
	}
	sizes := make([]int, d.Len(0))
	for i := range sizes {
		_ = d.String() // name
		sizes[i] = 1
		for range d.Len(0) {
			sizes[i] *= int(d.Int64())
		}
		ckpt.ReadFloats[T](d, sizes[i]) // values
	}
	for range d.Len(0) {
		name := d.String()
		perParam := make([][]T, len(sizes))
		for i, n := range sizes {
			if d.Bool() {
				perParam[i] = ckpt.ReadFloats[T](d, n)
			}
		}
		rec.slots[name] = perParam
	}
	if err := d.Finish(); err != nil {
		return nil, err
	}
	return rec, nil
}

// TestStateIsACopy checks that changing what State returns changes nothing
// in the optimizer, and that later steps do not change it.
func TestStateIsACopy(t *testing.T) {
	opt := newResumeOpt[float64](t, 3) // Adam with AMSGrad
	takeSteps(t, opt, 3)
	before := marshal(t, opt)
	st, err := optim.State(opt, 0)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string][]float64{}
	for k, v := range st {
		kept[k] = slices.Clone(v)
		for i := range v {
			v[i] = 42
		}
		st[k] = append(v, 42) // must not reach the next array
	}
	if !bytes.Equal(marshal(t, opt), before) {
		t.Fatal("writing to the result of State changed the optimizer")
	}
	st, err = optim.State(opt, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := sameState(st, kept); err != "" {
		t.Fatalf("State after writing to an earlier result: %s", err)
	}
	takeSteps(t, opt, 1)
	if err := sameState(st, kept); err != "" {
		t.Fatalf("a Step changed an earlier result of State: %s", err)
	}
}

// notOurs is an Optimizer that is not one of package optim's.
type notOurs struct{ optim.Optimizer[float64] }

// TestStateErrors checks the errors of State: ErrNoState before the first
// step (and after restoring a checkpoint taken then), a parameter index out
// of range, an optimizer of another package.
func TestStateErrors(t *testing.T) {
	for _, name := range steppers() {
		w, b := resumeParams[float64]()
		opt, err := optim.New(name, []*tensor.Tensor[float64]{w, b}, optim.LR(0.1))
		if err != nil {
			t.Fatal(err)
		}
		fresh := marshal(t, opt)
		if st, err := optim.State(opt, 1); !errors.Is(err, optim.ErrNoState) || st != nil {
			t.Errorf("%s before its first step: %v, %v; want ErrNoState", name, st, err)
		}
		takeSteps(t, opt, 2)
		for _, i := range []int{-1, 2} {
			if _, err := optim.State(opt, i); err == nil || !strings.Contains(err.Error(), "out of range [0, 2)") {
				t.Errorf("%s: parameter %d: %v; want an error naming the range [0, 2)", name, i, err)
			}
		}
		if err := opt.UnmarshalBinary(fresh); err != nil {
			t.Fatal(err)
		}
		if _, err := optim.State(opt, 0); !errors.Is(err, optim.ErrNoState) {
			t.Errorf("%s restored to its state before the first step: %v; want ErrNoState", name, err)
		}
	}
	if _, err := optim.State[float64](notOurs{}, 0); err == nil {
		t.Error("an Optimizer of another package: no error")
	}
}
