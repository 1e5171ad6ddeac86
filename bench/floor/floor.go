// Package floor measures the memory floor of an optimizer step: the time
// needed just to move the bytes an Adam step must move, with nothing else to
// do. An Adam step reads the parameters, the gradients and both moments and
// writes the parameters and both moments back: four arrays in, three out.
//
// Stream does exactly that with a vectorized kernel on every core, so the
// ratio of an optimizer's step time to Stream's time says how close the
// optimizer comes to what the memory system allows.
package floor

import (
	"runtime"
	"sync"
)

// align is the granularity of the split between cores, in elements: one
// 64-byte cache line of float32.
const align = 16

// Stream sets p += g, m += g and v += g, splitting the slices into one
// contiguous piece per GOMAXPROCS. g, m and v must have p's length.
func Stream(p, g, m, v []float32) {
	n := len(p)
	g, m, v = g[:n], m[:n], v[:n]
	parts := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for i := range parts {
		lo, hi := i*n/parts&^(align-1), (i+1)*n/parts&^(align-1)
		if i == parts-1 {
			hi = n
		}
		wg.Go(func() { stream(p[lo:hi], g[lo:hi], m[lo:hi], v[lo:hi]) })
	}
	wg.Wait()
}
