package site

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// siteDir is the repository's site/ directory, with the npm packages that scripts/site.sh installs.
var siteDir = filepath.Join("..", "..", "site")

// requireNode returns a renderer on the real site/markdown.mjs, or skips the test when Node or the
// packages are missing (never under CI=true: make test installs them first).
func requireNode(t *testing.T) Renderer {
	t.Helper()
	node, err := exec.LookPath("node")
	_, errPkg := os.Stat(filepath.Join(siteDir, "node_modules", "katex", "dist", "katex.min.css"))
	if err != nil || errPkg != nil {
		msg := "Node.js and site/node_modules are needed: run 'bash scripts/site.sh deps'"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return NodeRenderer(node, siteDir)
}

// TestMarkdownAsTheNotebook renders the cases where nbconvert's markdown and the Notebook's differ,
// and the math cases, through the real renderer.
func TestMarkdownAsTheNotebook(t *testing.T) {
	render := requireNode(t)
	cases := []struct {
		md       string
		want     []string // substrings of the HTML
		dontWant []string
	}{
		{ // lesson 01's note: nbconvert loses the * in the code and runs the italics on
			md:   "*A note on `float64(learningRate * gradient)`: the product is rounded.* After.",
			want: []string{"<em>A note on <code>float64(learningRate * gradient)</code>: the product is rounded.</em> After."},
		},
		{ // a dollar inside code is not math
			md:       "Costs `$5` and `$6` today.",
			want:     []string{"<code>$5</code>", "<code>$6</code>"},
			dontWant: []string{"katex"},
		},
		{ // underscores and stars inside math are TeX, not emphasis
			md:       "Here $a_1 * b_1 = c_2 * d_2$ holds.",
			want:     []string{`<span class="katex">`},
			dontWant: []string{"<em>", "$"},
		},
		{
			md:   "$$\\theta_{t+1} = \\theta_t - \\eta \\nabla L(\\theta_t)$$",
			want: []string{`<span class="katex-display">`},
		},
		{ // math never runs across a blank line
			md:   "A lone $ sign.\n\nAnother $ sign.",
			want: []string{"A lone $ sign.", "Another $ sign."},
		},
		{ // a table, as gfm
			md:   "| a | b |\n|---|---|\n| 1 | $x^2$ |",
			want: []string{"<table>", "<td>1</td>", "katex"},
		},
	}
	var md []string
	for _, c := range cases {
		md = append(md, c.md)
	}
	html, err := render(md)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		for _, w := range c.want {
			if !strings.Contains(html[i], w) {
				t.Errorf("%q:\n got %s\nwant it to contain %q", c.md, html[i], w)
			}
		}
		text := stripTags(html[i])
		for _, w := range c.dontWant {
			if strings.Contains(html[i], w) && (w != "$" || strings.Contains(text, w)) {
				t.Errorf("%q:\n got %s\nwant no %q", c.md, html[i], w)
			}
		}
	}
}

func TestMarkdownBadFormulaNamesIt(t *testing.T) {
	render := requireNode(t)
	_, err := render([]string{"fine $x$", "broken $\\frac{1$ here"})
	var re *RenderError
	if !errors.As(err, &re) || re.Index != 1 || !strings.Contains(re.Msg, "KaTeX") {
		t.Fatalf("error %v: want a RenderError for text 1 from KaTeX", err)
	}
}

var tag = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tag.ReplaceAllString(s, "") }

// TestTheLessonsSite builds the site from the committed lessons: every formula typeset (none left
// as $…$ in the text outside code), every page's scripts and stylesheets local, every figure there.
func TestTheLessonsSite(t *testing.T) {
	render := requireNode(t)
	out := filepath.Join(t.TempDir(), "site")
	rep, err := Build(Options{
		Notebooks: filepath.Join("..", "..", "notebooks"),
		Gallery:   filepath.Join("..", "..", "docs", "gallery.md"),
		KaTeX:     filepath.Join(siteDir, "node_modules", "katex", "dist"),
		Out:       out, Render: render, APIDocs: "https://pkg.go.dev/github.com/descentlab/descent",
		Interactive: Interactives(filepath.Join("..", "..")),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) < 3 {
		t.Fatalf("only %d pages", len(rep.Pages))
	}
	checkLocalReferences(t, out)
	code := regexp.MustCompile(`(?s)<pre\b.*?</pre>|<code>.*?</code>`)
	img := regexp.MustCompile(`<img src="([^"]+)"`)
	for _, p := range rep.Pages {
		if !strings.HasPrefix(p.Page, "lessons/") {
			continue
		}
		page := read(t, filepath.Join(out, p.Page))
		if !strings.Contains(page, `class="katex`) {
			t.Errorf("%s: no typeset formula", p.Page)
		}
		text := stripTags(code.ReplaceAllString(page, ""))
		for _, raw := range []string{"$$", "\\(", "\\[", "\\frac", "\\eta"} {
			if strings.Contains(text, raw) {
				i := strings.Index(text, raw)
				t.Errorf("%s: raw TeX %q left in the text: …%s…", p.Page, raw, text[max(0, i-60):min(len(text), i+60)])
			}
		}
		for _, m := range img.FindAllStringSubmatch(page, -1) {
			if _, err := os.Stat(filepath.Join(out, "lessons", m[1])); err != nil {
				t.Errorf("%s shows %s, which is missing", p.Page, m[1])
			}
		}
	}
}
