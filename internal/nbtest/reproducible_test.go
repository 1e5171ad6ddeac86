package nbtest_test

import (
	"slices"
	"strings"
	"testing"
)

// variesTag marks a cell whose text output legitimately changes from run to run (wall-clock
// timings, for example). Its text is not compared; its images are still counted.
const variesTag = "varies"

// checkReproducible compares the text outputs of a freshly executed notebook with the outputs
// committed in the repository, cell by cell, so the saved lessons never drift from the code.
// Images are compared by number and kind only.
func checkReproducible(t *testing.T, committed, fresh *notebook) {
	t.Helper()
	if len(committed.Cells) != len(fresh.Cells) {
		t.Fatalf("committed notebook has %d cells, executed copy %d", len(committed.Cells), len(fresh.Cells))
	}
	for i := range committed.Cells {
		c, f := committed.Cells[i], fresh.Cells[i]
		if c.CellType != "code" {
			continue
		}
		if len(c.Outputs) == 0 && len(f.Outputs) > 0 {
			t.Errorf("cell %d: the committed notebook has no outputs; commit it executed (make lessons, then copy build/lessons/*.ipynb to notebooks/)", i)
			continue
		}
		ct, ft := cellText(c), cellText(f)
		if c.hasTag(variesTag) {
			ct, ft = nil, nil
		}
		if !slices.Equal(ct, ft) {
			t.Errorf("cell %d: committed text output differs from a fresh run (re-execute and commit the notebook, or tag the cell %q if it prints timings)\ncommitted:\n%s\nfresh:\n%s",
				i, variesTag, strings.Join(ct, "\n"), strings.Join(ft, "\n"))
		}
		if ci, fi := cellImages(c), cellImages(f); !slices.Equal(ci, fi) {
			t.Errorf("cell %d: committed images %v, a fresh run shows %v", i, ci, fi)
		}
	}
}

// cellText returns the text a reader sees in the cell's outputs: each stream's text joined
// (GoNB may split a stream around an image, at a different place each run), then plain text,
// Markdown and HTML outputs in order.
func cellText(c cell) []string {
	var out []string
	streams := map[string]string{}
	for _, o := range c.Outputs {
		switch o.OutputType {
		case "stream":
			streams[o.Name] += string(o.Text)
		case "display_data", "execute_result":
			for _, mime := range []string{"text/plain", "text/markdown", "text/html"} {
				if v, ok := o.Data[mime]; ok && !isImageWrapper(string(v)) && !isGoNBBootstrap(string(v)) {
					out = append(out, mime+": "+string(v))
				}
			}
		case "error":
			out = append(out, "error: "+o.EName+": "+o.EValue)
		}
	}
	for _, name := range []string{"stdout", "stderr"} {
		if text, ok := streams[name]; ok {
			out = append(out, name+": "+text)
		}
	}
	return out
}

// isGoNBBootstrap reports whether an HTML output is the script with which GoNB connects its
// WebSocket to a browser, for widgets: it names the kernel, so it differs on every run, and a
// cell whose sliders found no browser (pkg/lesson's Panel) leaves it in the saved notebook.
func isGoNBBootstrap(html string) bool {
	return strings.HasPrefix(strings.TrimSpace(html), "<script") && strings.Contains(html, "gonb_comm")
}

// isImageWrapper reports whether an HTML output only wraps an image (an inline SVG or a data URL),
// which is compared as an image, not as text.
func isImageWrapper(html string) bool {
	s := strings.TrimSpace(html)
	return strings.HasPrefix(s, "<div><svg") || strings.HasPrefix(s, "<svg") || strings.HasPrefix(s, "<img")
}

func cellImages(c cell) []string {
	var out []string
	for _, o := range c.Outputs {
		for _, mime := range []string{"image/png", "image/svg+xml"} {
			if _, ok := o.Data[mime]; ok {
				out = append(out, mime)
			}
		}
		if v, ok := o.Data["text/html"]; ok && isImageWrapper(string(v)) {
			out = append(out, "text/html image")
		}
	}
	return out
}

// hasTag reports whether the cell's metadata carries the tag.
func (c cell) hasTag(tag string) bool {
	var md struct {
		Tags []string `json:"tags"`
	}
	if len(c.Metadata) == 0 {
		return false
	}
	if err := jsonUnmarshal(c.Metadata, &md); err != nil {
		return false
	}
	return slices.Contains(md.Tags, tag)
}
