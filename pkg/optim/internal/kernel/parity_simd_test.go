package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// The tests in this file hold every fast path (assembly kernels, the split
// over cores, both together) to the reference loops bit for bit, on inputs
// that include zeros of both signs, subnormals, huge and tiny magnitudes,
// infinities and NaNs. A NaN must come out as a NaN; its payload is not
// compared, because Go itself does not fix which operand's payload an
// operation on two NaNs returns.

// sizes are the lengths every case runs at: all short lengths, so that each
// scalar tail and the 8- and 4-wide bodies meet, and a length that is split
// over cores with a tail in the last piece.
var sizes = append(slices.Collect(func(yield func(int) bool) {
	for n := range 68 {
		yield(n)
	}
}), minParallel+13)

// value returns a random T of the kind a stress test wants: mostly normal
// numbers of widely spread magnitude, and sometimes ±0, a subnormal, a huge
// number, ±Inf or NaN. With nonneg the sign is dropped, as for second
// moments.
func value[T Float](r *rand.Rand, nonneg bool) T {
	tiny, huge := math.SmallestNonzeroFloat64, math.MaxFloat64
	if is32[T]() {
		tiny, huge = math.SmallestNonzeroFloat32, math.MaxFloat32
	}
	var x float64
	switch k := r.IntN(40); {
	case k < 2:
		x = 0
	case k < 4:
		x = tiny * float64(1+r.IntN(1<<20)) // subnormal
	case k < 5:
		x = huge * r.Float64()
	case k < 6:
		x = math.Inf(1)
	case k < 7:
		x = math.NaN()
	default:
		x = math.Ldexp(r.NormFloat64(), r.IntN(80)-40)
	}
	if !nonneg && r.IntN(2) == 0 {
		x = -x
	}
	return T(x)
}

func values[T Float](r *rand.Rand, n int, nonneg bool) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = value[T](r, nonneg)
	}
	return s
}

// inputs holds random operands of one length: signed ones (parameters,
// gradients, first moments, buffers) and non-negative ones (second
// moments, sums of squares). The option combinations of a test share them.
type inputs[T Float] struct {
	s [4][]T // signed
	u [2][]T // non-negative
}

func newInputs[T Float](r *rand.Rand, n int) inputs[T] {
	var o inputs[T]
	for i := range o.s {
		o.s[i] = values[T](r, n, false)
	}
	for i := range o.u {
		o.u[i] = values[T](r, n, true)
	}
	return o
}

// sameBits reports whether a and b are the same float, or both NaN.
func sameBits[T Float](a, b T) bool {
	if a != a {
		return b != b
	}
	if is32[T]() {
		return math.Float32bits(float32(a)) == math.Float32bits(float32(b))
	}
	return math.Float64bits(float64(a)) == math.Float64bits(float64(b))
}

// parity copies the operands twice, applies fast to one copy and ref to the
// other, and requires every operand (inputs included) to match bit for bit.
// A nil operand stays nil.
func parity[T Float](t *testing.T, name string, ops [][]T, fast, ref func(ops [][]T)) {
	t.Helper()
	a, b := make([][]T, len(ops)), make([][]T, len(ops))
	for i, s := range ops {
		if s != nil {
			a[i], b[i] = slices.Clone(s), slices.Clone(s)
		}
	}
	fast(a)
	ref(b)
	for i := range ops {
		for j := range a[i] {
			if !sameBits(a[i][j], b[i][j]) {
				t.Fatalf("%s, n=%d: operand %d, element %d: fast path %v, reference %v (inputs: %v)",
					name, len(ops[0]), i, j, a[i][j], b[i][j], column(ops, j))
			}
		}
	}
}

// column returns element j of every non-nil operand.
func column[T Float](ops [][]T, j int) []T {
	var c []T
	for _, s := range ops {
		if s != nil {
			c = append(c, s[j])
		}
	}
	return c
}

