// Package floor measures the memory floor of an optimizer step: the time
// needed just to move the bytes an Adam step must move, with nothing else to
// do. An Adam step reads the parameters, the gradients and both moments and
// writes the parameters and both moments back: four arrays in, three out.
//
// Stream does exactly that with a vectorized kernel on every core, shared
// out the way descent's optimizers share out a step, so the ratio of an
// optimizer's step time to Stream's time says how close the optimizer comes
// to what the memory system allows.
//
// A step that first checks its gradient for NaN and Inf, as descent's Step
// does by default, must read the gradient once more before it writes
// anything: Checked is Read of the gradient followed by Stream, the floor of
// such a step.
package floor

import (
	"runtime"
	"sync/atomic"
)

const (
	// minParallel is the length from which the kernels use every core, as
	// optimizer steps do (pkg/optim/internal/kernel).
	minParallel = 1 << 15
	// piecesPerCore is how many pieces a run is cut into per core; the
	// cores claim pieces until none is left.
	piecesPerCore = 4
	// align is the granularity of the pieces, in elements: one 64-byte
	// cache line of float32.
	align = 16
)

// Stream sets p += g, m += g and v += g. g, m and v must have p's length.
func Stream(p, g, m, v []float32) {
	n := len(p)
	g, m, v = g[:n], m[:n], v[:n]
	share(n, func(lo, hi int) { stream(p[lo:hi], g[lo:hi], m[lo:hi], v[lo:hi]) })
}

// Read reads every element of x and returns the bitwise OR of all of them,
// so that the reads cannot be left out.
func Read(x []float32) uint32 {
	var or atomic.Uint32
	share(len(x), func(lo, hi int) { or.Or(read(x[lo:hi])) })
	return or.Load()
}

// Checked is Read(g) followed by Stream(p, g, m, v): the bytes of a step
// that checks its gradient before it changes anything. It returns Read's
// result.
func Checked(p, g, m, v []float32) uint32 {
	or := Read(g)
	Stream(p, g, m, v)
	return or
}

// share calls f on pieces [lo, hi) that cover [0, n) exactly once, on every
// core when n is at least minParallel. As in the optimizers' pool, the
// caller returns when every piece is done, without waiting for goroutines
// that start too late to claim one.
func share(n int, f func(lo, hi int)) {
	procs := runtime.GOMAXPROCS(0)
	if n < minParallel || procs == 1 {
		f(0, n)
		return
	}
	pieces := piecesPerCore * procs
	var next, done atomic.Int64
	finished := make(chan struct{}, 1)
	take := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= pieces {
				return
			}
			lo, hi := i*n/pieces&^(align-1), (i+1)*n/pieces&^(align-1)
			if i == pieces-1 {
				hi = n
			}
			f(lo, hi)
			if done.Add(1) == int64(pieces) {
				finished <- struct{}{}
			}
		}
	}
	for range procs - 1 {
		go take()
	}
	take()
	<-finished
}
