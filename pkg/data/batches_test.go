package data

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// collect returns the batches of the iterator's next epoch, copied.
func collect(it *Batches) [][]int {
	var out [][]int
	for batch := range it.Epoch() {
		out = append(out, slices.Clone(batch))
	}
	return out
}

func TestSequentialBatches(t *testing.T) {
	it, err := NewBatches(7, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{0, 1, 2}, {3, 4, 5}, {6}}
	for epoch := range 2 {
		if got := collect(it); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("epoch %d: %v, want %v", epoch, got, want)
		}
	}
	if it.NumBatches() != 3 {
		t.Errorf("NumBatches = %d, want 3", it.NumBatches())
	}
}

func TestDropLast(t *testing.T) {
	for _, c := range []struct {
		n, size, batches int
	}{{7, 3, 2}, {8, 4, 2}, {5, 5, 1}, {64, 8, 8}, {65, 8, 8}} {
		it, err := NewBatches(c.n, c.size, DropLast(), Shuffle(1))
		if err != nil {
			t.Fatal(err)
		}
		keep, err := NewBatches(c.n, c.size, Shuffle(1))
		if err != nil {
			t.Fatal(err)
		}
		got, full := collect(it), collect(keep)
		if len(got) != c.batches || it.NumBatches() != c.batches {
			t.Errorf("n=%d size=%d: %d batches, NumBatches %d, want %d", c.n, c.size, len(got), it.NumBatches(), c.batches)
		}
		// The same order, with only the short tail batch removed.
		if !slices.EqualFunc(got, full[:c.batches], slices.Equal) {
			t.Errorf("n=%d size=%d: DropLast batches %v are not the leading batches of %v", c.n, c.size, got, full)
		}
		for _, b := range got {
			if len(b) != c.size {
				t.Errorf("n=%d size=%d: batch of %d rows", c.n, c.size, len(b))
			}
		}
	}
}

// TestShuffleEpochsArePermutations checks that every epoch covers every row
// exactly once, that epochs differ, and that the order depends only on the
// seed and the epoch number.
func TestShuffleEpochsArePermutations(t *testing.T) {
	const n, size = 50, 8
	it, err := NewBatches(n, size, Shuffle(42))
	if err != nil {
		t.Fatal(err)
	}
	var epochs [][]int
	for range 4 {
		var order []int
		for _, b := range collect(it) {
			if len(b) > size {
				t.Fatalf("batch of %d rows, want at most %d", len(b), size)
			}
			order = append(order, b...)
		}
		if err := checkPermutation(order, n); err != nil {
			t.Fatalf("epoch %d is not a permutation: %v", len(epochs), err)
		}
		epochs = append(epochs, order)
	}
	for e := 1; e < len(epochs); e++ {
		if slices.Equal(epochs[e], epochs[e-1]) {
			t.Errorf("epochs %d and %d have the same order", e-1, e)
		}
	}
	if slices.Equal(epochs[0], identity(n)) {
		t.Errorf("shuffled epoch 0 is the identity")
	}

	// Same seed: same orders. Resuming at epoch 2: epoch 2's order.
	again, _ := NewBatches(n, size, Shuffle(42))
	if got := slices.Concat(collect(again)...); !slices.Equal(got, epochs[0]) {
		t.Errorf("same seed, epoch 0: %v, want %v", got, epochs[0])
	}
	if err := again.SetEpoch(2); err != nil {
		t.Fatal(err)
	}
	if got := slices.Concat(collect(again)...); !slices.Equal(got, epochs[2]) {
		t.Errorf("SetEpoch(2): %v, want %v", got, epochs[2])
	}
	if got := slices.Concat(collect(again)...); !slices.Equal(got, epochs[3]) {
		t.Errorf("epoch after SetEpoch(2): %v, want %v", got, epochs[3])
	}

	other, _ := NewBatches(n, size, Shuffle(43))
	if got := slices.Concat(collect(other)...); slices.Equal(got, epochs[0]) {
		t.Errorf("seeds 42 and 43 give the same order")
	}
}

