package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestWebAssemblyBitForBit runs every figure's computation natively and as WebAssembly under
// Node (Go's own wasm_exec_node.js) and compares the sliders' values, every point and loss of
// the run bit for bit, and the printed text exactly: the numbers the website shows are the
// library's.
func TestWebAssemblyBitForBit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program for GOOS=js; skipped under -short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to run the WebAssembly build")
		}
		t.Skip("no node on PATH")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	wasm := filepath.Join(t.TempDir(), "lessons.wasm")
	build := exec.Command(goBin, "build", "-o", wasm, ".")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go build: %v\n%s", err, msg)
	}
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec_node.js")
	n := 0
	for _, key := range keys() {
		f := figures[key]
		// the defaults, the top of every scale (past the stability limits), and a point between
		var def, hi, mid []int
		for _, s := range f.Params {
			def = append(def, -1)
			hi, mid = append(hi, s.steps()), append(mid, s.steps()*2/3)
		}
		settings := [][]int{def, hi, mid}
		for _, pos := range settings {
			args := []string{key}
			for _, p := range pos {
				args = append(args, strconv.Itoa(p))
			}
			var native, js bytes.Buffer
			if err := dump(&native, key, pos); err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			cmd := exec.Command(node, append([]string{execJS, wasm, "dump"}, args...)...)
			cmd.Stdout, cmd.Stderr = &js, os.Stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("node %s %v: %v", wasm, args, err)
			}
			if lines := strings.Count(native.String(), "\n"); lines < 4 {
				t.Errorf("%v: only %d lines compared", args, lines)
			}
			if native.String() != js.String() {
				t.Errorf("%v: the WebAssembly build differs:\nnative:\n%s\nwasm:\n%s", args, native.String(), js.String())
			}
			n++
		}
	}
	t.Logf("%d runs of %d figures identical natively and as WebAssembly", n, len(figures))
}

// TestDefaultsAreTheNotebooks checks that each page figure says, at the notebook's defaults, what
// the notebook's slider cell printed when it was executed and saved: the same computation at the
// same values. It fails when a lesson's cell changes and its figure here does not.
func TestDefaultsAreTheNotebooks(t *testing.T) {
	pages, _, err := defaults()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("no figures")
	}
	for key, p := range pages {
		nb, err := os.ReadFile(filepath.Join("..", "..", "..", "notebooks", p.Lesson+".ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Cells []struct {
				Type    string          `json:"cell_type"`
				Source  json.RawMessage `json:"source"`
				Outputs []struct {
					Text json.RawMessage `json:"text"`
				} `json:"outputs"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(nb, &doc); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, c := range doc.Cells {
			if c.Type != "code" || !strings.Contains(text(c.Source), p.Anchor) {
				continue
			}
			found++
			var out string
			for _, o := range c.Outputs {
				out += text(o.Text)
			}
			if !strings.Contains(out, p.Text) {
				t.Errorf("%s: the page's default says %q; the notebook's cell printed %q", key, p.Text, out)
			}
		}
		if found != 1 {
			t.Errorf("%s: %d code cells of %s contain %q, want exactly one: the page's figure no longer matches the lesson", key, found, p.Lesson, p.Anchor)
		}
	}
}

// text reads nbformat's string-or-list-of-strings.
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []string
	_ = json.Unmarshal(raw, &parts)
	return strings.Join(parts, "")
}