// paths runs check once per fast path to compare with the reference: the
// simd/archsimd kernels (Adam's, in a GOEXPERIMENT=simd build; the other
// optimizers take their assembly there), the assembly kernels (where the
// build has them), and the portable loops split over cores. check must use
// the exported dispatch point.
func paths(t *testing.T, check func(t *testing.T)) {
	defer func(asm, simd bool) { useAsm, useSIMD = asm, simd }(useAsm, useSIMD)
	hasAsm, hasSIMD := useAsm, useSIMD
	t.Run("simd", func(t *testing.T) {
		if !hasSIMD {
			t.Skip("no simd/archsimd kernels in this build (GOEXPERIMENT=simd) or on this CPU")
		}
		useAsm, useSIMD = hasAsm, true
		check(t)
	})
	t.Run("asm", func(t *testing.T) {
		if !hasAsm {
			t.Skip("no assembly kernels in this build or on this CPU")
		}
		useAsm, useSIMD = true, false
		check(t)
	})
	t.Run("portable", func(t *testing.T) {
		useAsm, useSIMD = false, false
		check(t)
	})
}

// pick returns s when on is true, else nil: optional state.
func pick[T Float](on bool, s []T) []T {
	if on {
		return s
	}
	return nil
}

// named32 is a named float type: the fast paths reinterpret it as float32.
type named32 float32

// TestParity runs every case of parityCases on every fast path, for
// float32, float64 and a named float type.
func TestParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		parityAll[float32](t)
		parityAll[float64](t)
		parityAll[named32](t)
	})
}

// A parityCase checks one optimizer: at every length of sizes and with
// every combination of its options, on random operands, its dispatch point
// against its reference loop.
type parityCase[T Float] struct {
	name string
	seed uint64
	// options are the on/off options beyond maximize and wd (weight decay
	// 0.01 instead of 0), which every case has.
	options []string
	// trial returns the update to run with one setting of the options.
	trial func(s setting[T]) trial[T]
}

// A setting is what a case's trial is made from.
type setting[T Float] struct {
	grad    Grad[T] // from maximize and wd
	options map[string]bool
	x       inputs[T]
	r       *rand.Rand // for coefficients that vary between trials
}

// on reports whether option name is on; it panics for an option the case
// does not declare, so that a misspelt name cannot turn into a silently
// constant false.
func (s setting[T]) on(name string) bool {
	v, ok := s.options[name]
	if !ok {
		panic("parity case reads undeclared option " + name)
	}
	return v
}

// A trial is one update, to run on copies of ops through the dispatch point
// (fast) and through the reference loop (ref).
type trial[T Float] struct {
	ops       [][]T
	fast, ref func(o [][]T)
}

func parityAll[T Float](t *testing.T) {
	for _, pc := range parityCases[T]() {
		t.Run(fmt.Sprintf("%s/%T", pc.name, T(0)), func(t *testing.T) {
			r := rand.New(rand.NewPCG(pc.seed, pc.seed))
			names := append([]string{"maximize", "wd"}, pc.options...)
			for _, n := range sizes {
				x := newInputs[T](r, n)
				// The first option varies slowest, as in nested loops.
				for bits := range 1 << len(names) {
					options := make(map[string]bool, len(names))
					for i, name := range names {
						options[name] = bits>>(len(names)-1-i)&1 == 1
					}
					g := Grad[T]{Maximize: options["maximize"]}
					if options["wd"] {
						g.WeightDecay = T(0.01)
					}
					tr := pc.trial(setting[T]{g, options, x, r})
					parity(t, fmt.Sprintf("%s[%T] %v", pc.name, T(0), options), tr.ops, tr.fast, tr.ref)
				}
			}
		})
	}
}

