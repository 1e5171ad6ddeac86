package e2e_test

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
)

// The classic Notebook (6.x) page, as the JavaScript below reads it:
//   - Jupyter.notebook is the notebook; its events report cells starting ("execute.CodeCell") and
//     finishing, outputs included ("finished_execute.CodeCell");
//   - #kernel_indicator_icon has the class kernel_idle_icon while the kernel is idle;
//   - a cell has the class "running" from its start until the kernel's reply;
//   - outputs are .output_subarea elements: .output_error for errors, .output_stderr for stderr.

// kernelReady is true once the notebook is loaded and its kernel is connected and idle.
const kernelReady = `() => typeof Jupyter !== 'undefined' && !!Jupyter.notebook && Jupyter.notebook._fully_loaded &&
	!!Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() &&
	document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null`

// countExecutions starts counting cell executions and returns the number of code cells that
// Run All will execute (those that are not empty).
const countExecutions = `() => {
	window.e2e = {executed: 0, finished: 0};
	Jupyter.notebook.events.on('execute.CodeCell', () => window.e2e.executed++);
	Jupyter.notebook.events.on('finished_execute.CodeCell', () => window.e2e.finished++);
	return JSON.stringify(Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code' && c.get_text().trim() !== '').length);
}`

// allRun is true when all n cells have started, none is running any more, their outputs have
// arrived (or an error stopped the run) and the kernel is idle.
const allRun = `(n) => window.e2e.executed >= n &&
	document.querySelectorAll('#notebook-container .cell.running').length === 0 &&
	document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null &&
	(window.e2e.finished >= window.e2e.executed || document.querySelector('#notebook-container .output_error') !== null)`

// imagesLoaded is true when every image in the outputs has been decoded.
const imagesLoaded = `() => Array.from(document.querySelectorAll('#notebook-container .output_subarea img')).every(im => im.complete)`

// readOutputs returns what the page shows below each code cell.
const readOutputs = `() => JSON.stringify(Jupyter.notebook.get_cells().flatMap((c, i) => {
	if (c.cell_type !== 'code') return [];
	const el = c.element[0];
	const text = sel => Array.from(el.querySelectorAll(sel)).map(e => e.innerText);
	return [{
		index: i,
		tags: (c.metadata && c.metadata.tags) || [],
		texts: text('.output_subarea:not(.output_error):not(.output_stderr)'),
		stderr: text('.output_subarea.output_stderr'),
		errors: text('.output_subarea.output_error'),
		images: Array.from(el.querySelectorAll('.output_subarea img')).filter(im => im.complete && im.naturalWidth > 0).length +
			el.querySelectorAll('.output_subarea svg').length,
	}];
}))`

// showResult scrolls the first plot after the output that shows the given line (or the first plot)
// to the bottom of the window, so that the screenshot has the plot and, above it, the printed value.
const showResult = `(line) => {
	const q = '#notebook-container .output_subarea';
	const out = Array.from(document.querySelectorAll(q)).find(o => o.innerText.split('\n').includes(line));
	const plots = Array.from(document.querySelectorAll(q + ' img, ' + q + ' svg'));
	const plot = plots.find(p => !out || (out.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING)) || plots[0];
	if (plot) plot.scrollIntoView({block: 'end'});
	else if (out) out.scrollIntoView({block: 'start'});
	return true;
}`

// cellOutputs is what readOutputs reports for one code cell.
type cellOutputs struct {
	Index  int      `json:"index"`
	Tags   []string `json:"tags"`
	Texts  []string `json:"texts"`
	Stderr []string `json:"stderr"`
	Errors []string `json:"errors"`
	Images int      `json:"images"`
}

// runLesson opens the lesson with the token, clicks Cell ▸ Run All, waits until every cell has run
// and the kernel is idle, and checks the page against the lesson's expected lines and images.
// The lesson's file is left as it was: autosave is turned off first.
func runLesson(t *testing.T, srv *server, b *rod.Browser, root string, l lesson) {
	path := filepath.Join(root, "notebooks", l.notebook)
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the table of lessons names %s: %v", l.notebook, err)
	}
	defer func() {
		if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, original) {
			t.Errorf("running the lesson in the browser changed %s; restoring it", path)
			_ = os.WriteFile(path, original, 0o644)
		}
	}()

	p := newPage(t, b)
	navigate(t, p, srv.base+"/notebooks/"+url.PathEscape(l.notebook)+"?token="+srv.token)
	defer func() {
		first := ""
		if len(l.lines) > 0 {
			first = l.lines[0]
		}
		_, _ = p.Eval(showResult, first)
		screenshot(t, p, filepath.Join(root, "build", l.screenshot))
	}()
	waitFor(t, p, 90*time.Second, "the classic notebook page to load and its kernel to be ready", kernelReady)
	if _, err := p.Eval(`() => Jupyter.notebook.set_autosave_interval(0)`); err != nil {
		t.Fatalf("turning autosave off: %v", err)
	}

	var cells int
	evalJSON(t, p, &cells, countExecutions)
	start := time.Now()
	click(t, p, "#celllink")
	click(t, p, "#run_all_cells > a")
	waitFor(t, p, 5*time.Minute, "all cells to run and the kernel to be idle", allRun, cells)
	waitFor(t, p, 30*time.Second, "the images to load", imagesLoaded)
	t.Logf("Run All: %d code cells ran in %.1f s", cells, time.Since(start).Seconds())

	var outs []cellOutputs
	evalJSON(t, p, &outs, readOutputs)
	checkOutputs(t, outs, l)
}

// checkOutputs compares the page's outputs with the lesson's expectations.
func checkOutputs(t *testing.T, outs []cellOutputs, l lesson) {
	t.Helper()
	shown := map[string]bool{}
	images := 0
	for _, c := range outs {
		for _, s := range c.Texts {
			for line := range strings.SplitSeq(strings.TrimSuffix(s, "\n"), "\n") {
				shown[line] = true
			}
		}
		images += c.Images
		if slices.Contains(c.Tags, "raises-exception") {
			continue
		}
		for _, e := range c.Errors {
			t.Errorf("cell %d shows an error:\n%s", c.Index, e)
		}
		for _, e := range c.Stderr {
			t.Errorf("cell %d writes to stderr:\n%s", c.Index, e)
		}
	}
	for _, want := range l.lines {
		if !shown[want] {
			t.Errorf("the page does not show the line %q", want)
		}
	}
	if images < l.minImages {
		t.Errorf("the page shows %d rendered images; want at least %d", images, l.minImages)
	}
	if t.Failed() {
		var all strings.Builder
		for _, c := range outs {
			for _, s := range c.Texts {
				fmt.Fprintf(&all, "  cell %d: %s\n", c.Index, strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n    "))
			}
		}
		t.Logf("text outputs on the page:\n%s", all.String())
	}
}
