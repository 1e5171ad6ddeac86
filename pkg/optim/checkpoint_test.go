package optim_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/tensor"
)

// resumeCases gives every optimizer options that create all of its state,
// and a second parameter group that overrides some of them.
var resumeCases = []struct {
	name  string
	opts  []optim.Option
	group []optim.Option // options of the ParamGroup holding the bias
}{
	{"SGD", []optim.Option{optim.LR(0.05), optim.Momentum(0.9), optim.Nesterov(true), optim.WeightDecay(1e-3)},
		[]optim.Option{optim.LR(0.1), optim.WeightDecay(0)}},
	{"Adagrad", []optim.Option{optim.LR(0.2), optim.LRDecay(0.01), optim.InitialAccumulatorValue(0.1), optim.WeightDecay(0.01)},
		[]optim.Option{optim.LR(0.3), optim.Maximize(false)}},
	{"RMSprop", []optim.Option{optim.Centered(true), optim.Momentum(0.5), optim.WeightDecay(0.01)},
		[]optim.Option{optim.Centered(false), optim.Momentum(0)}},
	{"Adam", []optim.Option{optim.LR(0.05), optim.AMSGrad(true), optim.WeightDecay(0.01)},
		[]optim.Option{optim.AMSGrad(false), optim.Betas(0.8, 0.99)}},
	{"AdamW", []optim.Option{optim.LR(0.05), optim.AMSGrad(true)},
		[]optim.Option{optim.WeightDecay(0)}},
	{"Adadelta", []optim.Option{optim.Rho(0.8), optim.WeightDecay(0.01)},
		[]optim.Option{optim.LR(0.5)}},
	{"Adamax", []optim.Option{optim.LR(0.05), optim.Betas(0.8, 0.99)},
		[]optim.Option{optim.Eps(1e-4)}},
	{"NAdam", []optim.Option{optim.LR(0.05), optim.MomentumDecay(0.01)},
		[]optim.Option{optim.Betas(0.8, 0.99)}},
	{"RAdam", []optim.Option{optim.LR(0.05), optim.WeightDecay(0.01)},
		[]optim.Option{optim.Betas(0.5, 0.9)}},
	{"Rprop", []optim.Option{optim.LR(0.05), optim.Etas(0.4, 1.3), optim.StepSizes(1e-4, 0.5)},
		[]optim.Option{optim.Maximize(false), optim.LR(0.02)}},
	{"ASGD", []optim.Option{optim.LR(0.05), optim.T0(3), optim.Lambd(0.01), optim.WeightDecay(0.01)}, // averaging from step 5
		[]optim.Option{optim.Alpha(0.5), optim.T0(10)}},
	{"Lion", []optim.Option{optim.LR(0.01), optim.WeightDecay(0.1)},
		[]optim.Option{optim.Betas(0.8, 0.95), optim.WeightDecay(0)}},
	{"AdamWScheduleFree", []optim.Option{optim.LR(0.05), optim.WarmupSteps(4), optim.WeightDecay(0.01)},
		[]optim.Option{optim.Betas(0.8, 0.99), optim.AveragePower(1)}},
}

// resumeParams returns the weight [3, 2] and bias [2] of the resume tests.
func resumeParams[T tensor.Float]() (w, b *tensor.Tensor[T]) {
	w, _ = tensor.New("w", []int{3, 2}, []T{0.5, -1, 2, 0.25, -0.75, 1.5})
	b, _ = tensor.New("b", []int{2}, []T{-0.5, 0.125})
	return w, b
}

