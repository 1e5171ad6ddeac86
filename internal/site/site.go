// Package site builds the lessons' website: static pages made from the committed notebooks, that
// work offline from file:// or any static server. Math is typeset at build time by KaTeX and
// markdown is rendered as the classic Notebook renders it (site/markdown.mjs, run by Node with
// the npm packages pinned in site/package-lock.json); the pages load no script or stylesheet
// from anywhere but the site itself.
//
// Layout of the output directory:
//
//	index.html               every lesson: title, one-line summary, a thumbnail of a figure
//	lessons/<slug>.html      one page per lesson: text, code, outputs, figures; previous/next
//	lessons/<slug>/fig-N.png the lesson's figures, as the notebook holds them
//	thumbs/<slug>.png        the index's thumbnails
//	gallery.html, gallery/   the plot gallery (docs/gallery.md)
//	assets/                  site.css, KaTeX's stylesheet and fonts
//	weights.txt              what each page weighs: HTML, figures, total
package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Renderer turns markdown cells into HTML, in order; see NodeRenderer.
type Renderer func(markdown []string) ([]string, error)

// Options says where the site's inputs are and where it goes.
type Options struct {
	Notebooks string   // directory of NN-*.ipynb lessons
	Gallery   string   // docs/gallery.md; its images are looked up beside it; "" for none
	KaTeX     string   // the katex package's dist directory (stylesheet and fonts)
	Out       string   // output directory; its old content is replaced
	Render    Renderer // markdown to HTML
	APIDocs   string   // address of the API documentation
	// Interactive maps a lesson slug to the figures that run in the page (WebAssembly); may be nil.
	Interactive map[string][]Interactive
}

// Interactive is a figure of a lesson that runs in the page: a WebAssembly program and the
// HTML that holds its controls, placed after the first code cell whose source contains the first
// of Anchors that any code cell contains.
type Interactive struct {
	Anchors []string          // strings to look for in the code cells, in order of preference
	HTML    string            // the controls and the figure's placeholder
	Files   map[string]string // files to copy into the lesson's directory: name → source path
	Scripts []string          // of Files, the scripts the page loads, in order (others load on demand)
}

// anchorCell returns the index of the cell after which in goes, or -1.
func (in Interactive) anchorCell(cells []cell) int {
	for _, a := range in.Anchors {
		for i, c := range cells {
			if c.Type == "code" && strings.Contains(string(c.Source), a) {
				return i
			}
		}
	}
	return -1
}

// Report is what Build made.
type Report struct {
	Pages []PageWeight
}

// PageWeight is the size of one page and of what it loads.
type PageWeight struct {
	Page    string // path relative to the output directory
	HTML    int64  // bytes of the page itself
	Figures int64  // bytes of the images it shows
	Assets  int64  // bytes of the stylesheets it loads (shared between pages)
	// OnDemand is what the page loads only when the reader asks for it: the WebAssembly
	// program behind an interactive figure, on the first move of a slider.
	OnDemand int64
}

// Total is what a first visit to the page downloads (OnDemand not included).
func (w PageWeight) Total() int64 { return w.HTML + w.Figures + w.Assets }

var lessonFile = regexp.MustCompile(`^\d\d-[a-z0-9-]+\.ipynb$`)

// Build writes the site into o.Out. The output directory is built beside it and renamed into
// place, so a failed build leaves the previous site as it was.
func Build(o Options) (Report, error) {
	if o.Render == nil {
		return Report{}, errors.New("site: no markdown renderer given")
	}
	entries, err := os.ReadDir(o.Notebooks)
	if err != nil {
		return Report{}, fmt.Errorf("site: reading the lessons: %w", err)
	}
	var lessons []*lesson
	for _, e := range entries {
		if e.IsDir() || !lessonFile.MatchString(e.Name()) {
			continue
		}
		l, err := loadLesson(filepath.Join(o.Notebooks, e.Name()))
		if err != nil {
			return Report{}, fmt.Errorf("site: %w", err)
		}
		lessons = append(lessons, l)
	}
	if len(lessons) == 0 {
		return Report{}, fmt.Errorf("site: no lessons (NN-name.ipynb) in %s", o.Notebooks)
	}
	sort.Slice(lessons, func(i, j int) bool { return lessons[i].file < lessons[j].file })

	tmp := o.Out + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return Report{}, err
	}
	b := &builder{o: o, out: tmp, lessons: lessons}
	if err := b.build(); err != nil {
		_ = os.RemoveAll(tmp)
		return Report{}, fmt.Errorf("site: %w", err)
	}
	if err := os.RemoveAll(o.Out); err != nil {
		return Report{}, err
	}
	if err := os.Rename(tmp, o.Out); err != nil {
		return Report{}, err
	}
	return b.report, nil
}

