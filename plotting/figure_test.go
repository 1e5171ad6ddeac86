package plotting

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func TestPNGIsTwiceTheScreenSize(t *testing.T) {
	f, err := lossSingle()
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.PNG(4*vg.Inch, 3*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 2*4*96 || cfg.Height != 2*3*96 {
		t.Errorf("PNG of 4 × 3 in is %d × %d pixels, want 768 × 576", cfg.Width, cfg.Height)
	}
	// A zero size means the figure's own.
	b, err = f.PNG(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, _ = png.DecodeConfig(bytes.NewReader(b)); cfg.Width != 2*cssPixels(DefaultWidth) || cfg.Height != 2*cssPixels(DefaultHeight) {
		t.Errorf("PNG at the default size is %d × %d pixels, want %d × %d", cfg.Width, cfg.Height, 2*cssPixels(DefaultWidth), 2*cssPixels(DefaultHeight))
	}
}

// TestRenderingIsDeterministic renders each figure twice, from two builds,
// and wants the same bytes.
func TestRenderingIsDeterministic(t *testing.T) {
	for _, gf := range galleryFigures {
		var out [2][]byte
		for i := range out {
			f, err := gf.build()
			if err != nil {
				t.Fatal(err)
			}
			if out[i], err = f.png(3*vg.Inch, 2*vg.Inch, ScreenDPI); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("%s: two renderings differ", gf.name)
		}
	}
}

func TestSVG(t *testing.T) {
	f, err := landscapeHeatMap()
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.SVG(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<svg width="360pt" height="252pt"`, "0.1x² + 2y²", "<image"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	again, _ := f.SVG(0, 0)
	if !bytes.Equal(b, again) {
		t.Error("two SVG renderings differ")
	}
}

func TestSave(t *testing.T) {
	f, err := emaWeights()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.png", "b.SVG"} {
		path := filepath.Join(dir, name)
		if err := f.Save(path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "png") && !bytes.HasPrefix(b, []byte("\x89PNG")) ||
			strings.HasSuffix(name, "SVG") && !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s has the wrong format", name)
		}
	}
	if err := f.Save(filepath.Join(dir, "c.jpg")); err == nil || !strings.Contains(err.Error(), `extension ".jpg", want .png or .svg`) {
		t.Errorf("Save(.jpg): error = %v", err)
	}
}

func TestFigureErrors(t *testing.T) {
	f, err := emaWeights()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range [][2]vg.Length{{-1, 1}, {1, -2}, {200 * vg.Inch, 1}} {
		if _, err := f.PNG(s[0], s[1]); err == nil || !strings.Contains(err.Error(), "want each side in (0, 100] in") {
			t.Errorf("PNG(%v, %v): error = %v", s[0], s[1], err)
		}
	}
	var empty Figure
	if _, err := empty.PNG(0, 0); err == nil {
		t.Error("rendering the zero Figure gave no error")
	}
	if _, err := (*Figure)(nil).SVG(vg.Inch, vg.Inch); err == nil {
		t.Error("rendering a nil Figure gave no error")
	}
}

func TestGridErrors(t *testing.T) {
	single, _ := emaWeights()
	grid, err := GridPlot{}.Figure(single, nil)
	if err != nil {
		t.Fatal(err)
	}
	if grid.Plot() != nil || single.Plot() == nil {
		t.Error("Plot() is nil for a single plot or non-nil for a grid")
	}
	logLoss, _ := lossLogMany()
	cases := []struct {
		name string
		gp   GridPlot
		figs []*Figure
		want string
	}{
		{"nested", GridPlot{}, []*Figure{single, grid}, "figure 1 is not a single plot"},
		{"columns", GridPlot{Cols: 3}, []*Figure{single, single}, "3 columns for 2 figures, want 1 to 2"},
		{"mixed scales", GridPlot{ShareY: true}, []*Figure{single, logLoss}, "between linear and logarithmic"},
	}
	for _, c := range cases {
		if _, err := c.gp.Figure(c.figs...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// TestGridSharingRestoresRanges checks that a grid with shared axes leaves
// its figures' own ranges as they were.
func TestGridSharingRestoresRanges(t *testing.T) {
	a, _ := Loss(Series{Y: []float64{1, 2}})
	b, _ := Loss(Series{Y: []float64{10, 20, 30}})
	g, err := GridPlot{ShareX: true, ShareY: true}.Figure(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.PNG(0, 0); err != nil {
		t.Fatal(err)
	}
	if p := a.Plot(); p.X.Min != 0 || p.X.Max != 1 || p.Y.Min != 1 || p.Y.Max != 2 {
		t.Errorf("after the grid, the first figure's ranges are x [%v, %v], y [%v, %v], want [0, 1], [1, 2]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
}

func TestStyleErrors(t *testing.T) {
	one := Series{Y: []float64{1, 2}}
	cases := []struct {
		style Style
		want  string
	}{
		{Style{Typeface: "Comic"}, `typeface "Comic", want "Sans", "Serif" or "Mono"`},
		{Style{FontSize: -3}, "font size -3 points, want 0 (default) to 100"},
		{Style{LineWidth: 500}, "line width 500 points, want 0 (default) to 100"},
		{Style{Palette: []color.Color{color.Black, nil}}, "palette colour 1 is nil"},
	}
	for _, c := range cases {
		for name, build := range map[string]func() (*Figure, error){
			"LossPlot":      func() (*Figure, error) { return LossPlot{Style: c.style}.Figure(one) },
			"LandscapePlot": func() (*Figure, error) { return LandscapePlot{Style: c.style, Box: Box{0, 1, 0, 1}}.Figure(valley2) },
			"GridPlot":      func() (*Figure, error) { f, _ := Loss(one); return GridPlot{Style: c.style}.Figure(f) },
		} {
			if _, err := build(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s with %+v: error = %v, want it to contain %q", name, c.style, err, c.want)
			}
		}
	}
	// The Serif and Mono faces exist and render.
	for _, tf := range []string{"Serif", "Mono"} {
		f, err := LossPlot{Style: Style{Typeface: tf}}.Figure(one)
		if err == nil {
			_, err = f.PNG(2*vg.Inch, 2*vg.Inch)
		}
		if err != nil {
			t.Errorf("typeface %s: %v", tf, err)
		}
	}
}

// TestPackageDefaultsUntouched renders every figure and checks that
// gonum/plot's package-level defaults are as they were.
func TestPackageDefaultsUntouched(t *testing.T) {
	line, glyph, grid := plotter.DefaultLineStyle, plotter.DefaultGlyphStyle, plotter.DefaultGridLineStyle
	fnt, size := plot.DefaultFont, plotter.DefaultFontSize
	for _, gf := range galleryFigures {
		f, err := gf.build()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.png(2*vg.Inch, 2*vg.Inch, ScreenDPI); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(line, plotter.DefaultLineStyle) || !reflect.DeepEqual(glyph, plotter.DefaultGlyphStyle) ||
		!reflect.DeepEqual(grid, plotter.DefaultGridLineStyle) || fnt != plot.DefaultFont || size != plotter.DefaultFontSize {
		t.Error("rendering changed a gonum/plot package-level default")
	}
}
