// Package data provides the datasets and mini-batches of descent's lessons:
// a small in-memory [Dataset], deterministic synthetic datasets, a train/test
// split and a mini-batch iterator.
//
// # Datasets
//
// A Dataset holds its inputs as one flat row-major slice X (Len() rows of
// Features() values) and its targets in Y; classification datasets also carry
// integer Labels and NumClasses. [Dataset.Gather] copies the rows of a
// mini-batch into preallocated buffers without allocating.
//
// # Synthetic data and determinism
//
// [Regression], [TwoClass] and [MultiClass] generate data from an explicit
// seed using math/rand/v2's PCG generator, which is fully specified, so a
// given seed yields the same dataset on every run and every machine. Every
// generated value is rounded to a multiple of 2⁻¹⁰, as in descent's torch
// reference data. The rounding makes a dataset hold exactly the same numbers
// in float32 and float64 (for values below 2¹⁴ in magnitude, that is unless
// the noise is in the thousands), and it absorbs the last-bit differences that the
// math functions behind the Gaussian and trigonometric draws (math.Log,
// math.Exp, math.Sin…) may show between architectures.
//
// # Mini-batches
//
// [NewBatches] returns an iterator over the batches of each epoch, as row
// indices, in sequential, shuffled or explicitly given order:
//
//	it, err := data.NewBatches(ds.Len(), 8, data.Shuffle(seed))
//	...
//	for epoch := range 5 {
//		for batch := range it.Epoch() {
//			if err := ds.Gather(x, y, batch); err != nil { ... }
//			...
//		}
//	}
//
// A shuffled epoch's order depends only on the seed and the epoch number,
// so a run resumed with [Batches.SetEpoch] sees the same batches as an
// uninterrupted one. [Orders] replays recorded per-epoch permutations, such
// as the batch_orders of a torch reference run.
package data
