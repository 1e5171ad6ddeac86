package site

import "html/template"

// The pages share one layout: a header with the site's links, the content, and a footer. Every
// stylesheet and script is a relative path inside the site.
const layout = `{{define "head"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="{{.Root}}assets/katex.min.css">
<link rel="stylesheet" href="{{.Root}}assets/site.css">
</head>
<body>
<header class="site">
<a class="home" href="{{.Root}}index.html">descent</a>
<nav><a href="{{.Root}}index.html">Lessons</a> <a href="{{.Root}}gallery.html">Plot gallery</a> <a href="{{.APIDocs}}">API docs</a></nav>
</header>
<main>
{{end}}
{{define "foot"}}</main>
<footer class="site">Made from the lessons' notebooks by <code>make site</code>. Every figure and number on these pages was computed by the descent library.</footer>
{{range .Scripts}}<script src="{{.}}"></script>
{{end}}</body>
</html>
{{end}}
{{define "prevnext"}}<nav class="prevnext">{{with .Prev}}<a class="prev" href="{{.Href}}">← {{.Number}} {{.Title}}</a>{{else}}<span></span>{{end}}{{with .Next}}<a class="next" href="{{.Href}}">{{.Number}} {{.Title}} →</a>{{end}}</nav>
{{end}}`

var lessonTmpl = template.Must(template.New("lesson").Parse(layout + `{{template "head" .}}{{template "prevnext" .}}
<article class="lesson">
{{range .Blocks}}{{if eq .Kind "markdown"}}<section class="md">{{.HTML}}</section>
{{else if eq .Kind "code"}}<pre class="code{{if .Subject}} subject{{end}}"><code>{{.Text}}</code></pre>
{{else if eq .Kind "stream"}}<pre class="out">{{.Text}}</pre>
{{else if eq .Kind "stderr"}}<pre class="out err">{{.Text}}</pre>
{{else if eq .Kind "error"}}<pre class="out err">{{.Text}}</pre>
{{else if eq .Kind "image"}}<figure><img src="{{.Src}}" alt="{{.Alt}}"{{if .W}} width="{{.W}}"{{end}}{{if .H}} height="{{.H}}"{{end}} loading="lazy"></figure>
{{else if eq .Kind "html"}}<div class="out html">{{.HTML}}</div>
{{else if eq .Kind "interactive"}}<div class="interactive">{{.HTML}}</div>
{{end}}{{end}}</article>
{{template "prevnext" .}}{{template "foot" .}}`))

var indexTmpl = template.Must(template.New("index").Parse(layout + `{{template "head" .}}<h1>Gradient descent and the optimizers of deep learning</h1>
<p class="lead">Lessons in Go, from the first step downhill to Adam and its family. Each page is a notebook of
the project, run by the descent library; open the notebooks themselves with <code>make notebook</code> to change
the code and run it again.</p>
<ol class="lessons">
{{range .Lessons}}<li><a href="{{.Href}}">{{if .Thumb}}<img src="{{.Thumb}}" alt="" loading="lazy">{{end}}<span class="num">{{.Number}}</span> <span class="title">{{.Title}}</span></a>
<div class="summary">{{.Summary}}</div></li>
{{end}}</ol>
{{template "foot" .}}`))

var galleryTmpl = template.Must(template.New("gallery").Parse(layout + `{{template "head" .}}<article class="md gallery">{{.Body}}</article>
{{template "foot" .}}`))

// siteCSS is the whole stylesheet: readable text, code and outputs told apart, figures at their size.
const siteCSS = `:root { --fg: #1d1d1f; --muted: #5f6368; --line: #e3e3e6; --code: #f6f7f9; --out: #ffffff; --accent: #0b6bcb; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.site, footer.site { display: flex; gap: 1.5em; align-items: baseline; padding: .8em max(1em, calc(50vw - 26em)); border-bottom: 1px solid var(--line); }
footer.site { border: 0; border-top: 1px solid var(--line); color: var(--muted); font-size: .85em; margin-top: 3em; }
header.site .home { font-weight: 700; font-size: 1.15em; color: var(--fg); text-decoration: none; }
header.site nav a { margin-right: 1em; }
a { color: var(--accent); }
main { max-width: 52em; margin: 0 auto; padding: 0 1em; }
pre { tab-size: 4; overflow-x: auto; padding: .7em 1em; border-radius: 6px; font: 14px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
pre.code { background: var(--code); border-left: 3px solid #b8c4d6; }
pre.code.subject { border-left-color: var(--accent); }
pre.out { background: var(--out); border: 1px dashed var(--line); margin-top: -.4em; }
pre.out.err { color: #a50e0e; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
nav.prevnext { display: flex; justify-content: space-between; gap: 1em; margin: 1.5em 0; font-size: .95em; }
ol.lessons { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr)); gap: 1.2em; }
ol.lessons li { border: 1px solid var(--line); border-radius: 8px; padding: .8em; }
ol.lessons li a { text-decoration: none; color: var(--fg); display: block; }
ol.lessons img { width: 100%; height: auto; border-radius: 4px; }
ol.lessons .num { color: var(--muted); font-weight: 700; }
ol.lessons .title { font-weight: 600; }
ol.lessons .summary { font-size: .88em; color: var(--muted); }
.interactive { border: 1px solid var(--line); border-radius: 8px; padding: 1em; margin: 1em 0; }
.interactive label { display: grid; grid-template-columns: 15em 1fr; align-items: center; font: 14px ui-monospace, monospace; }
.interactive input[type=range] { width: 100%; }
.interactive .figure { text-align: center; overflow-x: auto; }
.interactive .figure svg { max-width: 100%; height: auto; }
.interactive .status { font-size: .85em; color: var(--muted); }
table { border-collapse: collapse; } th, td { border-bottom: 1px solid var(--line); padding: .2em .6em; }
`
