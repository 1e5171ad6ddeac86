package optim_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/tensor"
)

var genCorpus = flag.Bool("gen-fuzz-corpus", false, "rewrite the seed corpora of the fuzz targets in testdata/fuzz")

// fuzzReceivers returns one optimizer of every kind in both dtypes, built as
// the resume tests build them (two groups, options that create all their
// state) and stepped twice, so that a restore has state to keep or replace.
func fuzzReceivers(t testing.TB) []optim.Stateful {
	var rs []optim.Stateful
	for c := range resumeCases {
		o64 := newResumeOpt[float64](t, c)
		takeSteps(t, o64, 2)
		o32 := newResumeOpt[float32](t, c)
		takeSteps(t, o32, 2)
		rs = append(rs, o64, o32)
	}
	for _, hist := range []int{1, 3} { // LBFGS, with its history full and not
		p := tensor.FromSlice("p", []float64{-5, -2})
		o, err := optim.NewLBFGS([]*tensor.Tensor[float64]{p}, optim.HistorySize(hist), optim.MaxIter(2))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := o.StepClosure(quadratic2dClosure(p)); err != nil {
				t.Fatal(err)
			}
		}
		rs = append(rs, o)
	}
	return rs
}

// FuzzUnmarshalState feeds arbitrary bytes to every optimizer's
// UnmarshalBinary and to Load, as they are and wrapped in a valid frame (so
// that the content decoder is reached despite the checksum). Either the
// restore fails with ErrCorrupt, ErrVersion or ErrMismatch and changes
// nothing, or it succeeds and the optimizer encodes back to exactly the
// bytes it read: the decoder accepts only canonical encodings, never panics
// and never half-restores.
func FuzzUnmarshalState(f *testing.F) {
	var receivers []optim.Stateful
	f.Fuzz(func(t *testing.T, data []byte) {
		if receivers == nil {
			receivers = fuzzReceivers(t)
		}
		for _, r := range receivers {
			checkRestore(t, r, data, r.UnmarshalBinary, r.MarshalBinary)
			checkRestore(t, r, ckpt.Seal(ckpt.KindOptimizer, data), r.UnmarshalBinary, r.MarshalBinary)
			load := func(b []byte) error { return optim.Load(bytes.NewReader(b), r) }
			save := func() ([]byte, error) {
				var buf bytes.Buffer
				err := optim.Save(&buf, r)
				return buf.Bytes(), err
			}
			checkRestore(t, r, data, load, save)
			checkRestore(t, r, ckpt.Seal(ckpt.KindFile, data), load, save)
		}
	})
}

// checkRestore checks the property of FuzzUnmarshalState for one restore.
func checkRestore(t *testing.T, r optim.Stateful, data []byte, restore func([]byte) error, encode func() ([]byte, error)) {
	t.Helper()
	before, err := encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := restore(data); err != nil {
		if !errors.Is(err, optim.ErrCorrupt) && !errors.Is(err, optim.ErrMismatch) && !errors.Is(err, optim.ErrVersion) {
			t.Fatalf("%T: error %v wraps none of ErrCorrupt, ErrMismatch, ErrVersion", r, err)
		}
		if after, _ := encode(); !bytes.Equal(before, after) {
			t.Fatalf("%T: a failed restore (%v) changed the state", r, err)
		}
		return
	}
	after, err := encode()
	if err != nil {
		t.Fatalf("%T: encoding a restored state: %v", r, err)
	}
	if !bytes.Equal(after, data) {
		t.Fatalf("%T: restored from %d bytes, encodes back to %d other bytes", r, len(data), len(after))
	}
}

// optionSpec is one hyperparameter as the documentation states its range.
type optionSpec struct {
	torch string
	field string // the Config field
	ok    func(x float64) bool
	opt   func(x float64) optim.Option
}

var (
	nonNeg    = func(x float64) bool { return x >= 0 && x <= math.MaxFloat64 }
	pos       = func(x float64) bool { return x > 0 && x <= math.MaxFloat64 }
	unitClose = func(x float64) bool { return x >= 0 && x <= 1 }
	unitOpen  = func(x float64) bool { return x >= 0 && x < 1 }
)

