package optim_test

import (
	"fmt"
	"os"
	"testing"

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

// The helpers below are internal/reference under the names seed_test.go
// uses.

// tol32 is the float32 tolerance of the reference README's error measure.
const tol32 = reference.Tol32

// referenceDir returns the directory of the shared reference files
// (reference.Dir), failing t if there is none.
func referenceDir(t *testing.T) string {
	dir, err := reference.Dir()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// loadRefFile reads and checks the reference file at path.
func loadRefFile(path string) (*refFile, error) {
	f, err := reference.Load(path)
	if err != nil {
		return nil, err
	}
	return &refFile{f}, nil
}

// findJSON returns every .json file under dir, recursively, sorted.
func findJSON(dir string) ([]string, error) { return reference.Files(dir) }

// moduleRoot returns the root directory of the module.
func moduleRoot() (string, error) { return reference.ModuleRoot() }

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
