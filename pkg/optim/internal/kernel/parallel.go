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

// A spanner is work on a range of elements that can be done on any part of
// the range on its own: an element-wise update, whose result is the same
// bit for bit however the range is split, or a search.
type spanner interface {
	// span does the work on elements [lo, hi) and returns the index of
	// the first element it reports, or -1. Updates report nothing.
	span(lo, hi int) int
}

// A pool does work of one type on all cores. It is a package-level variable
// per work type; its worker goroutines start on first use and live as long
// as the process, and the pieces of work travel to them by value, so a run
// allocates nothing.
type pool[J spanner] struct {
	start   sync.Once
	mu      sync.Mutex // one run at a time: the workers, wg and found are shared
	workers int
	pieces  chan piece[J]
	wg      sync.WaitGroup
	found   []int // what each piece reported, by piece number
}

// A piece is one worker's share of a run.
type piece[J spanner] struct {
	job       J
	i, lo, hi int // piece number and element range
}

// run does job on its n elements and returns the smallest index a piece
// reported, or -1. When n is at least minParallel the elements are split
// into contiguous pieces over the calling goroutine and the pool's workers,
// else the calling goroutine does all. The number of workers is
// GOMAXPROCS-1 at the pool's first use.
func (p *pool[J]) run(job J, n int) int {
	p.start.Do(p.startWorkers)
	parts := min(runtime.GOMAXPROCS(0), p.workers+1, n/(minParallel/2))
	if parts < 2 {
		return job.span(0, n)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Add(parts - 1)
	for i := 1; i < parts; i++ {
		p.pieces <- piece[J]{job, i, bound(i, parts, n), bound(i+1, parts, n)}
	}
	first := job.span(0, bound(1, parts, n))
	p.wg.Wait()
	for i := 1; first < 0 && i < parts; i++ {
		first = p.found[i]
	}
	return first
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
	p.found = make([]int, p.workers+1)
	for range p.workers {
		go func() {
			for pc := range p.pieces {
				p.found[pc.i] = pc.job.span(pc.lo, pc.hi)
				p.wg.Done()
			}
		}()
	}
}