// TestShuffleUniform checks that a shuffled epoch puts each row first about
// equally often: a chi-squared test over 4000 epochs of 8 rows. With 7
// degrees of freedom the statistic exceeds 24.3 with probability 0.001.
func TestShuffleUniform(t *testing.T) {
	const n, epochs = 8, 4000
	it, err := NewBatches(n, n, Shuffle(7))
	if err != nil {
		t.Fatal(err)
	}
	var first [n]int
	for range epochs {
		for b := range it.Epoch() {
			first[b[0]]++
		}
	}
	var chi2 float64
	const expect = float64(epochs) / n
	for _, c := range first {
		d := float64(c) - expect
		chi2 += d * d / expect
	}
	if chi2 > 24.3 {
		t.Errorf("first-row counts %v: chi² = %.1f > 24.3", first, chi2)
	}
}

func TestOrders(t *testing.T) {
	orders := [][]int{{4, 2, 0, 1, 3}, {0, 1, 2, 3, 4}, {3, 4, 1, 0, 2}}
	it, err := NewBatches(5, 2, Orders(orders))
	if err != nil {
		t.Fatal(err)
	}
	orders[0][0] = 99 // Orders copies
	want := [][][]int{
		{{4, 2}, {0, 1}, {3}},
		{{0, 1}, {2, 3}, {4}},
		{{3, 4}, {1, 0}, {2}},
		{{4, 2}, {0, 1}, {3}}, // cycles
	}
	for e, w := range want {
		if got := collect(it); !slices.EqualFunc(got, w, slices.Equal) {
			t.Errorf("epoch %d: %v, want %v", e, got, w)
		}
	}
}

// TestEpochAliasing checks that a batch cannot be grown into the next one,
// that ranging twice repeats an epoch and that breaking out early is safe.
func TestEpochAliasing(t *testing.T) {
	it, err := NewBatches(6, 2, Shuffle(3))
	if err != nil {
		t.Fatal(err)
	}
	seq := it.Epoch()
	var first [][]int
	for b := range seq {
		if cap(b) != len(b) {
			t.Errorf("batch has capacity %d > length %d", cap(b), len(b))
		}
		first = append(first, slices.Clone(b))
	}
	var second [][]int
	for b := range seq {
		second = append(second, slices.Clone(b))
	}
	if !slices.EqualFunc(first, second, slices.Equal) {
		t.Errorf("ranging twice: %v then %v", first, second)
	}
	for range it.Epoch() {
		break
	}
}

func TestEpochAllocations(t *testing.T) {
	it, err := NewBatches(1000, 32, Shuffle(1))
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		for b := range it.Epoch() {
			_ = b
		}
	})
	if allocs > 1 { // the closure returned by Epoch
		t.Errorf("an epoch allocates %v times, want at most 1", allocs)
	}
}