type builder struct {
	o       Options
	out     string
	lessons []*lesson
	md      map[string]string // markdown source → HTML
	report  Report
	assets  int64 // bytes of the stylesheets every page loads
	fonts   int64 // bytes of all KaTeX fonts; a page loads those its formulas use
}

func (b *builder) build() error {
	if err := b.renderMarkdown(); err != nil {
		return err
	}
	if err := b.copyAssets(); err != nil {
		return err
	}
	thumbs := make([]string, len(b.lessons))
	for i, l := range b.lessons {
		thumb, err := b.writeLesson(i, l)
		if err != nil {
			return fmt.Errorf("%s: %w", l.file, err)
		}
		thumbs[i] = thumb
	}
	if err := b.writeIndex(thumbs); err != nil {
		return err
	}
	if b.o.Gallery != "" {
		if err := b.writeGallery(); err != nil {
			return err
		}
	}
	return b.writeWeights()
}

// renderMarkdown renders every markdown text of the site in one call of the renderer.
func (b *builder) renderMarkdown() error {
	var srcs, where []string
	seen := map[string]bool{}
	add := func(s, at string) {
		if !seen[s] {
			seen[s] = true
			srcs = append(srcs, s)
			where = append(where, at)
		}
	}
	for _, l := range b.lessons {
		add(l.summary, l.file+", its summary")
		for i, c := range l.nb.Cells {
			if c.Type == "markdown" {
				add(string(c.Source), fmt.Sprintf("%s, cell %d (0-based)", l.file, i))
			}
		}
	}
	if b.o.Gallery != "" {
		g, err := os.ReadFile(b.o.Gallery)
		if err != nil {
			return err
		}
		add(string(g), b.o.Gallery)
	}
	html, err := b.o.Render(srcs)
	if re := (*RenderError)(nil); errors.As(err, &re) && re.Index >= 0 && re.Index < len(where) {
		return fmt.Errorf("rendering the markdown of %s: %s", where[re.Index], re.Msg)
	}
	if err != nil {
		return fmt.Errorf("rendering markdown: %w", err)
	}
	if len(html) != len(srcs) {
		return fmt.Errorf("the markdown renderer returned %d results for %d texts", len(html), len(srcs))
	}
	b.md = make(map[string]string, len(srcs))
	for i, s := range srcs {
		b.md[s] = html[i]
	}
	return nil
}

// copyAssets writes assets/: our stylesheet, KaTeX's, and the woff2 fonts it names (every
// browser that runs the pages' WebAssembly reads woff2, so the older formats are left out).
func (b *builder) copyAssets() error {
	dir := filepath.Join(b.out, "assets")
	if err := os.MkdirAll(filepath.Join(dir, "fonts"), 0o755); err != nil {
		return err
	}
	if err := b.write(filepath.Join(dir, "site.css"), []byte(siteCSS)); err != nil {
		return err
	}
	css, err := os.ReadFile(filepath.Join(b.o.KaTeX, "katex.min.css"))
	if err != nil {
		return fmt.Errorf("KaTeX's stylesheet (run 'make site', which installs it with npm): %w", err)
	}
	if err := b.write(filepath.Join(dir, "katex.min.css"), css); err != nil {
		return err
	}
	fonts, err := filepath.Glob(filepath.Join(b.o.KaTeX, "fonts", "*.woff2"))
	if err != nil || len(fonts) == 0 {
		return fmt.Errorf("no KaTeX fonts in %s", filepath.Join(b.o.KaTeX, "fonts"))
	}
	for _, f := range fonts {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := b.write(filepath.Join(dir, "fonts", filepath.Base(f)), data); err != nil {
			return err
		}
	}
	return nil
}

// write creates path with data and counts it among the assets when it is under assets/.
func (b *builder) write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if rel, err := filepath.Rel(b.out, path); err == nil && strings.HasPrefix(rel, "assets"+string(filepath.Separator)) {
		if strings.HasSuffix(path, ".css") {
			b.assets += int64(len(data)) // every page loads the stylesheets
		} else {
			b.fonts += int64(len(data)) // a page loads only the fonts its formulas use
		}
	}
	return os.WriteFile(path, data, 0o644)
}

// block is one piece of a lesson page.
type block struct {
	Kind    string        // markdown, code, stream, stderr, image, html, error, interactive
	HTML    template.HTML // markdown, html and interactive
	Text    string        // code, stream, error
	Src     string        // image
	W, H    int           // image display size
	Alt     string
	Subject bool // code whose code is the subject of the text beside it
}

