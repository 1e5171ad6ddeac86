package site

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
)

// WasmDir is where site/wasm.sh writes the interactive figures' programs, under the repository.
const WasmDir = "build/site-wasm"

// Interactives lists the figures of the lessons that run in the page, made from what site/wasm.sh
// wrote under root/WasmDir; it is nil when that has not been built (the pages then show only the
// notebooks' own figures).
func Interactives(root string) map[string]Interactive {
	dir := filepath.Join(root, WasmDir)
	text, err := os.ReadFile(filepath.Join(dir, "momentum-default.txt"))
	if err != nil {
		return nil
	}
	const slug = "04-momentum-and-nesterov"
	files := map[string]string{
		"wasm_exec.js":         filepath.Join(dir, "wasm_exec.js"),
		"momentum.wasm.js":     filepath.Join(dir, "momentum.wasm.js"),
		"momentum-default.svg": filepath.Join(dir, "momentum-default.svg"),
		"momentum.js":          filepath.Join(root, "site", "js", "momentum.js"),
	}
	// The defaults here are the ones site/wasm.sh drew: η = 0.1 (position 200 of 300 on the log
	// scale from 0.001 to 1) and μ = 0.5.
	controls := fmt.Sprintf(`<div data-descent-wasm="momentum" data-base="%[1]s/">
<p class="lead"><strong>Try it here.</strong> Move the sliders: the page runs descent's own <code>optim.SGD</code> with momentum (the library compiled to WebAssembly) and redraws the path. Where does the path stop zig-zagging? Where does it spiral?</p>
<label>learning rate η = <span class="eta-value">0.1</span> <input type="range" name="eta" min="0" max="300" value="200" aria-label="learning rate η, log scale from 0.001 to 1"></label>
<label>momentum μ = <span class="mu-value">0.5</span> <input type="range" name="mu" min="0" max="999" value="500" aria-label="momentum μ from 0 to 0.999"></label>
<div class="figure"><img src="%[1]s/momentum-default.svg" alt="momentum's path on the ill-conditioned quadratic for η = 0.1, μ = 0.5"></div>
<pre class="out rate">%[2]s</pre>
<p class="status">The figure above was drawn when the site was built; moving a slider loads the program (about %[3]s, once) and redraws it in the page.</p>
</div>`, slug, html.EscapeString(strings.TrimSpace(string(text))), sizeOf(files["momentum.wasm.js"]))
	return map[string]Interactive{slug: {
		Anchors: []string{"lesson.NewPanel", "Panel", "optim.Momentum("},
		HTML:    controls,
		Files:   files,
		Scripts: []string{"wasm_exec.js", "momentum.js"},
	}}
}

func sizeOf(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "a few MB"
	}
	return fmt.Sprintf("%.0f MB", float64(fi.Size())/1e6)
}
