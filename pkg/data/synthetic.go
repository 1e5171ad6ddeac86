package data

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// checkSynthetic validates the arguments shared by the generators.
func checkSynthetic(n, features int, noise float64) error {
	if n < 1 {
		return fmt.Errorf("data: %d rows, want at least 1", n)
	}
	if features < 1 {
		return fmt.Errorf("data: %d features, want at least 1", features)
	}
	if _, err := tensor.NumElements([]int{n, features}); err != nil {
		return fmt.Errorf("data: %d rows × %d features: %w", n, features, err)
	}
	if !(noise >= 0) || math.IsInf(noise, 0) { // also rejects NaN
		return fmt.Errorf("data: noise %v, want a finite value ≥ 0", noise)
	}
	return nil
}
