package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
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

// chunksPerCore is how many pieces a run is cut into per core taking part.
// The cores take pieces from a shared counter until none is left, so that a
// core slowed down by other work on the machine does fewer of them instead
// of holding everybody up.
const chunksPerCore = 4

// A pool does work of one type on all cores. It is a package-level variable
// per work type; its worker goroutines start on first use and live as long
// as the process, and the work travels to them by value, so a run allocates
// nothing.
//
// A run is cut into pieces that the calling goroutine and any woken workers
// claim from a shared counter; the caller returns when every piece is done,
// without waiting for workers that found none left. The counter carries the
// run's number, so that a worker that wakes up late cannot claim a piece of
// a later run for the job of an earlier one.
type pool[J spanner] struct {
	start   sync.Once
	workers int
	wake    chan call[J]

	mu       sync.Mutex    // one run at a time
	claim    atomic.Uint64 // run number << 32 | next piece to claim
	done     atomic.Int64  // pieces of the current run done
	finished chan struct{} // receives once per run, when its last piece is done
	found    []int         // what each piece reported, by piece number
}

// A call is one run as its pieces' takers see it.
type call[J spanner] struct {
	job       J
	run       uint32 // the run's number
	n, pieces int
}

// run does job on its n elements and returns the smallest index a piece
// reported, or -1. When n is at least minParallel, the calling goroutine
// and the pool's workers share the elements in contiguous pieces; otherwise
// the calling goroutine does all. The number of workers is GOMAXPROCS-1 at
// the pool's first use.
func (p *pool[J]) run(job J, n int) int {
	p.start.Do(p.startWorkers)
	helpers := min(runtime.GOMAXPROCS(0)-1, p.workers, n/(minParallel/2)-1)
	if helpers < 1 {
		return job.span(0, n)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := call[J]{job: job, run: uint32(p.claim.Load()>>32) + 1, n: n, pieces: min(chunksPerCore*(helpers+1), n/chunkAlign)}
	p.done.Store(0)
	p.claim.Store(uint64(c.run) << 32)
	for range helpers {
		select {
		case p.wake <- c:
		default: // every worker has a wake-up pending already
		}
	}
	p.take(c)
	<-p.finished
	for _, i := range p.found[:c.pieces] {
		if i >= 0 {
			return i
		}
	}
	return -1
}

// take does pieces of run c until none is left to claim.
func (p *pool[J]) take(c call[J]) {
	for {
		v := p.claim.Load()
		i := int(uint32(v))
		if uint32(v>>32) != c.run || i >= c.pieces {
			return
		}
		if !p.claim.CompareAndSwap(v, v+1) {
			continue
		}
		p.found[i] = c.job.span(bound(i, c.pieces, c.n), bound(i+1, c.pieces, c.n))
		if p.done.Add(1) == int64(c.pieces) {
			p.finished <- struct{}{}
		}
	}
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
	p.wake = make(chan call[J], p.workers)
	p.finished = make(chan struct{}, 1)
	p.found = make([]int, chunksPerCore*(p.workers+1))
	for range p.workers {
		go func() {
			for c := range p.wake {
				p.take(c)
			}
		}()
	}
}