type pageData struct {
	Title     string
	Root      string // relative path to the site's root, "" or "../"
	Lesson    *lessonLink
	Prev      *lessonLink
	Next      *lessonLink
	Blocks    []block
	Lessons   []indexEntry
	APIDocs   string
	Body      template.HTML
	Scripts   []string
	Generated string
}

type lessonLink struct {
	Href, Title string
	Number      string
}

type indexEntry struct {
	lessonLink
	Summary template.HTML
	Thumb   string
}

func (b *builder) link(i int) *lessonLink {
	if i < 0 || i >= len(b.lessons) {
		return nil
	}
	l := b.lessons[i]
	return &lessonLink{Href: l.slug + ".html", Title: l.title, Number: l.slug[:2]}
}

// writeLesson writes lessons/<slug>.html and its figures; it returns the thumbnail's path
// (relative to the root) made from the lesson's first figure, or "".
func (b *builder) writeLesson(i int, l *lesson) (string, error) {
	dir := filepath.Join(b.out, "lessons")
	figDir := filepath.Join(dir, l.slug)
	var blocks []block
	var figBytes int64
	var firstFig []byte
	nfig := 0
	inters := b.o.Interactive[l.slug]
	after := map[int][]Interactive{} // cell index → the interactive figures placed after it
	files := map[string]string{}
	var scriptNames []string
	for _, in := range inters {
		at := in.anchorCell(l.nb.Cells)
		if at < 0 {
			return "", fmt.Errorf("no code cell contains any of the interactive figure's anchors %q", in.Anchors)
		}
		after[at] = append(after[at], in)
		for name, src := range in.Files {
			files[name] = src
		}
		for _, name := range in.Scripts {
			if _, ok := files[name]; !ok {
				return "", fmt.Errorf("the interactive figure's script %s is not among its files", name)
			}
			if !slices.Contains(scriptNames, name) {
				scriptNames = append(scriptNames, name)
			}
		}
	}
	for ci, c := range l.nb.Cells {
		switch c.Type {
		case "markdown":
			blocks = append(blocks, block{Kind: "markdown", HTML: template.HTML(b.md[string(c.Source)])})
			continue
		case "code":
		default:
			continue // raw cells are not shown
		}
		blocks = append(blocks, block{Kind: "code", Text: string(c.Source), Subject: slices.Contains(c.Metadata.Tags, "subject")})
		for _, o := range c.Outputs {
			switch o.Type {
			case "stream":
				kind := "stream"
				if o.Name == "stderr" {
					kind = "stderr"
				}
				blocks = append(blocks, block{Kind: kind, Text: string(o.Text)})
			case "error":
				blocks = append(blocks, block{Kind: "error", Text: o.EName + ": " + o.EValue})
			case "display_data", "execute_result":
				png, w, h, ok, err := pngOutput(o)
				if err != nil {
					return "", err
				}
				switch {
				case ok:
					nfig++
					name := fmt.Sprintf("fig-%d.png", nfig)
					small, err := compactPNG(png)
					if err != nil {
						return "", fmt.Errorf("figure %d: %w", nfig, err)
					}
					if err := b.write(filepath.Join(figDir, name), small); err != nil {
						return "", err
					}
					figBytes += int64(len(small))
					if firstFig == nil || (thumbAspect(firstFig) < 1.2 && thumbAspect(png) >= 1.2) {
						firstFig = png // the index shows the first figure wider than tall
					}
					blocks = append(blocks, block{Kind: "image", Src: l.slug + "/" + name, W: w, H: h,
						Alt: fmt.Sprintf("Figure %d of lesson %s", nfig, l.slug[:2])})
				case o.Data["text/html"] != "":
					blocks = append(blocks, block{Kind: "html", HTML: template.HTML(o.Data["text/html"])})
				case o.Data["text/plain"] != "":
					blocks = append(blocks, block{Kind: "stream", Text: string(o.Data["text/plain"])})
				}
			}
		}
		for _, in := range after[ci] {
			blocks = append(blocks, block{Kind: "interactive", HTML: template.HTML(in.HTML)})
		}
	}
	var scripts []string
	var onDemand int64
	for name, src := range files {
		data, err := os.ReadFile(src)
		if err != nil {
			return "", err
		}
		if err := b.write(filepath.Join(figDir, name), data); err != nil {
			return "", err
		}
		if slices.Contains(scriptNames, name) || !strings.HasSuffix(name, ".js") {
			figBytes += int64(len(data))
		} else {
			onDemand += int64(len(data)) // loaded by a script when the reader moves a slider
		}
	}
	for _, name := range scriptNames {
		scripts = append(scripts, l.slug+"/"+name)
	}
	var page bytes.Buffer
	err := lessonTmpl.Execute(&page, pageData{
		Title: l.title, Root: "../", Lesson: b.link(i), Prev: b.link(i - 1), Next: b.link(i + 1),
		Blocks: blocks, APIDocs: b.o.APIDocs, Scripts: scripts,
	})
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, l.slug+".html")
	if err := b.write(path, page.Bytes()); err != nil {
		return "", err
	}
	b.report.Pages = append(b.report.Pages, PageWeight{Page: "lessons/" + l.slug + ".html",
		HTML: int64(page.Len()), Figures: figBytes, OnDemand: onDemand})
	if firstFig == nil {
		return "", nil
	}
	thumb, err := thumbnail(firstFig, 360)
	if err != nil {
		return "", fmt.Errorf("thumbnail: %w", err)
	}
	rel := "thumbs/" + l.slug + ".png"
	return rel, b.write(filepath.Join(b.out, rel), thumb)
}

