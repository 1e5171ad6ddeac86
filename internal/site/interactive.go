package site

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
)

// WasmDir is where site/wasm.sh writes the interactive figures' programs, under the repository.
const WasmDir = "build/site-wasm"

// Interactives lists the figures of the lessons that run in the page, made from what site/wasm.sh
// wrote under root/WasmDir; it is nil when that has not been built (the pages then show only the
// notebooks' own figures). Lesson 04 has two, after its two slider cells: momentum's path and
// loss, and the map of its measured rate.
func Interactives(root string) map[string][]Interactive {
	dir := filepath.Join(root, WasmDir)
	raw, err := os.ReadFile(filepath.Join(dir, "momentum-defaults.json"))
	if err != nil {
		return nil
	}
	var meta map[string]struct {
		Text string `json:"text"`
		Eta  slider `json:"eta"`
		Mu   slider `json:"mu"`
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil
	}
	const slug = "04-momentum-and-nesterov"
	files := map[string]string{
		"wasm_exec.js":      filepath.Join(dir, "wasm_exec.js"),
		"momentum.wasm.js":  filepath.Join(dir, "momentum.wasm.js"),
		"momentum-path.svg": filepath.Join(dir, "momentum-path.svg"),
		"momentum-rate.svg": filepath.Join(dir, "momentum-rate.svg"),
		"momentum.js":       filepath.Join(root, "site", "js", "momentum.js"),
	}
	size := "a few MB"
	if fi, err := os.Stat(files["momentum.wasm.js"]); err == nil {
		size = fmt.Sprintf("%.0f MB", float64(fi.Size())/1e6)
	}
	block := func(name, lead, alt string) string {
		m := meta[name]
		return fmt.Sprintf(`<div data-descent-wasm="momentum" data-figure="%[1]s" data-base="%[2]s/">
<p class="lead"><strong>Try it here.</strong> %[3]s</p>
<label>learning rate η = <span class="eta-value">%[4]s</span> <input type="range" name="eta" min="0" max="%[5]d" value="%[6]d" aria-label="learning rate η"></label>
<label>momentum μ = <span class="mu-value">%[7]s</span> <input type="range" name="mu" min="0" max="%[8]d" value="%[9]d" aria-label="momentum μ"></label>
<div class="figure"><img src="%[2]s/momentum-%[1]s.svg" alt="%[10]s"></div>
<pre class="out rate">%[11]s</pre>
<p class="status">Drawn when the site was built, at the notebook's defaults; moving a slider loads the lesson's Go code (about %[12]s, once) and redraws it in the page.</p>
</div>`, name, slug, lead, m.Eta.label(-1, "0.45"), m.Eta.Max, m.Eta.Value, m.Mu.label(-1, "0.5"), m.Mu.Max, m.Mu.Value,
			html.EscapeString(alt), html.EscapeString(m.Text), size)
	}
	sliders, _ := json.Marshal(meta)
	data := `<script type="application/json" id="momentum-sliders">` + string(sliders) + `</script>`
	return map[string][]Interactive{slug: {
		{
			Anchors: []string{"lesson.PathAndLoss("},
			HTML: data + block("path", "The sliders of the cell above, in this page: it runs descent's own <code>optim.SGD</code> with momentum (the library compiled to WebAssembly) and redraws the path and the loss.",
				"momentum's path on the ill-conditioned quadratic and its loss, at η = 0.45, μ = 0.5"),
			Files:   files,
			Scripts: []string{"wasm_exec.js", "momentum.js"},
		},
		{
			Anchors: []string{"rates.Figure("},
			HTML: block("rate", "Move the point over the map: the rate printed below is measured by running descent's momentum at those values.",
				"the measured rate of momentum over the (η, μ) plane, the sliders' point at η = 0.45, μ = 0.5"),
		},
	}}
}

// slider is what the page needs of one of the notebook's sliders: its positions, the default's
// nearest position, and the label of every position.
type slider struct {
	Max    int      `json:"max"`
	Value  int      `json:"value"`
	Labels []string `json:"labels"`
}

// label is the label at pos, or def for the notebook's exact default (pos < 0).
func (s slider) label(pos int, def string) string {
	if pos < 0 || pos >= len(s.Labels) {
		return def
	}
	return s.Labels[pos]
}
