package plotting

import (
	"bytes"
	"encoding/gob"
	"errors"
	"image/png"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// fakeNotebook replaces the notebook connection for the test and returns the
// messages sent to it.
func fakeNotebook(t *testing.T, in bool) *[]*protocol.DisplayData {
	t.Helper()
	var sent []*protocol.DisplayData
	oldIn, oldSend, oldErr, oldID, oldUpdate, oldSync := inNotebook, sendData, pipeError, newDisplayID, updateHTML, syncNotebook
	t.Cleanup(func() {
		inNotebook, sendData, pipeError, newDisplayID, updateHTML, syncNotebook = oldIn, oldSend, oldErr, oldID, oldUpdate, oldSync
	})
	// A sync is recorded as a message with no data, so tests see that every display is followed by one.
	syncNotebook = func() { sent = append(sent, &protocol.DisplayData{}) }
	inNotebook = func() bool { return in }
	sendData = func(d *protocol.DisplayData) { sent = append(sent, d) }
	pipeError = func() error { return nil }
	newDisplayID = func() string { return "live-1" }
	updateHTML = func(id, html string) { // what gonbui.UpdateHTML sends
		sent = append(sent, &protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextHTML: html}, DisplayID: id})
	}
	return &sent
}

func TestShowOutsideNotebook(t *testing.T) {
	sent := fakeNotebook(t, false)
	f, err := emaWeights()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Show(); err != nil {
		t.Errorf("Show: %v", err)
	}
	if err := f.ShowSVG(); err != nil {
		t.Errorf("ShowSVG: %v", err)
	}
	if len(*sent) != 0 {
		t.Errorf("outside a notebook, %d messages were sent", len(*sent))
	}
}

func TestShowInNotebook(t *testing.T) {
	sent := fakeNotebook(t, true)
	f, err := lossSingle()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Show(); err != nil {
		t.Fatal(err)
	}
	if len(*sent) != 2 || (*sent)[1].Data != nil {
		t.Fatalf("%d messages sent, want 2: the figure, then a sync", len(*sent))
	}
	d := (*sent)[0]
	b, ok := d.Data[protocol.MIMEImagePNG].([]byte)
	if !ok || len(d.Data) != 1 {
		t.Fatalf("data = %T %v, want only image/png bytes", d.Data[protocol.MIMEImagePNG], len(d.Data))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	w, h := cssPixels(f.Width), cssPixels(f.Height)
	if cfg.Width != 2*w || cfg.Height != 2*h {
		t.Errorf("PNG is %d × %d, want %d × %d (2×)", cfg.Width, cfg.Height, 2*w, 2*h)
	}
	// Flat metadata with the 1× size, as plain ints.
	if got := d.Metadata; len(got) != 2 || got["width"] != w || got["height"] != h {
		t.Errorf("metadata = %v, want flat width %d and height %d", got, w, h)
	}
	if d.DisplayID != "" {
		t.Errorf("DisplayID = %q, want a normal (not transient) display", d.DisplayID)
	}
	// GoNB sends the message with encoding/gob: it must encode.
	if err := gob.NewEncoder(&bytes.Buffer{}).Encode(d); err != nil {
		t.Errorf("the display message does not gob-encode: %v", err)
	}
}

// TestNestedMetadataDoesNotEncode shows why the metadata is flat: the
// nested form Jupyter also accepts cannot cross GoNB's gob pipe.
func TestNestedMetadataDoesNotEncode(t *testing.T) {
	d := &protocol.DisplayData{
		Data:     map[protocol.MIMEType]any{protocol.MIMEImagePNG: []byte{1}},
		Metadata: map[string]any{"image/png": map[string]any{"width": 10}},
	}
	if err := gob.NewEncoder(&bytes.Buffer{}).Encode(d); err == nil {
		t.Error("nested metadata gob-encoded; the flat-metadata workaround may no longer be needed")
	}
}

func TestShowSVGInNotebook(t *testing.T) {
	sent := fakeNotebook(t, true)
	f, err := emaWeights()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.ShowSVG(); err != nil {
		t.Fatal(err)
	}
	if len(*sent) != 2 || (*sent)[1].Data != nil {
		t.Fatalf("%d messages sent, want 2: the figure, then a sync", len(*sent))
	}
	h, _ := (*sent)[0].Data[protocol.MIMETextHTML].(string)
	if !strings.HasPrefix(h, "<div><svg ") || !strings.HasSuffix(h, "</svg>\n</div>") {
		t.Errorf("html = %.60q…, want an inline <svg> in a <div>", h)
	}
	if strings.Contains(h, "<?xml") {
		t.Error("the inline SVG keeps its XML declaration")
	}
}

func TestShowReportsErrors(t *testing.T) {
	fakeNotebook(t, true)
	pipeError = func() error { return errors.New("pipe closed") }
	f, _ := emaWeights()
	if err := f.Show(); err == nil || !strings.Contains(err.Error(), "pipe closed") {
		t.Errorf("Show with a broken pipe: error = %v", err)
	}
	want := errors.New("no figure")
	if err := Show(nil, want); err != want {
		t.Errorf("Show(nil, err) = %v, want err", err)
	}
	f.Width = -1
	if err := f.Show(); err == nil {
		t.Error("Show of a figure with a negative width gave no error")
	}
}
