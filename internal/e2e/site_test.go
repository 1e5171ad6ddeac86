package e2e_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// TestSiteInBrowser builds the website with 'make site”s script into a fresh directory and opens
// every page from file:// in headless Chromium, with no network: no console error or failed load,
// every formula typeset (KaTeX elements, no $$ left in the text), every image shown; then on the
// pages with steerable figures (lessons 02, 04, 06 and 08) it moves the sliders and checks that each figure
// changes and that its printed text is the one descent computes natively at those positions.
func TestSiteInBrowser(t *testing.T) {
	chromium := requireChromium(t)
	root := repoRoot(t)
	out := filepath.Join(t.TempDir(), "site")
	build := exec.Command("bash", filepath.Join(root, "scripts", "site.sh"))
	build.Env = append(os.Environ(), "SITE_OUT="+out)
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/site.sh: %v\n%s", err, msg)
	}
	pages, err := filepath.Glob(filepath.Join(out, "lessons", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no lesson pages in %s (%v)", out, err)
	}
	pages = append([]string{filepath.Join(out, "index.html"), filepath.Join(out, "gallery.html")}, pages...)
	b := startBrowser(t, chromium)
	for _, p := range pages {
		name := strings.TrimSuffix(filepath.Base(p), ".html")
		t.Run(name, func(t *testing.T) {
			page, problems := openFile(t, b, p)
			checkPage(t, page, name, strings.Contains(p, string(filepath.Separator)+"lessons"+string(filepath.Separator)))
			siteScreenshot(t, page, true, filepath.Join(root, "build", "site-"+name+".png"))
			if moves, ok := pageMoves[name]; ok {
				if n := page.MustEval(`() => document.querySelectorAll("[data-descent-figure]").length`).Int(); n == 0 {
					t.Fatalf("%s has no steerable figure", name)
				}
				checkFigures(t, page, root, moves)
				page.MustElement(`[data-descent-figure="` + moves[0].figure + `"]`).MustScrollIntoView()
				siteScreenshot(t, page, false, filepath.Join(root, "build", "site-"+name[:2]+"-sliders.png"))
			}
			if msgs := problems(); len(msgs) > 0 {
				t.Errorf("the page reported problems:\n%s", strings.Join(msgs, "\n"))
			}
		})
	}
}

// openFile opens path in a new tab with the network cut off, and returns the tab and a function
// that lists the console errors, uncaught exceptions and failed loads seen so far.
func openFile(t *testing.T, b *rod.Browser, path string) (*rod.Page, func() []string) {
	t.Helper()
	page := b.MustPage("")
	t.Cleanup(func() { _ = page.Close() })
	var mu sync.Mutex
	var msgs []string
	add := func(s string) { mu.Lock(); msgs = append(msgs, s); mu.Unlock() }
	if err := (proto.NetworkEmulateNetworkConditions{Offline: true, Latency: 0, DownloadThroughput: -1, UploadThroughput: -1}).Call(page); err != nil {
		t.Fatal(err)
	}
	go page.EachEvent(
		func(e *proto.RuntimeConsoleAPICalled) {
			if e.Type == proto.RuntimeConsoleAPICalledTypeError {
				add(fmt.Sprintf("console error: %v", page.MustObjectsToJSON(e.Args)))
			}
		},
		func(e *proto.RuntimeExceptionThrown) {
			add("exception: " + e.ExceptionDetails.Text + " " + exceptionText(e))
		},
		func(e *proto.LogEntryAdded) {
			if e.Entry.Level == proto.LogLogEntryLevelError {
				add("log error: " + e.Entry.Text + " " + e.Entry.URL)
			}
		},
		func(e *proto.NetworkLoadingFailed) { add("failed load: " + e.ErrorText) },
	)()
	_ = proto.RuntimeEnable{}.Call(page)
	_ = proto.LogEnable{}.Call(page)
	_ = proto.NetworkEnable{}.Call(page)
	if err := page.Navigate("file://" + path); err != nil {
		t.Fatal(err)
	}
	page.MustWaitLoad()
	return page, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), msgs...) }
}

func exceptionText(e *proto.RuntimeExceptionThrown) string {
	if e.ExceptionDetails.Exception != nil {
		return e.ExceptionDetails.Exception.Description
	}
	return ""
}

