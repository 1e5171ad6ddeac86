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
// assembly kernels (where the build has them), and the portable loops split
// over cores. check must use the exported dispatch point.
func paths(t *testing.T, check func(t *testing.T)) {
	t.Run("asm", func(t *testing.T) {
		if !useAsm {
			t.Skip("no assembly kernels in this build or on this CPU")
		}
		check(t)
	})
	t.Run("portable", func(t *testing.T) {
		defer func(old bool) { useAsm = old }(useAsm)
		useAsm = false
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

func bools() []bool { return []bool{false, true} }

func TestAdamParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		adamParity[float32](t)
		adamParity[float64](t)
		adamParity[named32](t)
	})
}

// named32 is a named float type: the fast paths reinterpret it as float32.
type named32 float32

func adamParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				for _, amsgrad := range bools() {
					for _, decay := range []float64{1, 1 - 1e-3*0.01} {
						step := 1 + r.IntN(20)
						bc1, bc2 := 1-math.Pow(0.9, float64(step)), 1-math.Pow(0.999, float64(step))
						c := AdamCoeffs[T]{
							Grad:  Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
							Decay: T(decay), Beta1: T(0.9), Beta2: T(0.999),
							OneMinusBeta1: T(0.1), OneMinusBeta2: T(1 - 0.999),
							NegStepSize: T(-1e-3 / bc1), SqrtBC2: T(math.Sqrt(bc2)), Eps: T(1e-8),
						}
						ops := [][]T{x.s[0], x.s[1], x.s[2],
							x.u[0], pick(amsgrad, x.s[3])}
						name := fmt.Sprintf("Adam[%T] maximize=%v wd=%v amsgrad=%v decay=%v", T(0), maximize, wd, amsgrad, decay)
						parity(t, name, ops,
							func(o [][]T) { Adam(o[0], o[1], o[2], o[3], o[4], &c) },
							func(o [][]T) { adamRef(o[0], o[1], o[2], o[3], o[4], &c) })
					}
				}
			}
		}
	}
}

func TestSGDParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		sgdParity[float32](t)
		sgdParity[float64](t)
	})
}

func sgdParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				for _, momentum := range bools() {
					for _, first := range bools() {
						for _, nesterov := range bools() {
							c := SGDCoeffs[T]{
								Grad:  Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
								NegLR: T(-0.1), Momentum: T(0.9), OneMinusDamp: T(1 - 0.25),
								Nesterov: nesterov, First: first,
							}
							ops := [][]T{x.s[0], x.s[1], pick(momentum, x.s[2])}
							name := fmt.Sprintf("SGD[%T] maximize=%v wd=%v momentum=%v first=%v nesterov=%v",
								T(0), maximize, wd, momentum, first, nesterov)
							parity(t, name, ops,
								func(o [][]T) { SGD(o[0], o[1], o[2], &c) },
								func(o [][]T) { sgdRef(o[0], o[1], o[2], &c) })
						}
					}
				}
			}
		}
	}
}

func TestRMSpropParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		rmspropParity[float32](t)
		rmspropParity[float64](t)
	})
}

func rmspropParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				for _, centered := range bools() {
					for _, momentum := range bools() {
						c := RMSpropCoeffs[T]{
							Grad:  Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
							NegLR: T(-0.01), Alpha: T(0.99), OneMinusAlpha: T(1 - 0.99), Eps: T(1e-8), Momentum: T(0.9),
						}
						ops := [][]T{x.s[0], x.s[1], x.u[0],
							pick(centered, x.s[2]), pick(momentum, x.s[3])}
						name := fmt.Sprintf("RMSprop[%T] maximize=%v wd=%v centered=%v momentum=%v", T(0), maximize, wd, centered, momentum)
						parity(t, name, ops,
							func(o [][]T) { RMSprop(o[0], o[1], o[2], o[3], o[4], &c) },
							func(o [][]T) { rmspropRef(o[0], o[1], o[2], o[3], o[4], &c) })
					}
				}
			}
		}
	}
}

func TestAdagradParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		adagradParity[float32](t)
		adagradParity[float64](t)
	})
}

func adagradParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				c := AdagradCoeffs[T]{
					Grad:   Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
					NegCLR: T(-0.01 / (1 + 3*0.01)), Eps: T(1e-10),
				}
				ops := [][]T{x.s[0], x.s[1], x.u[0]}
				name := fmt.Sprintf("Adagrad[%T] maximize=%v wd=%v", T(0), maximize, wd)
				parity(t, name, ops,
					func(o [][]T) { Adagrad(o[0], o[1], o[2], &c) },
					func(o [][]T) { adagradRef(o[0], o[1], o[2], &c) })
			}
		}
	}
}

func TestAdadeltaParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		adadeltaParity[float32](t)
		adadeltaParity[float64](t)
	})
}

func adadeltaParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				c := AdadeltaCoeffs[T]{Grad: Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
					NegLR: T(-1), Rho: T(0.9), OneMinusRho: T(0.1), Eps: T(1e-6)}
				ops := [][]T{x.s[0], x.s[1], x.u[0], x.u[1]}
				name := fmt.Sprintf("Adadelta[%T] maximize=%v wd=%v", T(0), maximize, wd)
				parity(t, name, ops,
					func(o [][]T) { Adadelta(o[0], o[1], o[2], o[3], &c) },
					func(o [][]T) { adadeltaRef(o[0], o[1], o[2], o[3], &c) })
			}
		}
	}
}

func TestAdamaxParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		adamaxParity[float32](t)
		adamaxParity[float64](t)
	})
}

func adamaxParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				// With eps = 0 and u signed, -0 meets +0 in the maximum.
				for _, eps := range []float64{1e-8, 0} {
					c := AdamaxCoeffs[T]{Grad: Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
						Beta1: T(0.9), Beta2: T(0.999), OneMinusBeta1: T(0.1), NegCLR: T(-0.002 / (1 - 0.9*0.9)), Eps: T(eps)}
					ops := [][]T{x.s[0], x.s[1], x.s[2], x.s[3]}
					name := fmt.Sprintf("Adamax[%T] maximize=%v wd=%v eps=%v", T(0), maximize, wd, eps)
					parity(t, name, ops,
						func(o [][]T) { Adamax(o[0], o[1], o[2], o[3], &c) },
						func(o [][]T) { adamaxRef(o[0], o[1], o[2], o[3], &c) })
				}
			}
		}
	}
}

func TestNAdamParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		nadamParity[float32](t)
		nadamParity[float64](t)
	})
}

func nadamParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				c := NAdamCoeffs[T]{Grad: Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
					Beta1: T(0.9), Beta2: T(0.999), OneMinusBeta1: T(0.1), OneMinusBeta2: T(1 - 0.999),
					BC2: T(1 - 0.999*0.999), GradCoeff: T(-0.0011), MomentCoeff: T(-0.0095), Eps: T(1e-8)}
				ops := [][]T{x.s[0], x.s[1], x.s[2], x.u[0]}
				name := fmt.Sprintf("NAdam[%T] maximize=%v wd=%v", T(0), maximize, wd)
				parity(t, name, ops,
					func(o [][]T) { NAdam(o[0], o[1], o[2], o[3], &c) },
					func(o [][]T) { nadamRef(o[0], o[1], o[2], o[3], &c) })
			}
		}
	}
}

func TestRAdamParity(t *testing.T) {
	paths(t, func(t *testing.T) {
		radamParity[float32](t)
		radamParity[float64](t)
	})
}

func radamParity[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range sizes {
		x := newInputs[T](r, n)
		for _, maximize := range bools() {
			for _, wd := range []float64{0, 0.01} {
				for _, rectified := range bools() {
					c := RAdamCoeffs[T]{Grad: Grad[T]{Maximize: maximize, WeightDecay: T(wd)},
						Beta1: T(0.9), Beta2: T(0.999), OneMinusBeta1: T(0.1), OneMinusBeta2: T(1 - 0.999),
						BC1: T(1 - math.Pow(0.9, 7)), LR: T(1e-3), Rectified: rectified,
						SqrtBC2: T(math.Sqrt(1 - math.Pow(0.999, 7))), Rect: T(0.0123), Eps: T(1e-8)}
					ops := [][]T{x.s[0], x.s[1], x.s[2], x.u[0]}
					name := fmt.Sprintf("RAdam[%T] maximize=%v wd=%v rectified=%v", T(0), maximize, wd, rectified)
					parity(t, name, ops,
						func(o [][]T) { RAdam(o[0], o[1], o[2], o[3], &c) },
						func(o [][]T) { radamRef(o[0], o[1], o[2], o[3], &c) })
				}
			}
		}
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
