package nbtest_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// notebooksDir holds the lessons, relative to this package.
var notebooksDir = filepath.Join("..", "..", "notebooks")

// step is one thing expected in a notebook's outputs: an exact line of text, or an image.
type step struct {
	line  string
	image bool
}

func line(s string) step { return step{line: s} }

var image = step{image: true}

// expectation says what an executed notebook must show.
type expectation struct {
	// sequence must appear in this order among the notebook's outputs (other outputs may come between).
	sequence []step
	// images is the exact number of image outputs (PNG or SVG) in the whole notebook.
	images int
}

// expected has an entry for every notebook under notebooks/; a notebook without one fails the test.
// Each notebook's entry lives in its own file, expect_NN_test.go, so lessons can be added independently.
var expected = map[string]expectation{}

// TestNotebooks executes every notebook in a fresh kernel, headless, and checks its outputs.
func TestNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("executing notebooks is slow; skipped under -short")
	}
	jupyter := requireJupyter(t)
	paths, err := filepath.Glob(filepath.Join(notebooksDir, "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nbs []string
	for _, p := range paths {
		nbs = append(nbs, filepath.Base(p))
	}
	if len(nbs) == 0 {
		t.Fatal("no notebooks found in notebooks/")
	}
	for name := range expected {
		if !slices.Contains(nbs, name) {
			t.Errorf("expected has an entry for %s, which does not exist", name)
		}
	}
	for _, name := range nbs {
		t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
			want, ok := expected[name]
			if !ok {
				t.Fatalf("%s has no entry in the expected table of notebooks_test.go: add its expected lines and image count", name)
			}
			nb := execute(t, jupyter, name)
			for _, p := range nb.problems() {
				t.Error(p)
			}
			checkSequence(t, nb.events(), want)
			committed, err := readNotebook(filepath.Join(notebooksDir, name))
			if err != nil {
				t.Fatal(err)
			}
			checkReproducible(t, committed, nb)
		})
	}
}

func checkSequence(t *testing.T, evs []event, want expectation) {
	t.Helper()
	images := 0
	for _, ev := range evs {
		if ev.Image != "" {
			images++
		}
	}
	if images != want.images {
		t.Errorf("the notebook shows %d images, want %d", images, want.images)
	}
	i := 0
	for _, ev := range evs {
		if i == len(want.sequence) {
			break
		}
		w := want.sequence[i]
		if (w.image && ev.Image != "") || (!w.image && ev.Image == "" && ev.Line == w.line) {
			i++
		}
	}
	if i < len(want.sequence) {
		var seen strings.Builder
		for _, ev := range evs {
			if ev.Image != "" {
				seen.WriteString("  [" + ev.Image + "]\n")
			} else {
				seen.WriteString("  " + ev.Line + "\n")
			}
		}
		w := want.sequence[i]
		what := "line " + `"` + w.line + `"`
		if w.image {
			what = "an image"
		}
		t.Errorf("expected output %d of %d not found in order: %s\noutputs were:\n%s", i+1, len(want.sequence), what, seen.String())
	}
}

// execute runs a notebook headless in a fresh kernel and returns the executed copy.
func execute(t *testing.T, jupyter []string, name string) *notebook {
	t.Helper()
	out := t.TempDir()
	args := append(slices.Clone(jupyter[1:]), "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.timeout=600", "--output-dir", out, filepath.Join(notebooksDir, name))
	cmd := exec.Command(jupyter[0], args...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("executing %s failed: %v\n%s", name, err, b)
	}
	nb, err := readNotebook(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// requireJupyter returns the command that runs the project's Jupyter. Without Jupyter the test is
// skipped, except under CI=true, where it fails: CI must run the notebooks.
func requireJupyter(t *testing.T) []string {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "jupyter.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script, "--version")
	if b, err := cmd.CombinedOutput(); err != nil {
		var ee *exec.ExitError
		msg := "no usable Jupyter (run 'make setup'): " + strings.TrimSpace(string(b))
		if errors.As(err, &ee) && ee.ExitCode() == 127 && os.Getenv("CI") != "true" {
			t.Skip(msg)
		}
		t.Fatal(msg)
	}
	return []string{"bash", script}
}
