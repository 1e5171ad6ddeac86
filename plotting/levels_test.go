package plotting

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

func TestLinspace(t *testing.T) {
	v := linspace(-1, 1, 5)
	want := []float64{-1, -0.5, 0, 0.5, 1}
	for i := range want {
		if v[i] != want[i] {
			t.Fatalf("linspace(-1, 1, 5) = %v, want %v", v, want)
		}
	}
}

func TestSampleGrid(t *testing.T) {
	g := sample(func(x, y float64) float64 {
		if x == 1 && y == 1 {
			return math.Inf(1)
		}
		return 10*x + y
	}, Box{XMin: 0, XMax: 1, YMin: 0, YMax: 1}, 3)
	if c, r := g.Dims(); c != 3 || r != 3 {
		t.Fatalf("Dims = %d, %d, want 3, 3", c, r)
	}
	if got := g.Z(2, 1); got != 10*1+0.5 {
		t.Errorf("Z(2, 1) = %v, want f(X(2), Y(1)) = 10.5", got)
	}
	if got := g.Z(2, 2); !math.IsNaN(got) {
		t.Errorf("Z(2, 2) = %v, want NaN for f = +Inf", got)
	}
	if n := len(g.finite()); n != 8 {
		t.Errorf("%d finite samples, want 8", n)
	}
}

func TestLevels(t *testing.T) {
	sorted := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	lin := levels(sorted, 4, false)
	for k, v := range lin {
		if want := 2 * float64(k+1); math.Abs(v-want) > 1e-12 {
			t.Errorf("linear level %d = %v, want %v", k, v, want)
		}
	}

	// Log levels: heights above the minimum in geometric progression.
	var rs []float64
	for i := range 1000 {
		rs = append(rs, 5+math.Pow(10, float64(i)/250)) // 5 + 10^[0, 4)
	}
	lg := levels(rs, 6, true)
	ratio := (lg[1] - rs[0]) / (lg[0] - rs[0])
	for k := 1; k < len(lg); k++ {
		if r := (lg[k] - rs[0]) / (lg[k-1] - rs[0]); math.Abs(r-ratio) > 1e-9*ratio {
			t.Errorf("log levels %v: ratio %d = %v, want %v", lg, k, r, ratio)
		}
	}
	if top, want := lg[len(lg)-1], quantile(rs, 0.98); math.Abs(top-want) > 1e-9*want {
		t.Errorf("top log level = %v, want the 98%% quantile %v", top, want)
	}
	if got := levels([]float64{2, 2}, 5, true); len(got) != 1 || got[0] != 2 {
		t.Errorf("levels of a flat function = %v, want [2]", got)
	}
}

func TestAutoLevelsChoosesLogForValleys(t *testing.T) {
	ros := sample(rosenbrock, Box{XMin: -2, XMax: 2, YMin: -1, YMax: 3}, 100).finite()
	if !useLog(ros) {
		t.Error("AutoLevels chose linear levels for Rosenbrock, want log")
	}
	quad := sample(valley2, Box{XMin: -6, XMax: 6, YMin: -3, YMax: 3}, 100).finite()
	if useLog(quad) {
		t.Error("AutoLevels chose log levels for a quadratic, want linear")
	}
}

func TestLandscapeErrors(t *testing.T) {
	box := Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	cases := []struct {
		name string
		lp   LandscapePlot
		f    func(x, y float64) float64
		want string
	}{
		{"nil function", LandscapePlot{Box: box}, nil, "needs a function"},
		{"resolution", LandscapePlot{Box: box, Resolution: 1}, valley2, "resolution 1, want 2 to 1000"},
		{"levels", LandscapePlot{Box: box, NLevels: 101}, valley2, "NLevels 101, want 1 to 100"},
		{"scale", LandscapePlot{Box: box, LevelScale: 7}, valley2, "level scale LevelScale(7)"},
		{"box", LandscapePlot{Box: Box{XMin: 1, XMax: 0, YMin: 0, YMax: 1}}, valley2, "want finite bounds"},
		// Found by FuzzLandscapePlot: boxes that sampling and drawing cannot
		// resolve, one of which hung the rasterizer.
		{"subnormal box", LandscapePlot{Box: Box{XMin: 0, XMax: 5e-324, YMin: 0, YMax: 1}}, valley2, "sides of at least 1e-200"},
		{"narrow box", LandscapePlot{Box: Box{XMin: 1e6, XMax: 1e6 + 1e-5, YMin: 0, YMax: 1}}, valley2, "want finite bounds"},
		{"overflowing box", LandscapePlot{Box: Box{XMin: -1e308, XMax: 1e308, YMin: 0, YMax: 1}}, valley2, "want finite bounds"},
		{"level NaN", LandscapePlot{Box: box, Levels: []float64{1, nan}}, valley2, "level 1 is NaN"},
		{"no finite value", LandscapePlot{Box: box}, func(x, y float64) float64 { return nan }, "no finite value"},
	}
	for _, c := range cases {
		if _, err := c.lp.Figure(c.f); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// TestEmptyLevelsAreAutomatic checks that Levels of length 0 means the
// automatic levels, as nil does (issue 20: it failed at render time with an
// integer divide by zero).
func TestEmptyLevelsAreAutomatic(t *testing.T) {
	box := Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	render := func(lv []float64) []byte {
		f, err := LandscapePlot{Box: box, Resolution: 20, Levels: lv}.Figure(valley2)
		if err != nil {
			t.Fatalf("Levels %#v: %v", lv, err)
		}
		b, err := f.png(2*vg.Inch, 2*vg.Inch, ScreenDPI)
		if err != nil {
			t.Fatalf("Levels %#v: %v", lv, err)
		}
		return b
	}
	if !bytes.Equal(render([]float64{}), render(nil)) {
		t.Error("Levels []float64{} draws another figure than Levels nil")
	}
}