// floatOptions lists, per optimizer, its float hyperparameters and their
// documented ranges (betas as two entries, set together).
var floatOptions = map[string][]optionSpec{
	"SGD": {{"momentum", "Momentum", unitClose, optim.Momentum}, {"dampening", "Dampening", unitClose, optim.Dampening},
		{"weight_decay", "WeightDecay", nonNeg, optim.WeightDecay}},
	"Adagrad": {{"lr_decay", "LRDecay", nonNeg, optim.LRDecay}, {"weight_decay", "WeightDecay", nonNeg, optim.WeightDecay},
		{"initial_accumulator_value", "InitialAccumulatorValue", nonNeg, optim.InitialAccumulatorValue}, {"eps", "Eps", pos, optim.Eps}},
	"RMSprop": {{"alpha", "Alpha", unitOpen, optim.Alpha}, {"eps", "Eps", pos, optim.Eps},
		{"weight_decay", "WeightDecay", nonNeg, optim.WeightDecay}, {"momentum", "Momentum", unitClose, optim.Momentum}},
	"Adam":     adamLike(),
	"AdamW":    adamLike(),
	"Adamax":   adamLike(),
	"NAdam":    append(adamLike(), optionSpec{"momentum_decay", "MomentumDecay", nonNeg, optim.MomentumDecay}),
	"RAdam":    adamLike(),
	"Adadelta": {{"rho", "Rho", unitClose, optim.Rho}, {"eps", "Eps", pos, optim.Eps}, {"weight_decay", "WeightDecay", nonNeg, optim.WeightDecay}},
}

func adamLike() []optionSpec {
	return []optionSpec{{"beta1", "Beta1", unitOpen, nil}, {"beta2", "Beta2", unitOpen, nil},
		{"eps", "Eps", pos, optim.Eps}, {"weight_decay", "WeightDecay", nonNeg, optim.WeightDecay}}
}

// float64Only lists the hyperparameters an optimizer uses in float64
// whatever its element type, which a float32 optimizer does not check in
// float32.
var float64Only = map[string]bool{"lr_decay": true, "momentum_decay": true}

// round32 rounds x to float32 and back.
func round32(x float64) float64 { return float64(float32(x)) }

// boolOptions lists, per optimizer, its boolean hyperparameters.
var boolOptions = map[string][]struct {
	field string
	opt   func(bool) optim.Option
}{
	"SGD":      {{"Nesterov", optim.Nesterov}, {"Maximize", optim.Maximize}},
	"Adagrad":  {{"Maximize", optim.Maximize}},
	"RMSprop":  {{"Centered", optim.Centered}, {"Maximize", optim.Maximize}},
	"Adam":     {{"AMSGrad", optim.AMSGrad}, {"Maximize", optim.Maximize}},
	"AdamW":    {{"AMSGrad", optim.AMSGrad}, {"Maximize", optim.Maximize}},
	"Adadelta": {{"Maximize", optim.Maximize}},
	"Adamax":   {{"Maximize", optim.Maximize}},
}