func TestBatchErrors(t *testing.T) {
	for _, c := range []struct {
		n, size int
		opts    []BatchOption
		want    string
	}{
		{0, 1, nil, "over 0 rows, want at least 1"},
		{5, 0, nil, "batch size 0, want at least 1"},
		{5, -2, nil, "batch size -2"},
		{5, 6, []BatchOption{DropLast()}, "batch size 6 with DropLast leaves no batch of 5 rows"},
		{3, 1, []BatchOption{Shuffle(1), Orders([][]int{{0, 1, 2}})}, "Shuffle and Orders both given"},
		{3, 1, []BatchOption{Orders(nil)}, "Orders given no order"},
		{3, 1, []BatchOption{Orders([][]int{{0, 1, 2}, {0, 1}})}, "order 1: length 2, want a permutation of 0..2"},
		{3, 1, []BatchOption{Orders([][]int{{0, 3, 1}})}, "order 0: index 3 at position 1 is out of range [0, 3)"},
		{3, 1, []BatchOption{Orders([][]int{{-1, 0, 1}})}, "index -1 at position 0 is out of range"},
		{3, 1, []BatchOption{Orders([][]int{{2, 0, 2}})}, "order 0: index 2 appears twice, at positions 0 and 2"},
		{3, 1, []BatchOption{nil}, "option 0 of 1 is nil"},
		{3, 1, []BatchOption{Shuffle(1), nil}, "option 1 of 2 is nil"},
	} {
		it, err := NewBatches(c.n, c.size, c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewBatches(%d, %d, …) = %v, %v; want error containing %q", c.n, c.size, it, err, c.want)
		}
	}
	it, err := NewBatches(3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := it.SetEpoch(-1); err == nil {
		t.Errorf("SetEpoch(-1) succeeded")
	}
}

// TestHugeBatchSize checks batch sizes near math.MaxInt, where n + size
// overflows: one batch of every row, and NumBatches agrees with Epoch.
func TestHugeBatchSize(t *testing.T) {
	for _, size := range []int{math.MaxInt, math.MaxInt - 1, math.MaxInt/2 + 1} {
		for _, n := range []int{1, 10} {
			it, err := NewBatches(n, size)
			if err != nil {
				t.Fatal(err)
			}
			got := collect(it)
			if it.NumBatches() != 1 || len(got) != 1 || !slices.Equal(got[0], identity(n)) {
				t.Errorf("NewBatches(%d, %d): NumBatches %d, epoch %v; want 1 batch of all rows", n, size, it.NumBatches(), got)
			}
		}
	}
}

// checkEpoch reports whether an epoch of it visits the rows as its
// settings say: NumBatches batches, each of the batch size but the last,
// together a permutation of 0..n-1 (or all but the n mod size last rows
// with DropLast).
func checkEpoch(it *Batches, n, size int, dropLast bool) error {
	batches := collect(it)
	if len(batches) != it.NumBatches() {
		return fmt.Errorf("epoch has %d batches, NumBatches %d", len(batches), it.NumBatches())
	}
	want := n
	if dropLast {
		want = n / size * size
	}
	seen := make([]bool, n)
	total := 0
	for k, b := range batches {
		if len(b) != size && (k != len(batches)-1 || dropLast || len(b) == 0 || len(b) > size) {
			return fmt.Errorf("batch %d of %d has %d rows, batch size %d", k, len(batches), len(b), size)
		}
		for _, i := range b {
			if i < 0 || i >= n || seen[i] {
				return fmt.Errorf("batch %d: row %d out of range or repeated", k, i)
			}
			seen[i] = true
		}
		total += len(b)
	}
	if total != want {
		return fmt.Errorf("epoch visits %d rows, want %d", total, want)
	}
	return nil
}

// FuzzNewBatches builds iterators from arbitrary sizes and options: each
// either fails with an error or yields epochs that cover the rows as
// promised. The number of rows is bounded (the iterator allocates one index
// per row); the batch size is not.
func FuzzNewBatches(f *testing.F) {
	f.Add(10, math.MaxInt, false, false, uint64(0), 0)
	f.Add(7, 3, true, true, uint64(5), 2)
	f.Add(5, 6, true, false, uint64(0), 0)
	f.Add(1, 1, false, true, uint64(1), 0)
	f.Add(100, -1, false, false, uint64(0), 0)
	f.Fuzz(func(t *testing.T, n, size int, dropLast, shuffle bool, seed uint64, epoch int) {
		n %= 1 << 12 // keeps negative n
		var opts []BatchOption
		if dropLast {
			opts = append(opts, DropLast())
		}
		if shuffle {
			opts = append(opts, Shuffle(seed))
		}
		it, err := NewBatches(n, size, opts...)
		if err != nil {
			if it != nil {
				t.Errorf("NewBatches(%d, %d) returned an iterator with the error %v", n, size, err)
			}
			if n >= 1 && size >= 1 && !(dropLast && size > n) {
				t.Errorf("NewBatches(%d, %d, dropLast %v): unexpected error %v", n, size, dropLast, err)
			}
			return
		}
		if n < 1 || size < 1 || (dropLast && size > n) {
			t.Fatalf("NewBatches(%d, %d, dropLast %v) accepted", n, size, dropLast)
		}
		if err := it.SetEpoch(epoch); (err != nil) != (epoch < 0) {
			t.Errorf("SetEpoch(%d): %v", epoch, err)
		}
		for range 2 {
			if err := checkEpoch(it, n, size, dropLast); err != nil {
				t.Fatalf("NewBatches(%d, %d, dropLast %v, shuffle %v): %v", n, size, dropLast, shuffle, err)
			}
		}
	})
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

func BenchmarkShuffledEpoch(b *testing.B) {
	it, err := NewBatches(10000, 64, Shuffle(1))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for batch := range it.Epoch() {
			_ = batch
		}
	}
}
