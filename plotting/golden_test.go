package plotting

import (
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"
)

// Golden images are rendered small and at 1× to keep testdata small.
const (
	goldenWidth  = 4 * vg.Inch
	goldenHeight = 3 * vg.Inch
)

// checkGolden renders f at 1× and compares it with testdata/<name>_golden.png.
// With -regen (cmpimg's flag) it rewrites the golden image instead. On a
// mismatch the image drawn is left in testdata/<name>.png for inspection.
func checkGolden(t *testing.T, name string, f *Figure, w, h vg.Length) {
	t.Helper()
	got, err := f.png(w, h, ScreenDPI)
	if err != nil {
		t.Fatalf("%s: rendering: %v", name, err)
	}
	golden := filepath.Join("testdata", name+"_golden.png")
	if *cmpimg.GenerateTestData {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%s: %v (run go test -regen to create it)", name, err)
	}
	ok, err := cmpimg.Equal("png", got, want)
	if err != nil {
		t.Fatalf("%s: comparing: %v", name, err)
	}
	if !ok {
		out := filepath.Join("testdata", name+".png")
		_ = os.WriteFile(out, got, 0o644)
		t.Errorf("%s: image differs from %s; see %s", name, golden, out)
	}
}

// TestGolden renders every kind of plot and compares it with its golden image.
func TestGolden(t *testing.T) {
	for _, gf := range galleryFigures {
		t.Run(gf.name, func(t *testing.T) {
			f, err := gf.build()
			if err != nil {
				t.Fatal(err)
			}
			w, h := goldenWidth, goldenHeight
			if _, isGrid := f.drawer.(*gridDrawer); isGrid {
				w, h = f.Width, f.Height // a grid needs room for its cells
			}
			checkGolden(t, gf.name, f, w, h)
		})
	}
}

// TestGoldenAllNaN covers a series without a single finite value: empty axes
// with the divergence label in the middle.
func TestGoldenAllNaN(t *testing.T) {
	f, err := LossPlot{Title: "Diverged at once"}.Figure(Series{Name: "SGD", X: []float64{5, 6}, Y: []float64{nan, nan}})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "loss_all_nan", f, goldenWidth, goldenHeight)
}