// newResumeOpt builds case c's optimizer on fresh parameters.
func newResumeOpt[T tensor.Float](t testing.TB, c int) optim.Optimizer[T] {
	w, b := resumeParams[T]()
	rc := resumeCases[c]
	opt, err := optim.New(rc.name, []*tensor.Tensor[T]{w}, append(rc.opts, optim.ParamGroup([]*tensor.Tensor[T]{b}, rc.group...))...)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// takeSteps takes n steps on a nonlinear problem whose gradient depends on
// the parameters and the step count: g = (p - target)^3 + a wobble that
// changes with k + i, with a target and phase that depend on the tensor's
// name. The wobble is a rational, not a sine: math.Sin is compiled with
// fused multiply-adds under GOAMD64=v3, and the corpora built from these
// steps must be the same bytes in every build.
func takeSteps[T tensor.Float](t testing.TB, opt optim.Optimizer[T], n int) {
	for range n {
		setGrads(opt.Params(), opt.StepCount())
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
	}
}

func setGrads[T tensor.Float](params []*tensor.Tensor[T], k int) {
	for _, p := range params {
		j := len(p.Name)
		for i, v := range p.Value {
			d := v - T(0.25*float64(i+j))
			p.Grad[i] = T(T(d*d)*d) + T(float64((k+i+3*j)%11-5)/50)
		}
	}
}

func marshal(t testing.TB, s optim.Stateful) []byte {
	t.Helper()
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestResume checks, for every optimizer in both dtypes, that k steps, a
// checkpoint file, a restore into a freshly built optimizer (whose own
// parameters hold other values) and n-k more steps give the parameters and
// state of n uninterrupted steps, bit for bit.
func TestResume(t *testing.T) {
	for c, rc := range resumeCases {
		t.Run(rc.name, func(t *testing.T) {
			t.Run("float32", func(t *testing.T) { testResume[float32](t, c) })
			t.Run("float64", func(t *testing.T) { testResume[float64](t, c) })
		})
	}
}

func testResume[T tensor.Float](t *testing.T, c int) {
	const n = 30
	for _, k := range []int{0, 1, 4, 13} {
		straight := newResumeOpt[T](t, c)
		takeSteps(t, straight, n)

		first := newResumeOpt[T](t, c)
		takeSteps(t, first, k)
		path := filepath.Join(t.TempDir(), "ckpt.bin")
		if err := optim.SaveFile(path, first); err != nil {
			t.Fatal(err)
		}
		resumed := newResumeOpt[T](t, c)
		for _, p := range resumed.Params() {
			for i := range p.Value {
				p.Value[i] = 42
			}
		}
		if err := optim.LoadFile(path, resumed); err != nil {
			t.Fatal(err)
		}
		if resumed.StepCount() != k {
			t.Fatalf("k=%d: restored step count %d", k, resumed.StepCount())
		}
		takeSteps(t, resumed, n-k)
		for i, p := range straight.Params() {
			q := resumed.Params()[i]
			for j := range p.Value {
				if math.Float64bits(float64(p.Value[j])) != math.Float64bits(float64(q.Value[j])) {
					t.Fatalf("k=%d: %s[%d] = %v after resuming, %v straight", k, p.Name, j, q.Value[j], p.Value[j])
				}
			}
		}
		if !bytes.Equal(marshal(t, straight), marshal(t, resumed)) {
			t.Fatalf("k=%d: the state after resuming differs from the state after %d straight steps", k, n)
		}
	}
}

// TestRestoreHyperparameters checks that the hyperparameters come from the
// checkpoint, as in torch's load_state_dict, including a learning rate a
// scheduler changed.
func TestRestoreHyperparameters(t *testing.T) {
	w := tensor.Zeros[float64]("w", 2)
	src, _ := optim.NewAdam([]*tensor.Tensor[float64]{w}, optim.Betas(0.8, 0.9), optim.Eps(1e-6), optim.AMSGrad(true))
	if err := src.SetLR(0.0125); err != nil {
		t.Fatal(err)
	}
	dst, _ := optim.NewAdam([]*tensor.Tensor[float64]{tensor.Zeros[float64]("w", 2)})
	if err := dst.UnmarshalBinary(marshal(t, src)); err != nil {
		t.Fatal(err)
	}
	if got, want := dst.Config(), src.Config(); got != want {
		t.Errorf("restored config %+v, want %+v", got, want)
	}
}

// TestRestoreMismatch checks that a checkpoint of another optimizer kind,
// dtype, groups or parameters is refused with ErrMismatch and a message
// saying what differs, and that the optimizer is left as it was.
func TestRestoreMismatch(t *testing.T) {
	adam := newResumeOpt[float64](t, 3)
	takeSteps(t, adam, 3)
	saved := marshal(t, adam)
	file := new(bytes.Buffer)
	if err := optim.Save(file, adam); err != nil {
		t.Fatal(err)
	}
	w, b := resumeParams[float64]()
	w32, b32 := resumeParams[float32]()
	wT := tensor.Zeros[float64]("w", 2, 3)
	bias := tensor.Zeros[float64]("bias", 2)
	cases := []struct {
		name string
		opt  optim.Stateful
		want string
	}{
		{"kind", must(optim.NewSGD([]*tensor.Tensor[float64]{w}, optim.LR(0.1), optim.ParamGroup([]*tensor.Tensor[float64]{b}))),
			`it holds the state of optimizer "Adam", not SGD`},
		{"dtype", must(optim.NewAdam([]*tensor.Tensor[float32]{w32}, optim.ParamGroup([]*tensor.Tensor[float32]{b32}))),
			`it holds "float64" values, the optimizer float32`},
		{"groups", must(optim.NewAdam([]*tensor.Tensor[float64]{w, b})), "it has 2 parameter groups, the optimizer 1"},
		{"split", must(optim.NewAdam[float64](nil, optim.ParamGroup([]*tensor.Tensor[float64]{w, b}), optim.ParamGroup([]*tensor.Tensor[float64]{tensor.Zeros[float64]("c", 1)}))),
			"its parameter group 0 has 1 parameters, the optimizer's 2"},
		{"shape", must(optim.NewAdam([]*tensor.Tensor[float64]{wT}, optim.ParamGroup([]*tensor.Tensor[float64]{b}))),
			`its parameter 0 is "w" with shape [3 2], the optimizer's is "w" with shape [2 3]`},
		{"name", must(optim.NewAdam([]*tensor.Tensor[float64]{w}, optim.ParamGroup([]*tensor.Tensor[float64]{bias}))),
			`its parameter 1 is "b" with shape [2], the optimizer's is "bias" with shape [2]`},
	}
	for _, c := range cases {
		before := marshal(t, c.opt)
		for _, data := range [][]byte{saved} {
			err := c.opt.UnmarshalBinary(data)
			if !errors.Is(err, optim.ErrMismatch) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: error %v, want ErrMismatch with %q", c.name, err, c.want)
			}
		}
		if err := optim.Load(bytes.NewReader(file.Bytes()), c.opt); !errors.Is(err, optim.ErrMismatch) {
			t.Errorf("%s: Load: error %v, want ErrMismatch", c.name, err)
		}
		if !bytes.Equal(before, marshal(t, c.opt)) {
			t.Errorf("%s: a refused restore changed the optimizer", c.name)
		}
	}
	// A checkpoint file is not an optimizer state, and vice versa.
	if err := adam.UnmarshalBinary(file.Bytes()); !errors.Is(err, optim.ErrMismatch) || !strings.Contains(err.Error(), "holds a checkpoint file, not an optimizer state") {
		t.Errorf("file into UnmarshalBinary: error %v", err)
	}
	if err := optim.Load(bytes.NewReader(saved), adam); !errors.Is(err, optim.ErrMismatch) {
		t.Errorf("optimizer state into Load: error %v", err)
	}
	if err := optim.Load(bytes.NewReader(file.Bytes()), adam, adam); !errors.Is(err, optim.ErrMismatch) || !strings.Contains(err.Error(), "it holds 1 states, 2 were given") {
		t.Errorf("Load with two parts: error %v", err)
	}
}

func must[O any](o O, err error) O {
	if err != nil {
		panic(err)
	}
	return o
}

// TestRestoreCorrupt checks that every truncation of a checkpoint, every
// corrupted byte and trailing garbage give ErrCorrupt and change nothing.
func TestRestoreCorrupt(t *testing.T) {
	for _, name := range []string{"Adam", "NAdam", "SGD"} {
		var c int
		for i, rc := range resumeCases {
			if rc.name == name {
				c = i
			}
		}
		src := newResumeOpt[float32](t, c)
		takeSteps(t, src, 7)
		good := marshal(t, src)
		dst := newResumeOpt[float32](t, c)
		takeSteps(t, dst, 2)
		before := marshal(t, dst)
		try := func(what string, data []byte) {
			t.Helper()
			if err := dst.UnmarshalBinary(data); !errors.Is(err, optim.ErrCorrupt) {
				t.Fatalf("%s %s: error %v, want ErrCorrupt", name, what, err)
			}
		}
		for n := range good {
			try("truncated", good[:n])
		}
		for i := range good {
			for _, mask := range []byte{0x01, 0x10, 0x80, 0xff} {
				bad := bytes.Clone(good)
				bad[i] ^= mask
				try("flipped", bad)
			}
		}
		try("extended", append(bytes.Clone(good), 0))
		if !bytes.Equal(before, marshal(t, dst)) {
			t.Errorf("%s: a refused restore changed the optimizer", name)
		}
		if err := dst.UnmarshalBinary(good); err != nil {
			t.Fatalf("%s: the intact checkpoint: %v", name, err)
		}
	}
	var file bytes.Buffer
	opt := newResumeOpt[float64](t, 0)
	if err := optim.Save(&file, opt); err != nil {
		t.Fatal(err)
	}
	for n := range file.Len() {
		if err := optim.Load(bytes.NewReader(file.Bytes()[:n]), opt); !errors.Is(err, optim.ErrCorrupt) {
			t.Fatalf("file truncated to %d bytes: error %v", n, err)
		}
	}
}

// reseal recomputes a record's checksum after a test edited it.
func reseal(b []byte) []byte {
	end := len(b) - 4
	binary.LittleEndian.PutUint32(b[end:], crc32.Checksum(b[:end], crc32.MakeTable(crc32.Castagnoli)))
	return b
}

// TestRestoreInvalidContent checks well-framed checkpoints (valid checksum)
// whose content is impossible: another format version, hyperparameters out
// of range, state missing where the hyperparameters require it.
func TestRestoreInvalidContent(t *testing.T) {
	src := newResumeOpt[float64](t, 3) // Adam, amsgrad in group 0 only
	takeSteps(t, src, 2)
	good := marshal(t, src)

	v2 := bytes.Clone(good)
	v2[8] = 2
	if err := src.UnmarshalBinary(reseal(v2)); !errors.Is(err, optim.ErrVersion) || !strings.Contains(err.Error(), "format version 2, this package reads version 1") {
		t.Errorf("version 2: error %v", err)
	}

	body, err := ckpt.Open(good, ckpt.KindOptimizer)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new []byte) []byte {
		i := bytes.Index(body, old)
		if i < 0 {
			t.Fatalf("%q not found in the body", old)
		}
		b := bytes.Clone(body)
		copy(b[i:], new)
		return ckpt.Seal(ckpt.KindOptimizer, b)
	}
	f64 := func(x float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(x)) }
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"lr", edit(append([]byte("lr"), f64(0.05)...), append([]byte("lr"), f64(-0.05)...)), "invalid hyperparameters: optim: Adam: parameter group 0: lr = -0.05 is outside [0, inf)"},
		{"amsgrad", edit(append([]byte("amsgrad"), f64(1)...), append([]byte("amsgrad"), f64(0)...)), "state max_exp_avg_sq exists for 1 of the 1 parameters of group 0, want none with these hyperparameters"},
		{"bool", edit(append([]byte("amsgrad"), f64(1)...), append([]byte("amsgrad"), f64(0.5)...)), "boolean hyperparameter amsgrad is 0.5, want 0 or 1"},
		{"name", edit([]byte("exp_avg_sq"), []byte("exp_avg_sQ")), `state name is "exp_avg_sQ", want "exp_avg_sq"`},
		{"steps", edit(append([]byte("float64"), 2, 0, 0, 0), append([]byte("float64"), 0, 0, 0, 0)), "state exp_avg exists for 1 of the 1 parameters of group 0, want none before the first step"},
	} {
		before := marshal(t, src)
		err := src.UnmarshalBinary(c.data)
		if !errors.Is(err, optim.ErrCorrupt) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrCorrupt with %q", c.name, err, c.want)
		}
		if !bytes.Equal(before, marshal(t, src)) {
			t.Errorf("%s: a refused restore changed the optimizer", c.name)
		}
	}
}