// FuzzOptions builds optimizers from random hyperparameter values and
// checks, against the ranges the documentation states (floatOptions, an
// independent table): the constructor fails exactly when a value is out of
// range or SGD's Nesterov rule is broken, with a message naming the value;
// otherwise the optimizer holds exactly the values given, SetLR accepts
// exactly [0, inf), and in the well-posed region (lr <= 1e-3, weight decay
// <= 1, eps >= 1e-8, see wellPosed) 20 steps on a quadratic stay finite.
func FuzzOptions(f *testing.F) {
	f.Fuzz(func(t *testing.T, kind uint8, lr, a, b, c, d, e, newLR float64, flags uint8) {
		name := steppers()[int(kind)%len(steppers())]
		specs := floatOptions[name]
		vals := []float64{a, b, c, d, e}
		opts := []optim.Option{optim.LR(lr)}
		bad := ""
		if !nonNeg(lr) {
			bad = "lr"
		}
		for i, s := range specs {
			if !s.ok(vals[i]) && bad == "" {
				bad = s.torch
			}
			if s.opt != nil {
				opts = append(opts, s.opt(vals[i]))
			} else if s.torch == "beta1" {
				opts = append(opts, optim.Betas(vals[i], vals[i+1]))
			}
		}
		bools := boolOptions[name]
		for i, bo := range bools {
			opts = append(opts, bo.opt(flags&(1<<i) != 0))
		}
		nesterovBad := name == "SGD" && flags&1 != 0 && !(a > 0 && b == 0)
		// A float32 optimizer also checks each value rounded to float32,
		// except those it uses in float64 only.
		bad32 := bad
		if bad32 == "" && !nonNeg(round32(lr)) {
			bad32 = "lr"
		}
		for i, s := range specs {
			if bad32 == "" && !float64Only[s.torch] && !s.ok(round32(vals[i])) {
				bad32 = s.torch
			}
		}
		for _, dtype := range []string{"float64", "float32"} {
			bad := bad
			if dtype == "float32" {
				bad = bad32
			}
			var opt any
			var err error
			if dtype == "float64" {
				opt, err = optim.New(name, []*tensor.Tensor[float64]{tensor.FromSlice("p", []float64{1, -2, 0.5})}, opts...)
			} else {
				opt, err = optim.New(name, []*tensor.Tensor[float32]{tensor.FromSlice("p", []float32{1, -2, 0.5})}, opts...)
			}
			switch {
			case bad != "":
				if err == nil || !strings.Contains(err.Error(), "optim: "+name+": "+bad+" = ") || !strings.Contains(err.Error(), " outside ") {
					t.Fatalf("%s %v: %s is out of range, error %v", name, opts, bad, err)
				}
				continue
			case nesterovBad:
				if err == nil || !strings.Contains(err.Error(), "Nesterov momentum needs momentum > 0 and dampening = 0") {
					t.Fatalf("%s %v: Nesterov without momentum, error %v", name, opts, err)
				}
				continue
			case err != nil:
				t.Fatalf("%s %v: every value in range, error %v", name, opts, err)
			}
			cfg := reflect.ValueOf(opt).MethodByName("Config").Call(nil)[0]
			if got := cfg.FieldByName("LR").Float(); math.Float64bits(got) != math.Float64bits(lr) {
				t.Fatalf("%s: Config().LR = %v, want %v", name, got, lr)
			}
			for i, s := range specs {
				if got := cfg.FieldByName(s.field).Float(); math.Float64bits(got) != math.Float64bits(vals[i]) {
					t.Fatalf("%s: Config().%s = %v, want %v", name, s.field, got, vals[i])
				}
			}
			for i, bo := range bools {
				if got := cfg.FieldByName(bo.field).Bool(); got != (flags&(1<<i) != 0) {
					t.Fatalf("%s: Config().%s = %v", name, bo.field, got)
				}
			}
			g := opt.(optim.LRGroups)
			err = g.SetLR(newLR)
			lrOK := nonNeg(newLR) && (dtype == "float64" || nonNeg(round32(newLR)))
			if (err == nil) != lrOK || err == nil && g.LR() != newLR || err != nil && g.LR() != lr {
				t.Fatalf("%s: SetLR(%v): error %v, lr now %v", name, newLR, err, g.LR())
			}
			if err == nil {
				_ = g.SetLR(lr)
			}
			if wellPosed(name, lr, specs, vals, flags) {
				if dtype == "float64" {
					checkFinite(t, name, opt.(optim.Optimizer[float64]))
				} else {
					checkFinite(t, name, opt.(optim.Optimizer[float32]))
				}
			}
		}
	})
}

// wellPosed reports whether 20 steps of a quadratic with gradients of order
// 1 must stay finite. Outside this region they need not, and that is no
// bug: with weight decay w, SGD multiplies the parameters by about 1 - lr*w
// per step and diverges once lr*w > 2; with a tiny eps a gradient near zero
// makes Adam's or RMSprop's step m/eps huge; a large lr overshoots.
// Centered RMSprop is left out when alpha < 0.5: its variance estimate
// sq - ga² vanishes (exactly, for alpha = 0, where sq = g² and ga = g), so
// each step is g/eps however large lr*g/eps is, and the iterates grow
// geometrically, in torch as here.
func wellPosed(name string, lr float64, specs []optionSpec, vals []float64, flags uint8) bool {
	if lr > 1e-3 {
		return false
	}
	for i, s := range specs {
		switch {
		case s.torch == "weight_decay" && vals[i] > 1, s.torch == "eps" && vals[i] < 1e-8:
			return false
		case name == "RMSprop" && s.torch == "alpha" && flags&1 != 0 && vals[i] < 0.5:
			return false
		}
	}
	return true
}

// checkFinite takes 20 steps on the quadratic sum (p - 3)² and checks that
// the parameters stay finite.
func checkFinite[T tensor.Float](t *testing.T, name string, opt optim.Optimizer[T]) {
	t.Helper()
	p := opt.Params()[0]
	for k := range 20 {
		for i, v := range p.Value {
			p.Grad[i] = 2 * (v - 3)
		}
		if err := opt.Step(); err != nil {
			t.Fatalf("%s: step %d: %v (params %v)", name, k, err, p.Value)
		}
	}
	for _, v := range p.Value {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			t.Fatalf("%s %+v: parameters %v after 20 steps", name, reflect.ValueOf(opt).MethodByName("Config").Call(nil)[0], p.Value)
		}
	}
}

