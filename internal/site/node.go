package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

// RenderError says which markdown text could not be rendered, and why.
type RenderError struct {
	Index int    // position in the renderer's input
	Msg   string // e.g. KaTeX's parse error, with the formula
}

func (e *RenderError) Error() string { return fmt.Sprintf("text %d: %s", e.Index, e.Msg) }

// NodeRenderer renders markdown with site/markdown.mjs under Node: the Notebook's own
// algorithm and marked version, and KaTeX for the math. dir is the site/ directory, with its npm
// packages installed (scripts/site.sh runs 'npm ci' there).
func NodeRenderer(node, dir string) Renderer {
	return func(md []string) ([]string, error) {
		in, err := json.Marshal(md)
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(node, "markdown.mjs")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(in)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			var re struct {
				Index *int   `json:"index"`
				Error string `json:"error"`
			}
			if json.Unmarshal(out.Bytes(), &re) == nil && re.Index != nil {
				return nil, &RenderError{Index: *re.Index, Msg: re.Error}
			}
			return nil, fmt.Errorf("%s markdown.mjs: %v: %s", node, err, strings.TrimSpace(errb.String()))
		}
		var html []string
		if err := json.Unmarshal(out.Bytes(), &html); err != nil {
			return nil, fmt.Errorf("markdown.mjs wrote no JSON list: %w", err)
		}
		return html, nil
	}
}