// parityCases returns the parity checks of all optimizers. Each trial takes
// its operands from the shared random ones: signed values for parameters,
// gradients, first moments and buffers, non-negative ones for second
// moments and sums of squares.
func parityCases[T Float]() []parityCase[T] {
	return []parityCase[T]{
		{name: "Adam", seed: 1, options: []string{"amsgrad", "decoupled"}, trial: func(s setting[T]) trial[T] {
			step := 1 + s.r.IntN(20)
			bc1, bc2 := 1-math.Pow(0.9, float64(step)), 1-math.Pow(0.999, float64(step))
			decay := 1.0
			if s.on("decoupled") {
				decay = 1 - 1e-3*0.01
			}
			c := AdamCoeffs[T]{Grad: s.grad, Decay: T(decay), Beta1: T(0.9), Beta2: T(0.999),
				OneMinusBeta1: T(0.1), OneMinusBeta2: T(1 - 0.999),
				NegStepSize: T(-1e-3 / bc1), SqrtBC2: T(math.Sqrt(bc2)), Eps: T(1e-8)}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], s.x.s[2], s.x.u[0], pick(s.on("amsgrad"), s.x.s[3])},
				func(o [][]T) { Adam(o[0], o[1], o[2], o[3], o[4], &c) },
				func(o [][]T) { adamRef(o[0], o[1], o[2], o[3], o[4], &c) }}
		}},
		{name: "SGD", seed: 2, options: []string{"momentum", "first", "nesterov"}, trial: func(s setting[T]) trial[T] {
			c := SGDCoeffs[T]{Grad: s.grad, NegLR: T(-0.1), Momentum: T(0.9), OneMinusDamp: T(1 - 0.25),
				Nesterov: s.on("nesterov"), First: s.on("first")}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], pick(s.on("momentum"), s.x.s[2])},
				func(o [][]T) { SGD(o[0], o[1], o[2], &c) },
				func(o [][]T) { sgdRef(o[0], o[1], o[2], &c) }}
		}},
		{name: "RMSprop", seed: 3, options: []string{"centered", "momentum"}, trial: func(s setting[T]) trial[T] {
			c := RMSpropCoeffs[T]{Grad: s.grad, NegLR: T(-0.01), Alpha: T(0.99), OneMinusAlpha: T(1 - 0.99),
				Eps: T(1e-8), Momentum: T(0.9)}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], s.x.u[0], pick(s.on("centered"), s.x.s[2]), pick(s.on("momentum"), s.x.s[3])},
				func(o [][]T) { RMSprop(o[0], o[1], o[2], o[3], o[4], &c) },
				func(o [][]T) { rmspropRef(o[0], o[1], o[2], o[3], o[4], &c) }}
		}},
		{name: "Adagrad", seed: 4, trial: func(s setting[T]) trial[T] {
			c := AdagradCoeffs[T]{Grad: s.grad, NegCLR: T(-0.01 / (1 + 3*0.01)), Eps: T(1e-10)}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], s.x.u[0]},
				func(o [][]T) { Adagrad(o[0], o[1], o[2], &c) },
				func(o [][]T) { adagradRef(o[0], o[1], o[2], &c) }}
		}},
		{name: "Adadelta", seed: 5, trial: func(s setting[T]) trial[T] {
			c := AdadeltaCoeffs[T]{Grad: s.grad, NegLR: T(-1), Rho: T(0.9), OneMinusRho: T(0.1), Eps: T(1e-6)}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], s.x.u[0], s.x.u[1]},
				func(o [][]T) { Adadelta(o[0], o[1], o[2], o[3], &c) },
				func(o [][]T) { adadeltaRef(o[0], o[1], o[2], o[3], &c) }}
		}},
		// With eps = 0 and u signed, -0 meets +0 in the maximum.
		{name: "Adamax", seed: 6, options: []string{"eps0"}, trial: func(s setting[T]) trial[T] {
			eps := 1e-8
			if s.on("eps0") {
				eps = 0
			}
			c := AdamaxCoeffs[T]{Grad: s.grad, Beta1: T(0.9), Beta2: T(0.999), OneMinusBeta1: T(0.1),
				NegCLR: T(-0.002 / (1 - 0.9*0.9)), Eps: T(eps)}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], s.x.s[2], s.x.s[3]},
				func(o [][]T) { Adamax(o[0], o[1], o[2], o[3], &c) },
				func(o [][]T) { adamaxRef(o[0], o[1], o[2], o[3], &c) }}
		}},
		{name: "NAdam", seed: 7, trial: func(s setting[T]) trial[T] {
			c := NAdamCoeffs[T]{Grad: s.grad, Beta1: T(0.9), Beta2: T(0.999), OneMinusBeta1: T(0.1),
				OneMinusBeta2: T(1 - 0.999), BC2: T(1 - 0.999*0.999), GradCoeff: T(-0.0011),
				MomentCoeff: T(-0.0095), Eps: T(1e-8)}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], s.x.s[2], s.x.u[0]},
				func(o [][]T) { NAdam(o[0], o[1], o[2], o[3], &c) },
				func(o [][]T) { nadamRef(o[0], o[1], o[2], o[3], &c) }}
		}},
		{name: "RAdam", seed: 8, options: []string{"rectified"}, trial: func(s setting[T]) trial[T] {
			c := RAdamCoeffs[T]{Grad: s.grad, Beta1: T(0.9), Beta2: T(0.999), OneMinusBeta1: T(0.1),
				OneMinusBeta2: T(1 - 0.999), BC1: T(1 - math.Pow(0.9, 7)), LR: T(1e-3),
				Rectified: s.on("rectified"), SqrtBC2: T(math.Sqrt(1 - math.Pow(0.999, 7))),
				Rect: T(0.0123), Eps: T(1e-8)}
			return trial[T]{[][]T{s.x.s[0], s.x.s[1], s.x.s[2], s.x.u[0]},
				func(o [][]T) { RAdam(o[0], o[1], o[2], o[3], &c) },
				func(o [][]T) { radamRef(o[0], o[1], o[2], o[3], &c) }}
		}},
	}
}