// FuzzClip clips arbitrary gradients (any float64 bit patterns, NaN and
// Inf included) with arbitrary settings and checks ClipGradNorm against a
// math/big reference norm and its contract: an error exactly for a bad
// max_norm or, with ErrorIfNonfinite, a NaN or infinite norm (gradients
// untouched); after clipping a finite norm, the norm is at most max_norm,
// and gradients whose norm is well within max_norm are untouched.
func FuzzClip(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, split uint8, maxNorm float64, normSel uint8, errIfNonFinite bool) {
		var g []float64
		for i := 0; i+8 <= len(data) && len(g) < 64; i += 8 {
			g = append(g, math.Float64frombits(uint64(data[i])|uint64(data[i+1])<<8|uint64(data[i+2])<<16|uint64(data[i+3])<<24|
				uint64(data[i+4])<<32|uint64(data[i+5])<<40|uint64(data[i+6])<<48|uint64(data[i+7])<<56))
		}
		cut := 0
		if len(g) > 0 {
			cut = int(split) % (len(g) + 1)
		}
		ps := grads(g[:cut], g[cut:])
		before := append([]float64(nil), g...)
		p := []float64{2, 1, math.Inf(1)}[int(normSel)%3]
		total, err := optim.ClipGradNorm(ps, maxNorm, optim.NormType(p), optim.ErrorIfNonfinite(errIfNonFinite))
		after := append(append([]float64(nil), ps[0].Grad...), ps[1].Grad...)
		if !(maxNorm >= 0) {
			if err == nil {
				t.Fatalf("max_norm %v accepted", maxNorm)
			}
			return
		}
		want := bigNorm(g, p)
		if math.IsNaN(want) {
			if !math.IsNaN(total) {
				t.Fatalf("%v-norm of %v = %v, want NaN", p, g, total)
			}
		} else if math.IsInf(want, 1) {
			if !math.IsInf(total, 1) {
				t.Fatalf("%v-norm of %v = %v, want +Inf", p, g, total)
			}
		} else if math.Abs(total-want) > 1e-13*want {
			t.Fatalf("%v-norm of %v = %v, want %v", p, g, total, want)
		}
		finite := !math.IsNaN(total) && !math.IsInf(total, 0)
		if errIfNonFinite && !finite {
			if !errors.Is(err, optim.ErrNonFiniteNorm) || !sameBits(before, after) {
				t.Fatalf("non-finite norm %v: error %v, gradients changed %v", total, err, !sameBits(before, after))
			}
			return
		}
		if err != nil {
			t.Fatalf("error %v", err)
		}
		if !finite {
			return
		}
		if total+1e-6 <= maxNorm && !sameBits(before, after) {
			t.Fatalf("norm %v within max_norm %v, gradients changed", total, maxNorm)
		}
		if n := bigNorm(after, p); n > maxNorm*(1+1e-12) && n > 1e-300 {
			t.Fatalf("norm after clipping %v > max_norm %v (before %v)", n, maxNorm, total)
		}
	})
}

