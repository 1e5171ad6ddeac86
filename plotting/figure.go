package plotting

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Resolutions of raster output. A notebook shows a PNG rendered at
// PNGDPI at half its pixel size, which is sharp on high-density screens.
const (
	// ScreenDPI is the CSS pixel density: one inch is 96 pixels at 1×.
	ScreenDPI = 96
	// PNGDPI is the resolution of PNG output: 2× the screen density.
	PNGDPI = 2 * ScreenDPI
)

// Default figure sizes.
const (
	DefaultWidth  = 5 * vg.Inch   // width of a single plot
	DefaultHeight = 3.5 * vg.Inch // height of a single plot
	maxSide       = 100 * vg.Inch // larger sizes are refused
)

// Figure is a finished plot, or a grid of plots, ready to be rendered as
// PNG or SVG, saved, or shown in a GoNB notebook.
// Figures are built by the plot types of this package (LossPlot,
// LandscapePlot, GridPlot, …). Rendering does not change what a figure
// shows, and gives the same bytes on every run.
//
// A Figure is not safe for concurrent use: gonum/plot adjusts a plot's axes
// while drawing it, so render a figure (PNG, SVG, Save, Show) from one
// goroutine at a time. A grid (GridPlot) draws the plots of the figures it
// was made of, so neither the grid nor those figures may be rendered while
// another of them is. Figures built separately are independent.
type Figure struct {
	// Width and Height are the size used by Show, ShowSVG and Save, and by
	// PNG and SVG when they are given a zero size.
	Width, Height vg.Length

	plot   *plot.Plot // nil for a grid
	drawer drawer
}

// drawer draws a figure's content on a canvas.
type drawer interface {
	draw(c draw.Canvas)
}

// newFigure returns a figure of the default size drawing pn.
func newFigure(pn *panel) *Figure {
	return &Figure{Width: DefaultWidth, Height: DefaultHeight, plot: pn.plot, drawer: pn}
}

// Plot returns the gonum/plot plot behind a single-plot figure, for changes
// this package does not offer, or nil for a grid.
func (f *Figure) Plot() *plot.Plot {
	return f.plot
}

// size returns (w, h), or the figure's size where they are zero, and checks
// it.
func (f *Figure) size(w, h vg.Length) (vg.Length, vg.Length, error) {
	if w == 0 {
		w = f.Width
	}
	if h == 0 {
		h = f.Height
	}
	if !(w > 0 && w <= maxSide) || !(h > 0 && h <= maxSide) {
		return 0, 0, fmt.Errorf("plotting: figure size %.4g × %.4g in, want each side in (0, %g] in", w/vg.Inch, h/vg.Inch, maxSide/vg.Inch)
	}
	return w, h, nil
}

// PNG renders the figure as a PNG image of w × h at PNGDPI (twice the pixels
// of the size at 1×). A zero w or h means the figure's Width or Height.
func (f *Figure) PNG(w, h vg.Length) ([]byte, error) {
	return f.png(w, h, PNGDPI)
}

// png renders the figure as a PNG image of w × h at dpi.
func (f *Figure) png(w, h vg.Length, dpi int) ([]byte, error) {
	w, h, err := f.size(w, h)
	if err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	if err := f.render(c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("plotting: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// SVG renders the figure as an SVG document of w × h. Fonts are named, not
// embedded. A zero w or h means the figure's Width or Height.
func (f *Figure) SVG(w, h vg.Length) ([]byte, error) {
	w, h, err := f.size(w, h)
	if err != nil {
		return nil, err
	}
	c := vgsvg.NewWith(vgsvg.UseWH(w, h))
	if err := f.render(c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotting: writing SVG: %w", err)
	}
	return buf.Bytes(), nil
}

// Save writes the figure at its Width × Height to path, as PNG (at PNGDPI)
// or SVG by the extension ".png" or ".svg".
func (f *Figure) Save(path string) error {
	var (
		b   []byte
		err error
	)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		b, err = f.PNG(0, 0)
	case ".svg":
		b, err = f.SVG(0, 0)
	default:
		return fmt.Errorf("plotting: cannot save %q: extension %q, want .png or .svg", path, ext)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// render draws the figure on c. gonum/plot panics on some inputs this
// package does not foresee; such a panic is returned as an error.
func (f *Figure) render(c vg.CanvasSizer) (err error) {
	if f == nil || f.drawer == nil {
		return fmt.Errorf("plotting: rendering an empty Figure; build figures with this package's plot types")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plotting: rendering failed: %v", r)
		}
	}()
	f.drawer.draw(draw.New(c))
	return nil
}
