package e2e_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

// TestLessonsInBrowser serves the lessons with 'make notebook', checks that the server refuses
// requests without its token and keeps the token out of its log, then opens each lesson of the table in headless Chromium, runs all
// its cells from the Cell menu and checks what the page shows. Stopping the server at the end
// checks that no kernel outlives it and that its log kept the token secret.
func TestLessonsInBrowser(t *testing.T) {
	chromium := requireChromium(t)
	root := repoRoot(t)
	srv := startServer(t, root)
	t.Cleanup(func() {
		srv.stop(t)
		srv.healthcheck(t, false) // and the check can fail: nothing answers any more
	})
	b := startBrowser(t, chromium)

	t.Run("reports healthy", func(t *testing.T) {
		if os.Getenv("DESCENT_E2E_HEALTHCHECK") == "" {
			t.Skip("no DESCENT_E2E_HEALTHCHECK: the image's healthcheck is checked by make image-test")
		}
		srv.healthcheck(t, true)
	})
	t.Run("offers the Go kernel first and by default", func(t *testing.T) {
		checkDefaultKernel(t, srv, b)
	})

	t.Run("refuses requests without the token", func(t *testing.T) {
		checkRefusals(t, srv, b, lessons[0].notebook)
	})
	t.Run("keeps the token out of its log", func(t *testing.T) {
		checkTokenHidden(t, srv)
	})
	for _, l := range lessons {
		if label := os.Getenv("DESCENT_E2E_LABEL"); label != "" {
			l.screenshot = label + "-" + strings.TrimPrefix(l.screenshot, "e2e-")
		}
		t.Run(strings.TrimSuffix(l.notebook, ".ipynb"), func(t *testing.T) {
			runLesson(t, srv, b, root, l)
		})
	}
}

// requireChromium returns the Chromium to drive: DESCENT_CHROMIUM (set by scripts/e2e.sh), or
// Debian's /usr/bin/chromium. Without one the test is skipped, except under CI=true.
func requireChromium(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("DESCENT_CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if fi, err := os.Stat(bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		msg := "no Chromium at " + bin + ": run 'make e2e', which installs Debian's chromium, or set DESCENT_CHROMIUM"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return bin
}

// startBrowser launches a headless Chromium with a fresh profile; it is closed when the test ends.
// The launcher is given the binary, so it never downloads a browser of its own.
func startBrowser(t *testing.T, bin string) *rod.Browser {
	t.Helper()
	l := launcher.New().Bin(bin).Leakless(false).UserDataDir(t.TempDir()).
		Headless(true).NoSandbox(true).
		Set("disable-gpu").Set("no-first-run").Set("disable-background-networking").
		Set("disable-component-update").Set("disable-sync")
	u, err := l.Launch()
	if err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	b := rod.New().ControlURL(u)
	if err := b.Connect(); err != nil {
		l.Kill()
		t.Fatalf("connecting to %s: %v", bin, err)
	}
	t.Cleanup(func() {
		_ = b.Close()
		l.Kill()
		l.Cleanup()
	})
	return b
}

// newPage opens a tab of the size of a laptop screen.
func newPage(t *testing.T, b *rod.Browser) *rod.Page {
	t.Helper()
	p, err := b.Page(proto.TargetCreateTarget{})
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	// Close the tab without asking the page: the notebook's "leave with unsaved changes?" dialog
	// would wait forever.
	t.Cleanup(func() { _, _ = proto.TargetCloseTarget{TargetID: p.TargetID}.Call(b.Timeout(10 * time.Second)) })
	if err := p.SetViewport(&proto.EmulationSetDeviceMetricsOverride{Width: 1280, Height: 1100, DeviceScaleFactor: 1}); err != nil {
		t.Fatalf("setting the viewport: %v", err)
	}
	return p
}

// navigate opens u and waits for the page's load event.
func navigate(t *testing.T, p *rod.Page, u string) {
	t.Helper()
	if err := p.Timeout(time.Minute).Navigate(u); err != nil {
		t.Fatalf("opening %s: %v", u, err)
	}
	if err := p.Timeout(time.Minute).WaitLoad(); err != nil {
		t.Fatalf("loading %s: %v", u, err)
	}
}

// waitFor polls the JavaScript function js until it returns true; what names the wait in errors.
func waitFor(t *testing.T, p *rod.Page, d time.Duration, what, js string, args ...any) {
	t.Helper()
	if err := p.Timeout(d).Wait(rod.Eval(js, args...)); err != nil {
		t.Fatalf("waiting %s for %s: %v", d, what, err)
	}
}

// evalJSON runs the JavaScript function js, which returns JSON.stringify of a value, and decodes
// that value into v.
func evalJSON(t *testing.T, p *rod.Page, v any, js string, args ...any) {
	t.Helper()
	res, err := p.Timeout(30*time.Second).Eval(js, args...)
	if err == nil {
		err = json.Unmarshal([]byte(res.Value.Str()), v)
	}
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
}

// click clicks the element that matches selector, as a mouse does, once it is visible.
func click(t *testing.T, p *rod.Page, selector string) {
	t.Helper()
	el, err := p.Timeout(30 * time.Second).Element(selector)
	if err == nil {
		err = el.WaitVisible()
	}
	if err == nil {
		err = el.Click(proto.InputMouseButtonLeft, 1)
	}
	if err != nil {
		t.Fatalf("clicking %s: %v", selector, err)
	}
}

// screenshot saves what the tab shows to path.
func screenshot(t *testing.T, p *rod.Page, path string) {
	t.Helper()
	png, err := p.Timeout(30*time.Second).Screenshot(false, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng})
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o755)
	}
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", path, err)
		return
	}
	t.Logf("screenshot: %s", path)
}

// repoRoot is the repository holding this module.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "scripts", "notebook.sh")); err != nil {
		t.Fatalf("%s is not the repository: %v", root, err)
	}
	return root
}
