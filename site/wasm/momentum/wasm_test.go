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

// TestWebAssemblyBitForBit runs the same trajectories natively and as WebAssembly under Node
// (Go's own wasm_exec_node.js) and compares η, μ, every point and loss bit for bit, and the
// printed text exactly: the numbers the website shows are the library's.
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
	wasm := filepath.Join(t.TempDir(), "momentum.wasm")
	build := exec.Command(goBin, "build", "-o", wasm, ".")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go build: %v\n%s", err, msg)
	}
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec_node.js")
	path, rate := sliders("path"), sliders("rate")
	at := func(s map[string]any, k string) int { return s[k].(map[string]any)["value"].(int) }
	for _, c := range []struct {
		figure        string
		etaPos, muPos int
	}{
		{"path", -1, -1}, // the page's default, the notebook's exact values
		{"path", at(path, "eta"), at(path, "mu")}, // the sliders' positions nearest to it
		{"path", 120, 900},
		{"path", 0, 0},     // η = 0.01, μ = 0: plain gradient descent, slow
		{"path", 240, 999}, // η = 1, μ = 0.999: beyond 0 < ηλ < 2 + 2μ along x₂? (it is inside: slow spiral)
		{"path", 240, 0},   // η = 1, μ = 0: ηλ = 4 > 2 diverges
		{"rate", -1, -1},
		{"rate", at(rate, "eta"), at(rate, "mu")},
		{"rate", 200, 700},
	} {
		args := []string{c.figure, strconv.Itoa(c.etaPos), strconv.Itoa(c.muPos)}
		var native, js bytes.Buffer
		if err := dump(&native, c.figure, c.etaPos, c.muPos); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(node, append([]string{execJS, wasm, "dump"}, args...)...)
		cmd.Stdout, cmd.Stderr = &js, os.Stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("node %s: %v", wasm, err)
		}
		nl := strings.Split(native.String(), "\n")
		if len(nl) < 4 {
			t.Errorf("%v: only %d lines compared", args, len(nl))
		}
		if native.String() != js.String() {
			t.Errorf("%v: the WebAssembly build differs:\nnative:\n%s\nwasm:\n%s", args, native.String(), js.String())
		}
	}
}

// TestDefaultsAreTheNotebooks checks that the page's figures say what the notebook's slider cells
// said when they were executed and saved: the same computation, at the same default positions.
func TestDefaultsAreTheNotebooks(t *testing.T) {
	nb, err := os.ReadFile(filepath.Join("..", "..", "..", "notebooks", "04-momentum-and-nesterov.ipynb"))
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
	text := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		var parts []string
		_ = json.Unmarshal(raw, &parts)
		return strings.Join(parts, "")
	}
	meta, _, err := defaults()
	if err != nil {
		t.Fatal(err)
	}
	for name, anchor := range map[string]string{"path": "lesson.PathAndLoss(", "rate": "rates.Figure("} {
		want := meta[name].(map[string]any)["text"].(string)
		found := false
		for _, c := range doc.Cells {
			if c.Type != "code" || !strings.Contains(text(c.Source), anchor) {
				continue
			}
			found = true
			var out string
			for _, o := range c.Outputs {
				out += text(o.Text)
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s: the page's default says %q; the notebook's cell printed %q", name, want, out)
			}
		}
		if !found {
			t.Errorf("%s: no code cell of lesson 04 contains %q: the site's figure no longer matches the lesson", name, anchor)
		}
	}
}
