package kernel

import (
	"runtime"
	"sync"
)

// minParallel is the number of elements from which an update is split over
// several cores. Below it, waking a worker costs more than the worker saves
// (see docs/benchmarks-optim.md for the measurement).
const minParallel = 1 << 15

// chunkAlign is the granularity of the split, in elements: a multiple of
// every vector width and of a 64-byte cache line, so that only the last
// piece has a scalar tail and no two cores write to one cache line.
const chunkAlign = 16

// A spanner is an element-wise update that can be applied to any range of
// its elements on its own. Because no element depends on another, the result
// is the same bit for bit however the range is split.
type spanner interface {
	span(lo, hi int)
}

// A pool applies updates of one type on all cores. It is a package-level
// variable per update type; its worker goroutines start on first use and
// live as long as the process, so an update allocates nothing.
type pool[J spanner] struct {
	start   sync.Once
	mu      sync.Mutex // one update at a time: the workers and wg are shared
	workers int
	pieces  chan piece[J]
	wg      sync.WaitGroup
}

// A piece is one worker's share of an update, sent by value.
type piece[J spanner] struct {
	job    J
	lo, hi int
}

// run applies job to its n elements: split into contiguous pieces over the
// calling goroutine and the pool's workers when n is at least minParallel,
// else on the calling goroutine alone. The number of workers is
// GOMAXPROCS-1 at the pool's first use.
func (p *pool[J]) run(job J, n int) {
	p.start.Do(p.startWorkers)
	parts := min(runtime.GOMAXPROCS(0), p.workers+1, n/(minParallel/2))
	if parts < 2 {
		job.span(0, n)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Add(parts - 1)
	for i := 1; i < parts; i++ {
		p.pieces <- piece[J]{job, bound(i, parts, n), bound(i+1, parts, n)}
	}
	job.span(0, bound(1, parts, n))
	p.wg.Wait()
}

// bound returns where piece i of parts starts: i/parts of the way through n
// elements, rounded down to chunkAlign; piece parts ends at n.
func bound(i, parts, n int) int {
	if i == parts {
		return n
	}
	return i * n / parts &^ (chunkAlign - 1)
}

// startWorkers starts GOMAXPROCS-1 worker goroutines.
func (p *pool[J]) startWorkers() {
	p.workers = runtime.GOMAXPROCS(0) - 1
	p.pieces = make(chan piece[J], p.workers)
	for range p.workers {
		go func() {
			for pc := range p.pieces {
				pc.job.span(pc.lo, pc.hi)
				p.wg.Done()
			}
		}()
	}
}
