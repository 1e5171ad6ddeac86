package site

import (
	"errors"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fakeRender stands in for Node in the tests of the layout: it wraps each text, escaped.
func fakeRender(md []string) ([]string, error) {
	out := make([]string, len(md))
	for i, s := range md {
		out[i] = `<p class="fake">` + html.EscapeString(s) + `</p>`
	}
	return out, nil
}

func fixture(t *testing.T, r Renderer) (Options, Report) {
	t.Helper()
	o := Options{
		Notebooks: filepath.Join("testdata", "lessons"),
		Gallery:   filepath.Join("testdata", "docs", "gallery.md"),
		KaTeX:     fakeKaTeX(t),
		Out:       filepath.Join(t.TempDir(), "site"),
		Render:    r,
		APIDocs:   "https://pkg.go.dev/example",
	}
	rep, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	return o, rep
}

// fakeKaTeX makes a katex dist directory with a stylesheet and one font.
func fakeKaTeX(t *testing.T) string {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "fonts"), 0o755); err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "katex.min.css"), []byte(".katex{font:1em KaTeX_Main}"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "fonts", "KaTeX_Main-Regular.woff2"), []byte("font"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "fonts", "KaTeX_Main-Regular.ttf"), []byte("old font"), 0o644))
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return string(b)
}

func TestBuildWritesEveryPage(t *testing.T) {
	o, rep := fixture(t, fakeRender)
	files, err := Files(o.Out)
	must(t, err)
	want := []string{
		"assets/fonts/KaTeX_Main-Regular.woff2", "assets/katex.min.css", "assets/site.css",
		"gallery.html", "gallery/dot.png", "index.html",
		"lessons/01-first.html", "lessons/01-first/fig-1.png", "lessons/02-second.html",
		"thumbs/01-first.png", "weights.txt",
	}
	if !slices.Equal(files, want) {
		t.Errorf("files:\n got %q\nwant %q", files, want)
	}
	var pages []string
	for _, p := range rep.Pages {
		pages = append(pages, p.Page)
		if p.HTML <= 0 || p.Total() < p.HTML {
			t.Errorf("%s: weight %+v", p.Page, p)
		}
	}
	if !slices.Equal(pages, []string{"index.html", "lessons/01-first.html", "lessons/02-second.html", "gallery.html"}) {
		t.Errorf("report pages %q", pages)
	}
	if w := read(t, filepath.Join(o.Out, "weights.txt")); !strings.Contains(w, "lessons/02-second.html") {
		t.Errorf("weights.txt lacks a lesson:\n%s", w)
	}
}

func TestLessonPage(t *testing.T) {
	o, _ := fixture(t, fakeRender)
	first := read(t, filepath.Join(o.Out, "lessons", "01-first.html"))
	second := read(t, filepath.Join(o.Out, "lessons", "02-second.html"))
	for _, want := range []string{
		`<title>First lesson</title>`,
		`<a class="next" href="02-second.html">02 Second lesson →</a>`,
		`<pre class="code"><code>fmt.Println(1)`,
		`<pre class="out">1`,
		`<pre class="code subject"><code>plot()`,
		`<img src="01-first/fig-1.png" alt="Figure 1 of lesson 01" width="40" height="20"`,
		`<div class="out html"><div class="live">done</div></div>`,
		`emphasis around `, // the markdown went through the renderer
		`href="../assets/katex.min.css"`,
		`href="https://pkg.go.dev/example"`,
	} {
		if !strings.Contains(first, want) {
			t.Errorf("lesson 01 lacks %q", want)
		}
	}
	if strings.Contains(first, `class="prev"`) {
		t.Error("the first lesson links to a previous one")
	}
	for _, want := range []string{`<a class="prev" href="01-first.html">← 01 First lesson</a>`, `<pre class="out err">warning`} {
		if !strings.Contains(second, want) {
			t.Errorf("lesson 02 lacks %q", want)
		}
	}
	if strings.Contains(second, `class="next"`) {
		t.Error("the last lesson links to a next one")
	}
}

