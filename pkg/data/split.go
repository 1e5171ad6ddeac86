package data

import (
	"fmt"
	"math"
	"slices"
)

// Split divides the rows at random into a training and a test set, with
// round(testFraction·Len()) rows in the test set. The choice depends only on
// the seed; both parts keep the rows in their original relative order. It is
// not stratified: with few rows, class proportions may differ between the
// parts. It returns an error unless 0 < testFraction < 1 and both parts get
// at least one row.
func (d *Dataset[T]) Split(testFraction float64, seed uint64) (train, test *Dataset[T], err error) {
	if !(testFraction > 0 && testFraction < 1) { // also rejects NaN
		return nil, nil, fmt.Errorf("data: test fraction %v is outside (0, 1)", testFraction)
	}
	n := d.Len()
	nTest := int(math.Round(testFraction * float64(n)))
	if nTest < 1 || nTest > n-1 {
		return nil, nil, fmt.Errorf("data: test fraction %v of %d rows gives %d test rows, want between 1 and %d",
			testFraction, n, nTest, n-1)
	}
	perm := make([]int, n)
	shuffle(perm, newRand(seed, streamSplit))
	testIdx, trainIdx := perm[:nTest], perm[nTest:]
	slices.Sort(testIdx)
	slices.Sort(trainIdx)
	if train, err = d.Subset(trainIdx); err != nil {
		return nil, nil, err
	}
	if test, err = d.Subset(testIdx); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}