// TestLoadAllOrNothing checks that when a later part of a checkpoint cannot
// be restored, the parts restored before it are put back.
func TestLoadAllOrNothing(t *testing.T) {
	a, b := newResumeOpt[float64](t, 3), newResumeOpt[float64](t, 0)
	takeSteps(t, a, 5)
	takeSteps(t, b, 5)
	var file bytes.Buffer
	if err := optim.Save(&file, a, b); err != nil {
		t.Fatal(err)
	}
	a2, other := newResumeOpt[float64](t, 3), newResumeOpt[float64](t, 1)
	takeSteps(t, a2, 1)
	before := marshal(t, a2)
	err := optim.Load(bytes.NewReader(file.Bytes()), a2, other)
	if !errors.Is(err, optim.ErrMismatch) || !strings.Contains(err.Error(), "part 1") {
		t.Fatalf("error %v, want ErrMismatch in part 1", err)
	}
	if !bytes.Equal(before, marshal(t, a2)) || a2.Params()[0].Value[0] != a2.Params()[0].Value[0] {
		t.Error("part 0 was not put back after part 1 failed")
	}
	a3, b3 := newResumeOpt[float64](t, 3), newResumeOpt[float64](t, 0)
	if err := optim.Load(bytes.NewReader(file.Bytes()), a3, b3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(marshal(t, a3), marshal(t, a)) || !bytes.Equal(marshal(t, b3), marshal(t, b)) {
		t.Error("Load did not restore both parts")
	}
}

// TestSaveFileReplaces checks that SaveFile replaces an existing checkpoint
// and leaves no temporary file behind.
func TestSaveFileReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.ckpt")
	opt := newResumeOpt[float32](t, 4)
	for range 3 {
		takeSteps(t, opt, 2)
		if err := optim.SaveFile(path, opt); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after three saves, want 1", len(entries))
	}
	back := newResumeOpt[float32](t, 4)
	if err := optim.LoadFile(path, back); err != nil {
		t.Fatal(err)
	}
	if back.StepCount() != 6 {
		t.Errorf("restored step count %d, want 6", back.StepCount())
	}
	if err := optim.LoadFile(filepath.Join(dir, "missing"), back); err == nil {
		t.Error("LoadFile of a missing file succeeded")
	}
}

// TestOldCheckpointsLoad restores the checkpoints written by the code
// before the optimizers were declared (testdata/checkpoints-v1, format
// version 1) into optimizers built today: each loads, encodes back to the
// same bytes, and steps on from where it was.
func TestOldCheckpointsLoad(t *testing.T) {
	for c, rc := range resumeCases[:9] {
		for _, dtype := range []string{"float32", "float64"} {
			path := filepath.Join("testdata", "checkpoints-v1", strings.ToLower(rc.name)+"-"+dtype+".txt")
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, lit, _ := strings.Cut(strings.TrimSpace(string(raw)), "\n")
			s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lit, "[]byte("), ")"))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			old := []byte(s)
			var o optim.Stateful
			var step func()
			if dtype == "float32" {
				o32 := newResumeOpt[float32](t, c)
				o, step = o32, func() { takeSteps(t, o32, 2) }
			} else {
				o64 := newResumeOpt[float64](t, c)
				o, step = o64, func() { takeSteps(t, o64, 2) }
			}
			if err := o.UnmarshalBinary(old); err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if !bytes.Equal(marshal(t, o), old) {
				t.Errorf("%s: restored, it encodes to other bytes", path)
			}
			step()
		}
	}
}