// TestSplitAllocatesNothing guards the zero-allocation promise of Step on the
// multi-core path, whose pieces travel to the workers by value.
func TestSplitAllocatesNothing(t *testing.T) {
	n := 2 * minParallel
	p, g, m, v, vmax := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	c := AdamCoeffs[float32]{Decay: 1, Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001,
		NegStepSize: -1e-3, SqrtBC2: 0.1, Eps: 1e-8}
	sc := SGDCoeffs[float64]{NegLR: -0.1, Momentum: 0.9, OneMinusDamp: 1}
	p64, g64, b64 := make([]float64, n), make([]float64, n), make([]float64, n)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"Adam", func() { Adam(p, g, m, v, nil, &c) }},
		{"Adam amsgrad", func() { Adam(p, g, m, v, vmax, &c) }},
		{"SGD momentum", func() { SGD(p64, g64, b64, &sc) }},
		{"NonFinite", func() { NonFinite(g) }},
	} {
		if a := testing.AllocsPerRun(20, tc.f); a != 0 {
			t.Errorf("%s on %d elements: %v allocations per step, want 0", tc.name, n, a)
		}
	}
}

// TestConcurrentUpdates runs long updates from several goroutines at once,
// as independent optimizers in one process do: they share the pool, take
// turns, and each gets the reference result.
func TestConcurrentUpdates(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	const updaters = 4
	n := 2*minParallel + 7
	c := AdamCoeffs[float32]{Decay: 1, Beta1: 0.9, Beta2: 0.999, OneMinusBeta1: 0.1, OneMinusBeta2: 0.001,
		NegStepSize: -1e-3, SqrtBC2: 0.1, Eps: 1e-8}
	var got, want [updaters][][]float32
	for u := range updaters {
		x := newInputs[float32](r, n)
		got[u] = [][]float32{slices.Clone(x.s[0]), x.s[1], slices.Clone(x.s[2]), slices.Clone(x.u[0])}
		want[u] = [][]float32{slices.Clone(x.s[0]), x.s[1], slices.Clone(x.s[2]), slices.Clone(x.u[0])}
		adamRef(want[u][0], want[u][1], want[u][2], want[u][3], nil, &c)
	}
	var wg sync.WaitGroup
	for u := range updaters {
		wg.Go(func() { Adam(got[u][0], got[u][1], got[u][2], got[u][3], nil, &c) })
	}
	wg.Wait()
	for u := range updaters {
		for k := range got[u] {
			for i := range got[u][k] {
				if !sameBits(got[u][k][i], want[u][k][i]) {
					t.Fatalf("updater %d, operand %d, element %d: %v, reference %v", u, k, i, got[u][k][i], want[u][k][i])
				}
			}
		}
	}
}

func TestBound(t *testing.T) {
	for _, n := range []int{minParallel, minParallel + 13, 10_000_019} {
		for parts := 2; parts <= 9; parts++ {
			prev := 0
			for i := 1; i <= parts; i++ {
				b := bound(i, parts, n)
				if b < prev || (i < parts && b%chunkAlign != 0) {
					t.Fatalf("n=%d parts=%d: piece %d ends at %d after %d", n, parts, i, b, prev)
				}
				prev = b
			}
			if prev != n {
				t.Fatalf("n=%d parts=%d: pieces end at %d", n, parts, prev)
			}
		}
	}
}
