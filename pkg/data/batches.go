package data

import (
	"fmt"
	"iter"
	"math/rand/v2"
)

// Batches yields the mini-batches of each epoch over n rows, as slices of
// row indices. Create one with [NewBatches].
//
// Each epoch visits the rows in an order that is, by option, sequential
// (0, 1, …, n−1; the default), shuffled from a seed ([Shuffle]) or given
// explicitly ([Orders]), and cuts it into consecutive batches of the batch
// size; the last batch is smaller when the size does not divide n, or
// dropped with [DropLast].
//
// A Batches is not safe for concurrent use: Epoch and SetEpoch advance its
// epoch counter, and ranging over an epoch rewrites the order it shares
// with the batches it yields. Give each goroutine its own iterator (two
// iterators with the same arguments yield the same batches).
type Batches struct {
	n, size  int
	dropLast bool
	shuffled bool
	seed     uint64
	orders   [][]int

	epoch int        // the epoch the next call to Epoch yields
	perm  []int      // the order of the epoch being iterated; reused
	pcg   rand.PCG   // reseeded each epoch
	rng   *rand.Rand // draws from pcg
}

// BatchOption configures [NewBatches]. Make one with [Shuffle], [DropLast]
// or [Orders]; a nil BatchOption is an error. An option holds only the
// values it was made from, and may be passed to any number of NewBatches
// calls, from any goroutine.
type BatchOption func(*Batches)

// Shuffle makes every epoch visit the rows in a random order. The order of
// epoch e is a function of seed and e alone (a Fisher–Yates shuffle driven
// by a PCG generator seeded from both), stable across runs and machines.
func Shuffle(seed uint64) BatchOption {
	return func(b *Batches) {
		b.shuffled = true
		b.seed = seed
	}
}

// DropLast drops the last batch of each epoch when it is smaller than the
// batch size, so that every batch has the same size.
func DropLast() BatchOption {
	return func(b *Batches) { b.dropLast = true }
}

// Orders replays recorded orders: epoch e visits the rows in the order
// orders[e mod len(orders)], each a permutation of 0, …, n−1. The orders are
// copied. A single order repeats the same order every epoch.
func Orders(orders [][]int) BatchOption {
	return func(b *Batches) {
		b.orders = make([][]int, len(orders)) // non-nil even when empty
		for e, o := range orders {
			b.orders[e] = append([]int(nil), o...)
		}
	}
}

// NewBatches returns an iterator over mini-batches of batchSize rows out of
// n. It returns an error if n or batchSize is less than 1, if DropLast is
// given with batchSize > n (no batch would remain), if both Shuffle and
// Orders are given, if the orders are empty or one is not a permutation
// of 0, …, n−1, or if an option is nil.
//
// A batch size above n is allowed: each epoch is then one batch of all n
// rows.
func NewBatches(n, batchSize int, opts ...BatchOption) (*Batches, error) {
	if n < 1 {
		return nil, fmt.Errorf("data: batches over %d rows, want at least 1", n)
	}
	if batchSize < 1 {
		return nil, fmt.Errorf("data: batch size %d, want at least 1", batchSize)
	}
	b := &Batches{n: n, size: batchSize}
	for i, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("data: option %d of %d is nil, want one made by Shuffle, DropLast or Orders", i, len(opts))
		}
		opt(b)
	}
	if b.dropLast && batchSize > n {
		return nil, fmt.Errorf("data: batch size %d with DropLast leaves no batch of %d rows, want a size ≤ %d",
			batchSize, n, n)
	}
	if b.orders != nil {
		if b.shuffled {
			return nil, fmt.Errorf("data: Shuffle and Orders both given, want at most one")
		}
		if len(b.orders) == 0 {
			return nil, fmt.Errorf("data: Orders given no order, want at least one permutation of 0..%d", n-1)
		}
		for e, o := range b.orders {
			if err := checkPermutation(o, n); err != nil {
				return nil, fmt.Errorf("data: order %d: %w", e, err)
			}
		}
	}
	b.perm = make([]int, n)
	b.rng = rand.New(&b.pcg)
	return b, nil
}

// checkPermutation reports whether p is a permutation of 0, …, n−1.
func checkPermutation(p []int, n int) error {
	if len(p) != n {
		return fmt.Errorf("length %d, want a permutation of 0..%d (length %d)", len(p), n-1, n)
	}
	pos := make([]int, n) // pos[i] = 1 + the position of i in p, or 0
	for k, i := range p {
		if i < 0 || i >= n {
			return fmt.Errorf("index %d at position %d is out of range [0, %d)", i, k, n)
		}
		if pos[i] != 0 {
			return fmt.Errorf("index %d appears twice, at positions %d and %d", i, pos[i]-1, k)
		}
		pos[i] = k + 1
	}
	return nil
}

// NumBatches returns the number of batches in an epoch: ⌈n/batchSize⌉, or
// ⌊n/batchSize⌋ with DropLast.
func (b *Batches) NumBatches() int {
	if b.dropLast {
		return b.n / b.size
	}
	return (b.n-1)/b.size + 1 // ⌈n/size⌉ for n ≥ 1, without overflowing n+size
}

// SetEpoch sets the number of the epoch that the next call to Epoch yields;
// a new iterator starts at 0. Use it to resume a run from a checkpoint with
// the same batches as an uninterrupted run. It returns an error if epoch < 0.
func (b *Batches) SetEpoch(epoch int) error {
	if epoch < 0 {
		return fmt.Errorf("data: epoch %d, want ≥ 0", epoch)
	}
	b.epoch = epoch
	return nil
}

// Epoch returns the batches of the next epoch and advances the epoch
// counter. Ranging over the result more than once yields the same batches.
//
// Each batch is a slice of row indices that shares memory with the iterator:
// it is valid until the iterator starts another epoch, and must not be
// modified. Copy it to keep it.
func (b *Batches) Epoch() iter.Seq[[]int] {
	e := b.epoch
	b.epoch++
	return func(yield func([]int) bool) {
		b.fillOrder(e)
		end := b.n
		if b.dropLast {
			end = b.n / b.size * b.size
		}
		for lo := 0; lo < end; {
			hi := lo + min(b.size, end-lo) // lo+size could overflow
			if !yield(b.perm[lo:hi:hi]) {
				return
			}
			lo = hi
		}
	}
}

// fillOrder sets b.perm to the order of epoch e.
func (b *Batches) fillOrder(e int) {
	switch {
	case b.orders != nil:
		copy(b.perm, b.orders[e%len(b.orders)])
	case b.shuffled:
		seedPCG(&b.pcg, b.seed, streamEpoch+uint64(e))
		shuffle(b.perm, b.rng)
	default:
		for i := range b.perm {
			b.perm[i] = i
		}
	}
}
