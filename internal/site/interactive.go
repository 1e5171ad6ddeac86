package site

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// WasmDir is where site/wasm.sh writes the steerable figures' program, under the repository.
const WasmDir = "build/site-wasm"

// figurePage is what site/wasm/lessons says of one figure (its defaults.json).
type figurePage struct {
	Lesson  string         `json:"lesson"`
	Anchor  string         `json:"anchor"`
	Lead    string         `json:"lead"`
	Alt     string         `json:"alt"`
	Text    string         `json:"text"`
	Sliders []figureSlider `json:"sliders"`
}

type figureSlider struct {
	Name    string   `json:"name"`
	Select  bool     `json:"select"`
	Max     int      `json:"max"`
	Value   int      `json:"value"`
	Default string   `json:"default"`
	Labels  []string `json:"labels"`
}

// Interactives lists the lessons' figures that run in the page, made from what site/wasm.sh wrote
// under root/WasmDir (site/wasm/lessons declares them); it is nil when that has not been built,
// and the pages then show only the notebooks' own figures. Each figure goes after the notebook's
// slider cell it mirrors.
func Interactives(root string) map[string][]Interactive {
	dir := filepath.Join(root, WasmDir)
	raw, err := os.ReadFile(filepath.Join(dir, "defaults.json"))
	if err != nil {
		return nil
	}
	var pages map[string]figurePage
	if err := json.Unmarshal(raw, &pages); err != nil {
		return nil
	}
	size := "a few MB"
	if fi, err := os.Stat(filepath.Join(dir, "lessons.wasm.js")); err == nil {
		size = fmt.Sprintf("%.0f MB", float64(fi.Size())/1e6)
	}
	var keys []string
	for k := range pages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string][]Interactive{}
	for _, key := range keys {
		p := pages[key]
		mine := map[string]figurePage{}
		for k, q := range pages {
			if q.Lesson == p.Lesson {
				mine[k] = q
			}
		}
		var b strings.Builder
		if len(out[p.Lesson]) == 0 { // the first figure of a page carries every figure's sliders
			data, _ := json.Marshal(mine)
			fmt.Fprintf(&b, `<script type="application/json" id="lesson-figures">%s</script>`+"\n", data)
		}
		fmt.Fprintf(&b, `<div data-descent-figure="%s" data-base="%s/">`+"\n", key, p.Lesson)
		fmt.Fprintf(&b, `<p class="lead"><strong>Try it here.</strong> %s</p>`+"\n", p.Lead)
		for i, s := range p.Sliders {
			if s.Select {
				fmt.Fprintf(&b, `<label>%s: <select aria-label="%s">`, html.EscapeString(s.Name), html.EscapeString(s.Name))
				for j, o := range s.Labels {
					sel := ""
					if j == s.Value {
						sel = " selected"
					}
					fmt.Fprintf(&b, `<option value="%d"%s>%s</option>`, j, sel, html.EscapeString(o))
				}
				b.WriteString("</select></label>\n")
				continue
			}
			fmt.Fprintf(&b, `<label>%s = <span class="value" data-index="%d">%s</span> <input type="range" min="0" max="%d" value="%d" aria-label="%s"></label>`+"\n",
				html.EscapeString(s.Name), i, html.EscapeString(s.Default), s.Max, s.Value, html.EscapeString(s.Name))
		}
		fmt.Fprintf(&b, `<div class="figure"><img src="%s/%s.svg" alt="%s"></div>`+"\n", p.Lesson, key, html.EscapeString(p.Alt))
		fmt.Fprintf(&b, `<pre class="out rate">%s</pre>`+"\n", html.EscapeString(p.Text))
		fmt.Fprintf(&b, `<p class="status">Drawn when the site was built, at the notebook's defaults; moving a slider loads the lessons' Go code (about %s, once) and redraws it in the page.</p>`+"\n</div>", size)
		out[p.Lesson] = append(out[p.Lesson], Interactive{
			Anchors: []string{p.Anchor},
			HTML:    b.String(),
			Files: map[string]string{
				"wasm_exec.js":    filepath.Join(dir, "wasm_exec.js"),
				"lessons.wasm.js": filepath.Join(dir, "lessons.wasm.js"),
				key + ".svg":      filepath.Join(dir, key+".svg"),
				"lessons.js":      filepath.Join(root, "site", "js", "lessons.js"),
			},
			Scripts: []string{"wasm_exec.js", "lessons.js"},
		})
	}
	return out
}
