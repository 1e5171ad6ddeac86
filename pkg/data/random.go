package data

import (
	"math"
	"math/rand/v2"
)

// Streams of the PCG generator, so that different uses of one seed draw
// unrelated numbers.
const (
	streamRegression = iota + 1
	streamTwoClass
	streamMultiClass
	streamSplit
	streamEpoch // epoch e uses streamEpoch + e
)

// seedPCG seeds p with the user's seed and a stream number, mixed so that
// nearby stream numbers start far apart in the generator's state space.
func seedPCG(p *rand.PCG, seed, stream uint64) {
	p.Seed(seed, splitmix64(stream))
}

// newRand returns a generator for the given seed and stream.
func newRand(seed, stream uint64) *rand.Rand {
	var p rand.PCG
	seedPCG(&p, seed, stream)
	return rand.New(&p)
}

// splitmix64 is the finaliser of Steele, Lea and Flood's SplitMix64: a
// bijection of uint64 that scatters nearby inputs.
func splitmix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// gridScale is 2¹⁰: generated values are rounded to multiples of 1/gridScale.
const gridScale = 1024

// onGrid rounds v to the nearest multiple of 2⁻¹⁰, ties to even as numpy's
// round does (rounding ties away from zero would bias the targets of
// Regression towards larger magnitudes). Every step is exact in float64, and
// the result is exact in float32 for |v| < 2¹⁴.
func onGrid(v float64) float64 { return math.RoundToEven(v*gridScale) / gridScale }

// shuffle sets p to the identity permutation and shuffles it with r by
// Fisher–Yates.
func shuffle(p []int, r *rand.Rand) {
	for i := range p {
		p[i] = i
	}
	for i := len(p) - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		p[i], p[j] = p[j], p[i]
	}
}
