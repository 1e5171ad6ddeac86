package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
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

// spinFor is how long a worker keeps looking for the next run before it
// parks, and how long a caller looks for the last piece of its run to be done
// before it parks. Runs come in bursts: a step checks the gradients, then
// updates the parameters, and a training loop may step again right after.
// A parked goroutine takes tens of microseconds to wake on a virtual machine
// (about 55 µs here, against a few hundred for a run of a million elements),
// while one that looks, yielding its core to any other goroutine between
// looks, starts at once. The cost is at most this much time of a core each
// time the work runs out.
const spinFor = 30 * time.Microsecond

// The crew is the worker goroutines every pool shares, GOMAXPROCS-1 of them
// at first use; they live as long as the process. A run hands each worker it
// wants a ticket naming its pool and its number; a worker does pieces of
// that run, then looks for another ticket for up to spinFor, then parks.
var crew struct {
	start   sync.Once
	workers int
	tickets chan ticket
}

// A ticket calls a worker to a run.
type ticket struct {
	pool      taker
	run       uint32 // the run's number in its pool
	n, pieces int
}

// A taker is a pool, as the crew sees it.
type taker interface {
	// take does pieces of run t until none is left to claim.
	take(t ticket)
}

// A pool does work of one type on all cores. It is a package-level variable
// per work type; the crew's workers take part in its runs, and a run
// allocates nothing.
//
// A run is cut into pieces that the calling goroutine and the workers it
// called claim from a shared counter; the caller returns when every piece is
// done, without waiting for workers that found none left. The counter
// carries the run's number, so that a worker that comes late cannot claim a
// piece of a later run for an earlier one. The job of the current run is
// written before the run's number is published in the counter and read only
// by those who claimed one of its pieces, so it does not change under them.
type pool[J spanner] struct {
	start    sync.Once
	mu       sync.Mutex    // one run at a time
	job      J             // the current run's job
	claim    atomic.Uint64 // run number << 32 | next piece to claim
	done     atomic.Int64  // pieces of the current run done
	finished chan struct{} // receives once per run, when its last piece is done
	found    []int         // what each piece reported, by piece number
}

// run does job on its n elements and returns the smallest index a piece
// reported, or -1. When n is at least minParallel, the calling goroutine
// and the crew share the elements in contiguous pieces; otherwise the
// calling goroutine does all.
func (p *pool[J]) run(job J, n int) int {
	crew.start.Do(startCrew)
	helpers := min(runtime.GOMAXPROCS(0)-1, crew.workers, n/(minParallel/2)-1)
	if helpers < 1 {
		return job.span(0, n)
	}
	p.start.Do(func() {
		p.finished = make(chan struct{}, 1)
		p.found = make([]int, chunksPerCore*(crew.workers+1))
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	t := ticket{pool: p, run: uint32(p.claim.Load()>>32) + 1, n: n, pieces: min(chunksPerCore*(helpers+1), n/chunkAlign)}
	p.job = job
	p.done.Store(0)
	p.claim.Store(uint64(t.run) << 32)
	for range helpers {
		select {
		case crew.tickets <- t:
		default: // every worker has a ticket waiting already
		}
	}
	p.take(t)
	awaitDone(&p.done, t.pieces)
	<-p.finished
	for _, i := range p.found[:t.pieces] {
		if i >= 0 {
			return i
		}
	}
	return -1
}

// awaitDone returns when done reaches pieces or after spinFor, whichever
// comes first, yielding the core between looks: a caller that parked while
// the last piece is being done would take as long to wake as a worker.
func awaitDone(done *atomic.Int64, pieces int) {
	if done.Load() == int64(pieces) {
		return
	}
	start := time.Now()
	for done.Load() != int64(pieces) && time.Since(start) < spinFor {
		runtime.Gosched()
	}
}

// take does pieces of run t until none is left to claim.
func (p *pool[J]) take(t ticket) {
	for {
		v := p.claim.Load()
		i := int(uint32(v))
		if uint32(v>>32) != t.run || i >= t.pieces {
			return
		}
		if !p.claim.CompareAndSwap(v, v+1) {
			continue
		}
		p.found[i] = p.job.span(bound(i, t.pieces, t.n), bound(i+1, t.pieces, t.n))
		if p.done.Add(1) == int64(t.pieces) {
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

// startCrew starts GOMAXPROCS-1 worker goroutines.
func startCrew() {
	crew.workers = runtime.GOMAXPROCS(0) - 1
	crew.tickets = make(chan ticket, max(crew.workers, 1))
	for range crew.workers {
		go work()
	}
}

// work is a worker's life: take part in the run of each ticket, look for
// the next one for up to spinFor, park when none came.
func work() {
	for t := range crew.tickets {
		for ok := true; ok; {
			t.pool.take(t)
			t, ok = nextTicket()
		}
	}
}

// nextTicket returns the next ticket and true if one arrives within
// spinFor, yielding the core between looks.
func nextTicket() (ticket, bool) {
	start := time.Now()
	for {
		select {
		case t := <-crew.tickets:
			return t, true
		default:
		}
		if time.Since(start) > spinFor {
			return ticket{}, false
		}
		runtime.Gosched()
	}
}