// checkPage checks the typeset math and the images of an opened page.
func checkPage(t *testing.T, page *rod.Page, name string, lesson bool) {
	t.Helper()
	// Images load lazily: scroll through the page, then wait for every image to be decoded.
	page.MustEval(`() => { for (const img of document.images) img.loading = "eager"; }`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		pending := page.MustEval(`() => [...document.images].filter(i => !i.complete).length`).Int()
		if pending == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	broken := page.MustEval(`() => [...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.src)`).Arr()
	if len(broken) > 0 {
		t.Errorf("%s: images not shown: %v", name, broken)
	}
	images := page.MustEval(`() => document.images.length`).Int()
	if images == 0 {
		t.Errorf("%s: no image at all", name)
	}
	if !lesson {
		return
	}
	katex := page.MustEval(`() => document.querySelectorAll(".katex").length`).Int()
	if katex == 0 {
		t.Errorf("%s: no typeset formula (.katex)", name)
	}
	// The text a reader sees, without code: no TeX may be left raw.
	text := page.MustEval(`() => { const c = document.body.cloneNode(true);
		c.querySelectorAll("pre, code, .katex").forEach(e => e.remove()); return c.innerText; }`).Str()
	for _, raw := range []string{"$$", "\\frac", "\\theta", "\\eta", "\\nabla"} {
		if i := strings.Index(text, raw); i >= 0 {
			t.Errorf("%s: raw TeX %q in the text: …%s…", name, raw, text[max(0, i-50):min(len(text), i+50)])
		}
	}
	t.Logf("%s: %d formulas, %d images", name, katex, images)
}

// figureMove sets some of a page figure's sliders (by index) to positions, in one go.
type figureMove struct {
	figure string
	set    map[int]int // slider index → position
}

// pageMoves are the slider moves made on the pages that have steerable figures.
var pageMoves = map[string][]figureMove{
	"04-momentum-and-nesterov": {
		{"04-path", map[int]int{0: 120}},        // η alone
		{"04-path", map[int]int{1: 900}},        // then μ
		{"04-rate", map[int]int{0: 60, 1: 800}}, // the rate map's point
	},
	"06-adam-and-its-family": {
		{"06-inside", map[int]int{0: 200, 1: 500}}, // a larger η, a shorter memory for m
	},
	"08-the-race": {
		{"08-race", map[int]int{2: 150}},     // Adam on Rosenbrock, a smaller learning rate
		{"08-race", map[int]int{0: 1, 1: 2}}, // momentum on the saddle
	},
	"02-gradient-descent-in-depth": {
		{"02-parabola", map[int]int{0: 220}}, // past η = 1: diverges
		{"02-valley", map[int]int{0: 235}},   // past the limit 0.5
	},
}

// checkFigures moves a page's sliders and checks, after each move, that the figure was redrawn,
// that the text names the value the slider's label shows, and that the text is the one descent
// computes natively at the same slider positions.
func checkFigures(t *testing.T, page *rod.Page, root string, moves []figureMove) {
	t.Helper()
	redraws := map[string]int{}
	for _, mv := range moves {
		sel := `[data-descent-figure="` + mv.figure + `"]`
		box := page.MustElement(sel)
		before := box.MustElement(".figure").MustHTML()
		for i, pos := range mv.set {
			page.MustEval(`(sel, i, v) => { const inp = document.querySelectorAll(sel + " input[type=range], " + sel + " select")[i];
				inp.value = String(v); inp.dispatchEvent(new Event(inp.tagName === "SELECT" ? "change" : "input")); }`, sel, i, pos)
		}
		redraws[mv.figure]++
		deadline := time.Now().Add(3 * time.Minute) // the first move loads and compiles the program
		for box.MustEval(`() => Number(this.dataset.redraws || 0)`).Int() < redraws[mv.figure] ||
			box.MustEval(`() => this.dataset.positions || ""`).Str() !=
				box.MustEval(`() => [...this.querySelectorAll("input[type=range], select")].map(i => i.value).join(" ")`).Str() {
			if e := box.MustEval(`() => this.dataset.error || ""`).Str(); e != "" {
				t.Fatalf("%s: the page's program failed: %s", mv.figure, e)
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no redraw: %s", mv.figure, box.MustElement(".status").MustText())
			}
			time.Sleep(100 * time.Millisecond)
		}
		redraws[mv.figure] = box.MustEval(`() => Number(this.dataset.redraws)`).Int()
		positions := strings.Fields(box.MustEval(`() => this.dataset.positions`).Str())
		printed := box.MustElement(".rate").MustText()
		t.Logf("%s at positions %v (values %s): redraw %s ms; %s", mv.figure, positions,
			box.MustEval(`() => this.dataset.values`).Str(), box.MustEval(`() => this.dataset.redrawMs`).Str(), printed)
		after := box.MustElement(".figure").MustHTML()
		if after == before || !strings.Contains(after, "<svg") {
			t.Errorf("%s: moving the sliders did not redraw the figure", mv.figure)
		}
		label := box.MustElement(".value").MustText()
		if strings.Contains(printed, "η = ") && !strings.Contains(printed, "η = "+label) ||
			strings.Contains(printed, "lr = ") && !strings.Contains(printed, "lr = "+label) {
			t.Errorf("%s: the slider's label says η = %s, the figure's text %q", mv.figure, label, printed)
		}
		var out bytes.Buffer
		cmd := exec.Command("go", append([]string{"run", "./site/wasm/lessons", "dump", mv.figure}, positions...)...)
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, &out, os.Stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("native run: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if want := lines[len(lines)-1]; printed != want {
			t.Errorf("%s: the page prints %q; descent computes natively %q", mv.figure, printed, want)
		}
	}
}

// siteScreenshot saves the whole page (full) or what the window shows.
func siteScreenshot(t *testing.T, page *rod.Page, full bool, path string) {
	t.Helper()
	png, err := page.Screenshot(full, nil)
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Errorf("screenshot: %v", err)
	}
}
