package plotting

import (
	"bytes"
	"fmt"
	"math"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot/vg"
)

// The notebook connection, replaced in tests.
var (
	// inNotebook reports whether the program runs in a GoNB cell.
	inNotebook = func() bool { return gonbui.IsNotebook }
	// sendData sends a display message to the notebook.
	sendData = gonbui.SendData
	// pipeError returns the state of the connection to GoNB.
	pipeError = gonbui.Error
	// syncNotebook waits until GoNB has received everything sent so far.
	syncNotebook = gonbui.Sync
)

// Show displays the figure in a GoNB notebook, as the cell's output: a PNG
// at PNGDPI shown at its 1× size, so it is sharp on high-density screens.
// The output is an image/png display_data, which Jupyter keeps in the saved
// notebook. Outside a notebook Show does nothing and returns nil.
func (f *Figure) Show() error {
	if !inNotebook() {
		return nil
	}
	png, err := f.PNG(0, 0)
	if err != nil {
		return err
	}
	return display(pngDisplay(png, f.Width, f.Height))
}

// ShowSVG displays the figure in a GoNB notebook as inline SVG, inside
// HTML as gonbui.DisplaySvg does, because Jupyter's HTML export drops bare
// SVG outputs. Outside a notebook ShowSVG does nothing and returns nil.
func (f *Figure) ShowSVG() error {
	if !inNotebook() {
		return nil
	}
	svg, err := f.SVG(0, 0)
	if err != nil {
		return err
	}
	return display(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{protocol.MIMETextHTML: "<div>" + string(inlineSVG(svg)) + "</div>"},
	})
}

// Show displays the figure returned with err, or returns err; it lets a
// notebook cell draw in one line:
//
//	plotting.Show(plotting.Loss(trace.Series()))
func Show(f *Figure, err error) error {
	if err != nil {
		return err
	}
	return f.Show()
}

// pngDisplay returns the display message of a PNG drawn for a w × h figure.
// The size at 1× goes in flat "width" and "height" metadata: GoNB sends
// metadata through encoding/gob, which cannot encode the nested form
// {"image/png": {"width": …}}, and such a message is lost without an error
// in the cell.
func pngDisplay(png []byte, w, h vg.Length) *protocol.DisplayData {
	return &protocol.DisplayData{
		Data:     map[protocol.MIMEType]any{protocol.MIMEImagePNG: png},
		Metadata: map[string]any{"width": cssPixels(w), "height": cssPixels(h)},
	}
}

// cssPixels returns l in CSS pixels (1/96 inch), rounded as vgimg rounds.
func cssPixels(l vg.Length) int {
	return int(math.Floor(l.Dots(ScreenDPI) + 0.5))
}

// display sends d to the notebook and reports a broken connection.
//
// It waits until GoNB has received the message: a cell's program that
// exits right after a display would otherwise lose a message still in
// transit, and the figure would be missing from the cell's output.
func display(d *protocol.DisplayData) error {
	sendData(d)
	syncNotebook()
	if err := pipeError(); err != nil {
		return fmt.Errorf("plotting: displaying in the notebook: %w", err)
	}
	return nil
}

// inlineSVG drops the XML declaration and generator comment of an SVG
// document, which have no place inside HTML.
func inlineSVG(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		return svg[i:]
	}
	return svg
}