func sameBits(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// bigNorm returns the p-norm of g (p = 1, 2 or +Inf) computed exactly with
// math/big and rounded once, NaN if g holds NaN, +Inf if it holds ±Inf or
// the norm overflows.
func bigNorm(g []float64, p float64) float64 {
	sum := new(big.Float).SetPrec(4000)
	var m float64
	for _, x := range g {
		switch {
		case math.IsNaN(x):
			return math.NaN()
		case math.IsInf(x, 0):
			m = math.Inf(1)
			continue
		}
		a := new(big.Float).SetPrec(4000).SetFloat64(math.Abs(x))
		switch p {
		case 1:
			sum.Add(sum, a)
		case 2:
			sum.Add(sum, a.Mul(a, a))
		default:
			m = max(m, math.Abs(x))
		}
	}
	if math.IsInf(m, 1) || math.IsInf(p, 1) {
		return m
	}
	if p == 2 {
		sum.Sqrt(sum)
	}
	f, _ := sum.Float64()
	return f
}

// TestFuzzCorpus checks that the committed seed corpora in testdata/fuzz
// are the ones seedCorpora makes (run with -gen-fuzz-corpus to rewrite
// them): valid states of every optimizer and dtype, whole and as content
// only; typical and boundary hyperparameters; typical and extreme
// gradients.
func TestFuzzCorpus(t *testing.T) {
	for target, entries := range seedCorpora(t) {
		dir := filepath.Join("testdata", "fuzz", target)
		if *genCorpus {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for name, args := range entries {
			path := filepath.Join(dir, name)
			want := corpusFile(args...)
			if *genCorpus {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s is missing or stale (%v): run go test -run TestFuzzCorpus -gen-fuzz-corpus", path, err)
			}
		}
	}
}

// seedCorpora returns, per fuzz target, its seed inputs by file name.
func seedCorpora(t *testing.T) map[string]map[string][]any {
	state := map[string][]any{}
	for c, rc := range resumeCases {
		for _, dtype := range []string{"float64", "float32"} {
			var data []byte
			if dtype == "float64" {
				o := newResumeOpt[float64](t, c)
				takeSteps(t, o, 3)
				data = marshal(t, o)
			} else {
				o := newResumeOpt[float32](t, c)
				data = marshal(t, o) // before the first step: no state
			}
			body, err := ckpt.Open(data, ckpt.KindOptimizer)
			if err != nil {
				t.Fatal(err)
			}
			base := strings.ToLower(rc.name) + "-" + dtype
			state[base] = []any{data}
			state[base+"-content"] = []any{body}
		}
	}
	for i, r := range fuzzReceivers(t)[2*len(resumeCases):] { // the LBFGS ones
		data := marshal(t, r)
		body, err := ckpt.Open(data, ckpt.KindOptimizer)
		if err != nil {
			t.Fatal(err)
		}
		state[fmt.Sprintf("lbfgs-%d", i)] = []any{data}
		state[fmt.Sprintf("lbfgs-%d-content", i)] = []any{body}
	}
	var file bytes.Buffer
	o := newResumeOpt[float64](t, 0)
	if err := optim.Save(&file, o); err != nil {
		t.Fatal(err)
	}
	state["file-sgd-float64"] = []any{file.Bytes()}
	state["empty"] = []any{[]byte{}}

	options := map[string][]any{}
	for i, name := range steppers() {
		options[strings.ToLower(name)+"-defaults"] = []any{uint8(i), 1e-3, 0.9, 0.999, 1e-8, 0.0, 4e-3, 0.01, uint8(0)}
		options[strings.ToLower(name)+"-edges"] = []any{uint8(i), 0.0, 0.0, 0.5, 1.0, math.SmallestNonzeroFloat64, 0.0, math.Inf(1), uint8(3)}
		options[strings.ToLower(name)+"-bad"] = []any{uint8(i), -1.0, math.NaN(), 2.0, -0.5, 1e300, -1.0, -1.0, uint8(255)}
	}
	clip := map[string][]any{
		"hand":     {le64(3, -4, 12), uint8(2), 6.5, uint8(0), false},
		"inf-norm": {le64(-7, 2, 3), uint8(1), 3.5, uint8(2), true},
		"huge":     {le64(3e300, 4e300, 1e-300), uint8(1), 1.0, uint8(0), false},
		"nan":      {le64(1, math.NaN()), uint8(1), 1.0, uint8(1), true},
		"inf":      {le64(math.Inf(-1), 1), uint8(0), 1.0, uint8(0), false},
		"empty":    {[]byte{}, uint8(0), 1.0, uint8(0), false},
	}
	return map[string]map[string][]any{"FuzzUnmarshalState": state, "FuzzOptions": options, "FuzzClip": clip}
}

// le64 returns the little-endian bytes of xs.
func le64(xs ...float64) []byte {
	var b []byte
	for _, x := range xs {
		u := math.Float64bits(x)
		for i := range 8 {
			b = append(b, byte(u>>(8*i)))
		}
	}
	return b
}

// corpusFile encodes fuzz arguments in the format of go test's corpus files.
func corpusFile(args ...any) []byte {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case uint8:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case bool:
			fmt.Fprintf(&b, "bool(%v)\n", v)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				fmt.Fprintf(&b, "math.Float64frombits(0x%x)\n", math.Float64bits(v))
			} else {
				fmt.Fprintf(&b, "float64(%v)\n", v)
			}
		default:
			panic(fmt.Sprintf("corpusFile: %T", a))
		}
	}
	return b.Bytes()
}
