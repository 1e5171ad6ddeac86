package optim_test

import (
	"fmt"

	"github.com/descentlab/descent/internal/reference"
)

// refFile is a torch reference file as internal/reference reads and checks
// it (see testdata/reference/README.md and testdata/extra/README.md), with
// the accessor problems_test.go uses.
type refFile struct{ *reference.File }

// data returns the stored dataset of the regression problems and the MLP.
func (f *refFile) data() (X [][]float64, y []float64, err error) {
	if f.Data == nil || len(f.Data.X) == 0 || len(f.Data.X) != len(f.Data.Y) {
		return nil, nil, fmt.Errorf("problem %s: data X and y missing or of different lengths", f.Problem)
	}
	return f.Data.X, f.Data.Y, nil
}