func (b *builder) writeIndex(thumbs []string) error {
	var entries []indexEntry
	var thumbBytes int64
	for i, l := range b.lessons {
		entries = append(entries, indexEntry{lessonLink: *b.link(i), Summary: template.HTML(b.md[l.summary]), Thumb: thumbs[i]})
		if thumbs[i] != "" {
			if fi, err := os.Stat(filepath.Join(b.out, thumbs[i])); err == nil {
				thumbBytes += fi.Size()
			}
		}
		entries[i].Href = "lessons/" + entries[i].Href
	}
	var page bytes.Buffer
	if err := indexTmpl.Execute(&page, pageData{Title: "descent — gradient descent and the optimizers of deep learning",
		Lessons: entries, APIDocs: b.o.APIDocs}); err != nil {
		return err
	}
	b.report.Pages = append([]PageWeight{{Page: "index.html", HTML: int64(page.Len()), Figures: thumbBytes}}, b.report.Pages...)
	return b.write(filepath.Join(b.out, "index.html"), page.Bytes())
}

// galleryImage finds the images the gallery's markdown shows.
var galleryImage = regexp.MustCompile(`!\[[^\]]*\]\(([^)\s]+)\)`)

func (b *builder) writeGallery() error {
	src, err := os.ReadFile(b.o.Gallery)
	if err != nil {
		return err
	}
	var figs int64
	for _, m := range galleryImage.FindAllStringSubmatch(string(src), -1) {
		ref := m[1]
		if strings.Contains(ref, "://") || strings.HasPrefix(ref, "/") || strings.Contains(ref, "..") {
			return fmt.Errorf("%s: the image %q must be a relative path inside docs/", b.o.Gallery, ref)
		}
		data, err := os.ReadFile(filepath.Join(filepath.Dir(b.o.Gallery), ref))
		if err != nil {
			return fmt.Errorf("%s: %w", b.o.Gallery, err)
		}
		if strings.HasSuffix(ref, ".png") {
			if data, err = compactPNG(data); err != nil {
				return fmt.Errorf("%s: %s: %w", b.o.Gallery, ref, err)
			}
		}
		if err := b.write(filepath.Join(b.out, ref), data); err != nil {
			return err
		}
		figs += int64(len(data))
	}
	var page bytes.Buffer
	if err := galleryTmpl.Execute(&page, pageData{Title: "The plot gallery", Body: template.HTML(b.md[string(src)]),
		APIDocs: b.o.APIDocs}); err != nil {
		return err
	}
	b.report.Pages = append(b.report.Pages, PageWeight{Page: "gallery.html", HTML: int64(page.Len()), Figures: figs})
	return b.write(filepath.Join(b.out, "gallery.html"), page.Bytes())
}

// writeWeights fills in the shared assets of every page and writes weights.txt.
func (b *builder) writeWeights() error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%-48s %10s %10s %10s %10s %12s\n", "page", "html", "figures", "assets", "total", "on demand")
	for i := range b.report.Pages {
		p := &b.report.Pages[i]
		p.Assets = b.assets
		fmt.Fprintf(&buf, "%-48s %10s %10s %10s %10s %12s\n", p.Page, kB(p.HTML), kB(p.Figures), kB(p.Assets), kB(p.Total()), kB(p.OnDemand))
	}
	fmt.Fprintf(&buf, "\non demand: the WebAssembly program of a page's interactive figure, loaded on the first slider move.\n")
	fmt.Fprintf(&buf, "assets: the stylesheets every page loads; the KaTeX fonts (%s in all) are loaded only as a page's formulas need them.\n", kB(b.fonts))
	return os.WriteFile(filepath.Join(b.out, "weights.txt"), buf.Bytes(), 0o644)
}

func kB(n int64) string { return fmt.Sprintf("%.1f kB", float64(n)/1000) }

// Files lists every file under dir, relative to it, sorted; for tests and reports.
func Files(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	sort.Strings(out)
	return out, err
}