func TestIndexPage(t *testing.T) {
	o, _ := fixture(t, fakeRender)
	index := read(t, filepath.Join(o.Out, "index.html"))
	for _, want := range []string{
		`href="lessons/01-first.html"`, `<img src="thumbs/01-first.png"`,
		`How a step downhill works.`, `Why the second comes after the first.`,
	} {
		if !strings.Contains(index, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if strings.Contains(index, "and more") {
		t.Error("the index shows more than the first sentence of a summary")
	}
}

func TestOneLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"\n**What you will learn here.** How $a.b$ works; then more.", "How $a.b$ works."},
		{"**What you will learn here.**\n\n- Why `x. y` matters. Then more.\n- Next.", "Why `x. y` matters."},
		{"\nJust one sentence without a stop", "Just one sentence without a stop"},
		{"\n\n", ""},
	} {
		if got := oneLine(strings.Split(c.in, "\n")); got != c.want {
			t.Errorf("oneLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestNoNetworkReferences checks that no page loads a script or stylesheet from outside the site.
func TestNoNetworkReferences(t *testing.T) {
	o, _ := fixture(t, fakeRender)
	checkLocalReferences(t, o.Out)
}

var loads = regexp.MustCompile(`<(?:script|link)\b[^>]*?(?:src|href)="([^"]*)"`)

func checkLocalReferences(t *testing.T, dir string) {
	t.Helper()
	files, err := Files(dir)
	must(t, err)
	n := 0
	for _, f := range files {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		page := read(t, filepath.Join(dir, f))
		for _, m := range loads.FindAllStringSubmatch(page, -1) {
			n++
			ref := m[1]
			if strings.Contains(ref, "http") || strings.HasPrefix(ref, "//") || strings.HasPrefix(ref, "/") {
				t.Errorf("%s loads %q from outside the site", f, ref)
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.Dir(f), ref)); err != nil {
				t.Errorf("%s loads %q, which the site does not have", f, ref)
			}
		}
		for _, css := range []string{"assets/site.css", "assets/katex.min.css"} {
			if c := read(t, filepath.Join(dir, css)); strings.Contains(c, "http") && !strings.Contains(css, "katex") {
				t.Errorf("%s names an address: %q", css, c)
			}
		}
	}
	if n == 0 {
		t.Fatal("no page loads any script or stylesheet: the check saw nothing")
	}
}

func TestFailedBuildKeepsTheOldSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	must(t, os.MkdirAll(out, 0o755))
	must(t, os.WriteFile(filepath.Join(out, "old.html"), []byte("old"), 0o644))
	broken := func([]string) ([]string, error) {
		return nil, &RenderError{Index: 1, Msg: "KaTeX parse error: bad formula"}
	}
	_, err := Build(Options{Notebooks: filepath.Join("testdata", "lessons"), KaTeX: fakeKaTeX(t), Out: out, Render: broken})
	if err == nil || !strings.Contains(err.Error(), "01-first.ipynb, cell 0") || !strings.Contains(err.Error(), "bad formula") {
		t.Fatalf("error %v: want it to name the lesson, the cell and the renderer's message", err)
	}
	if read(t, filepath.Join(out, "old.html")) != "old" {
		t.Error("the old site was changed")
	}
	if _, err := os.Stat(out + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the half-built site was left behind: %v", err)
	}
}

func TestBuildRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "01-bad.ipynb"), []byte(`{"cells": [{"cell_type": "code", "source": "x"}]}`), 0o644))
	for name, o := range map[string]Options{
		"no renderer": {Notebooks: "testdata/lessons", Out: t.TempDir()},
		"no lessons":  {Notebooks: t.TempDir(), Out: t.TempDir(), Render: fakeRender},
		"no title":    {Notebooks: dir, Out: t.TempDir(), Render: fakeRender},
		"no katex":    {Notebooks: "testdata/lessons", Out: filepath.Join(t.TempDir(), "s"), Render: fakeRender, KaTeX: t.TempDir()},
		"missing dir": {Notebooks: filepath.Join(dir, "nope"), Out: t.TempDir(), Render: fakeRender},
	} {
		if _, err := Build(o); err == nil {
			t.Errorf("%s: Build succeeded", name)
		}
	}
}
