package autograd

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// torchRun holds, for one optimizer run recorded from torch 1.13, the
// parameters each step started from and torch's loss and gradient there
// (see testdata/README.md).
type torchRun struct {
	ID     string      `json:"id"`
	DType  string      `json:"dtype"`
	Params [][]float64 `json:"params"`
	Loss   []float64   `json:"loss"`
	Grad   [][]float64 `json:"grad"`
}

type torchFile struct {
	X    [][]float64 `json:"X"`
	Y    []float64   `json:"y"`
	Runs []torchRun  `json:"runs"`
}

func loadTorch(t *testing.T, name string) torchFile {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var f torchFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(f.Runs) == 0 {
		t.Fatalf("%s: no runs", name)
	}
	return f
}

// TestMSELossScalarMatchesTorchBitForBit replays nn.MSELoss()(theta,
// tensor(3.0)) at every parameter value of four torch runs: the loss and
// the gradient must be torch's to the last bit.
func TestMSELossScalarMatchesTorchBitForBit(t *testing.T) {
	for _, run := range loadTorch(t, "quadratic_torch.json").Runs {
		t.Run(run.ID, func(t *testing.T) {
			switch run.DType {
			case "float32":
				checkScalarMSE[float32](t, run)
			case "float64":
				checkScalarMSE[float64](t, run)
			default:
				t.Fatalf("unknown dtype %q", run.DType)
			}
		})
	}
}

func checkScalarMSE[T tensor.Float](t *testing.T, run torchRun) {
	for k, p := range run.Params {
		theta := tensor.Scalar("theta", T(p[0]))
		loss := MSELoss(Param(theta), Scalar[T](3))
		if err := loss.Backward(); err != nil {
			t.Fatal(err)
		}
		if got, want := loss.Item(), T(run.Loss[k]); got != want {
			t.Errorf("step %d, theta %v: loss %v, torch %v", k, theta.Value[0], got, want)
		}
		if got, want := theta.Grad[0], T(run.Grad[k][0]); got != want {
			t.Errorf("step %d, theta %v: grad %v, torch %v", k, theta.Value[0], got, want)
		}
	}
}

// TestLinearRegressionMatchesTorch compares the loss and gradient of
// nn.Linear(3,1) + nn.MSELoss on the reference data with torch's. torch sums
// in its own order, so agreement is to rounding: 1e-14 relative in float64
// and 1e-6 in float32 (the reference README's figures).
func TestLinearRegressionMatchesTorch(t *testing.T) {
	f := loadTorch(t, "linreg_torch.json")
	for _, run := range f.Runs {
		t.Run(run.ID, func(t *testing.T) {
			switch run.DType {
			case "float32":
				checkLinreg[float32](t, f, run, 1e-6)
			case "float64":
				checkLinreg[float64](t, f, run, 1e-14)
			default:
				t.Fatalf("unknown dtype %q", run.DType)
			}
		})
	}
}

func checkLinreg[T tensor.Float](t *testing.T, f torchFile, run torchRun, tol float64) {
	x, y := linregData[T](f)
	for k, p := range run.Params {
		l := &Linear[T]{
			Weight: tensor.Zeros[T]("weight", 1, 3),
			Bias:   tensor.Zeros[T]("bias", 1),
		}
		for i := range 3 {
			l.Weight.Value[i] = T(p[i])
		}
		l.Bias.Value[0] = T(p[3])
		loss := MSELoss(l.Forward(x), y)
		if err := loss.Backward(); err != nil {
			t.Fatal(err)
		}
		if got, want := float64(loss.Item()), run.Loss[k]; math.Abs(got-want) > tol*math.Abs(want) {
			t.Errorf("step %d: loss %.17g, torch %.17g", k, got, want)
		}
		grad := append(append([]T(nil), l.Weight.Grad...), l.Bias.Grad...)
		scale := 0.0
		for _, g := range run.Grad[k] {
			scale = max(scale, math.Abs(g))
		}
		for i, want := range run.Grad[k] {
			if got := float64(grad[i]); math.Abs(got-want) > tol*scale {
				t.Errorf("step %d: grad[%d] = %.17g, torch %.17g", k, i, got, want)
			}
		}
	}
}

// linregData returns the reference inputs X [64,3] and targets y [64,1]
// (shaped like nn.Linear's output, since MSELoss needs equal shapes).
func linregData[T tensor.Float](f torchFile) (x, y *Var[T]) {
	var xs, ys []T
	for _, row := range f.X {
		for _, v := range row {
			xs = append(xs, T(v))
		}
	}
	for _, v := range f.Y {
		ys = append(ys, T(v))
	}
	return FromValues([]int{len(f.X), len(f.X[0])}, xs), FromValues([]int{len(ys), 1}, ys)
}
