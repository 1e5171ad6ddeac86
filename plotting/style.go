package plotting

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Style holds the visual choices shared by every figure of this package.
// It is passed explicitly to each plot; gonum/plot's package-level defaults
// are never changed. The zero Style means the defaults documented on each
// field, so plots may leave it unset.
//
// A Style is a plain value; plots only read it (and its Palette), so one
// Style may be shared by plots built in several goroutines at once.
type Style struct {
	// Palette gives the colours of series in order, wrapping around.
	// If Palette is nil, it will be defaulted to OkabeIto().
	Palette []color.Color

	// LineWidth is the width of data lines.
	// If LineWidth is 0, it will be defaulted to 1.5 points.
	LineWidth vg.Length

	// Typeface names the font family, one of the Liberation fonts
	// embedded by gonum/plot: "Sans", "Serif" or "Mono".
	// If Typeface is "", it will be defaulted to "Sans".
	Typeface string

	// FontSize is the size of axis labels and legend text. Tick labels are
	// 1 point smaller and titles 1 point larger.
	// If FontSize is 0, it will be defaulted to 10 points.
	FontSize vg.Length
}

// Default values of Style's fields.
const (
	defaultLineWidth = 1.5 // points
	defaultFontSize  = 10  // points
	defaultTypeface  = "Sans"
)

// OkabeIto returns the eight colours of the Okabe–Ito palette, which stay
// distinguishable under the common forms of colour blindness. They are in the
// order series use them: blue, vermillion, bluish green, reddish purple,
// orange, sky blue, black, yellow (last, because it is faint on white).
// Each call returns a new slice.
//
// Reference: M. Okabe and K. Ito, "Color Universal Design (CUD): how to make
// figures and presentations that are friendly to colorblind people" (2002).
func OkabeIto() []color.Color {
	return []color.Color{
		color.RGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
		color.RGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
		color.RGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
		color.RGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
		color.RGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
		color.RGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
		color.RGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xff}, // black
		color.RGBA{R: 0xf0, G: 0xe4, B: 0x42, A: 0xff}, // yellow
	}
}

// Limits of Style's sizes.
const maxStyleSize = 100 // points

// check reports a style field out of range.
func (s Style) check() error {
	switch s.Typeface {
	case "", "Sans", "Serif", "Mono":
	default:
		return fmt.Errorf("plotting: Style typeface %q, want \"Sans\", \"Serif\" or \"Mono\"", s.Typeface)
	}
	if !(s.FontSize >= 0 && s.FontSize <= maxStyleSize) {
		return fmt.Errorf("plotting: Style font size %v points, want 0 (default) to %d", float64(s.FontSize), maxStyleSize)
	}
	if !(s.LineWidth >= 0 && s.LineWidth <= maxStyleSize) {
		return fmt.Errorf("plotting: Style line width %v points, want 0 (default) to %d", float64(s.LineWidth), maxStyleSize)
	}
	for i, c := range s.Palette {
		if c == nil {
			return fmt.Errorf("plotting: Style palette colour %d is nil", i)
		}
	}
	return nil
}

// withDefaults returns s with every unset field replaced by its default.
func (s Style) withDefaults() Style {
	if len(s.Palette) == 0 {
		s.Palette = OkabeIto()
	}
	if s.LineWidth == 0 {
		s.LineWidth = vg.Points(defaultLineWidth)
	}
	if s.Typeface == "" {
		s.Typeface = defaultTypeface
	}
	if s.FontSize == 0 {
		s.FontSize = vg.Points(defaultFontSize)
	}
	return s
}

// Color returns the colour of the i-th series.
func (s Style) Color(i int) color.Color {
	s = s.withDefaults()
	return s.Palette[i%len(s.Palette)]
}

// line returns the style of the i-th data line.
func (s Style) line(i int) draw.LineStyle {
	return draw.LineStyle{Color: s.Color(i), Width: s.LineWidth}
}

// font returns the Liberation font of the style at the given size.
func (s Style) font(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: font.Variant(s.Typeface), Size: size}
}

// textStyle returns a text style of the given size, colour and alignment.
func (s Style) textStyle(h text.Handler, size vg.Length, c color.Color, x text.XAlignment, y text.YAlignment) text.Style {
	return text.Style{Color: c, Font: s.font(size), XAlign: x, YAlign: y, Handler: h}
}

// Colours used for the frame of every plot.
var (
	inkColor   = color.Gray{Y: 0x20}                         // axes, ticks, text
	gridColor  = color.Gray{Y: 0xe0}                         // major grid lines
	noteColor  = color.Gray{Y: 0x50}                         // notes in the legend
	paperColor = color.NRGBA{R: 255, G: 255, B: 255, A: 220} // legend background
)

// newPlot returns an empty plot whose title, axes and text follow s.
// Only fields of the new plot are set; no package-level default is touched.
func (s Style) newPlot(title, xLabel, yLabel string) *plot.Plot {
	s = s.withDefaults()
	p := plot.New()
	h := p.TextHandler
	p.Title.Text = title
	p.Title.TextStyle = s.textStyle(h, s.FontSize+1, inkColor, draw.XCenter, draw.YTop)
	p.Title.Padding = vg.Points(4)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.LineStyle = draw.LineStyle{Color: inkColor, Width: vg.Points(0.6)}
		ax.Tick.LineStyle = draw.LineStyle{Color: inkColor, Width: vg.Points(0.6)}
		ax.Tick.Length = vg.Points(4)
		ax.Label.Padding = vg.Points(2)
		ax.Padding = vg.Points(3)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Label.TextStyle = s.textStyle(h, s.FontSize, inkColor, draw.XCenter, draw.YBottom)
	p.Y.Label.TextStyle = s.textStyle(h, s.FontSize, inkColor, draw.XCenter, draw.YBottom)
	p.X.Tick.Label = s.textStyle(h, s.FontSize-1, inkColor, draw.XCenter, draw.YTop)
	p.Y.Tick.Label = s.textStyle(h, s.FontSize-1, inkColor, draw.XRight, draw.YCenter)
	p.X.Tick.Marker = linearTicks{}
	p.Y.Tick.Marker = linearTicks{}
	return p
}

// addGrid adds light major grid lines behind everything added later.
func addGrid(p *plot.Plot) {
	g := &plotter.Grid{
		Vertical:   draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)},
		Horizontal: draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)},
	}
	p.Add(g)
}
