package nbtest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSetupIsIdempotent runs scripts/setup.sh twice on an empty Go build cache, as on a new
// machine: the first run must compile what the lessons import into that cache; the second must
// find everything in place and install, build, warm and register nothing (so a second 'make test'
// reinstalls nothing). Afterwards building the lessons' imports must have nothing left to compile.
func TestSetupIsIdempotent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the setup script; skipped under -short")
	}
	requireJupyter(t)
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "setup.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	run := func() string {
		cmd := exec.Command("bash", script)
		cmd.Env = append(os.Environ(), "GOCACHE="+cache)
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("setup.sh failed: %v\n%s", err, b)
		}
		return string(b)
	}
	if first := run(); !strings.Contains(first, "warming the Go build cache") {
		t.Errorf("the first run of setup.sh on an empty Go build cache does not warm it:\n%s", first)
	}
	second := run()
	for _, word := range []string{"installing", "building", "warming", "registering"} {
		if strings.Contains(second, word) {
			t.Errorf("the second run of setup.sh is %s something:\n%s", word, second)
		}
	}
	for _, want := range []string{"Jupyter: found", "up to date in bin/", "Go build cache: warm for the lessons", "GoNB kernel: registered"} {
		if !strings.Contains(second, want) {
			t.Errorf("the second run of setup.sh does not say %q:\n%s", want, second)
		}
	}

	// What a cell's build would still compile, read from 'go build -n' (which runs nothing): on the
	// warmed cache nothing; on an empty one (the check's own check) the whole import graph.
	imports := lessonImports(t)
	if left := toCompile(t, cache, imports); len(left) > 0 {
		t.Errorf("after setup, building the lessons' imports still compiles %d packages, among them %q", len(left), left[:min(len(left), 10)])
	}
	if cold := toCompile(t, t.TempDir(), imports); !slices.Contains(cold, "gonum.org/v1/plot") {
		t.Errorf("on an empty cache 'go build -n' lists %d packages to compile, gonum.org/v1/plot not among them: the check above sees nothing", len(cold))
	}
}

var (
	importLine  = regexp.MustCompile(`(?m)^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"`)
	importBlock = regexp.MustCompile(`(?ms)^\s*import\s*\((.*?)\)`)
	quoted      = regexp.MustCompile(`"([^"]+)"`)
)

// lessonImports returns every package imported in a code cell of a lesson, and fmt, which
// goimports adds to cells that print.
func lessonImports(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(notebooksDir, "*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no lessons in %s: %v", notebooksDir, err)
	}
	found := map[string]bool{"fmt": true}
	for _, p := range paths {
		nb, err := readNotebook(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range nb.Cells {
			if c.CellType != "code" {
				continue
			}
			src := string(c.Source)
			for _, m := range importLine.FindAllStringSubmatch(src, -1) {
				found[m[1]] = true
			}
			for _, m := range importBlock.FindAllStringSubmatch(src, -1) {
				for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
					found[q[1]] = true
				}
			}
		}
	}
	var pkgs []string
	for p := range found {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	if !slices.Contains(pkgs, "github.com/descentlab/descent/plotting") {
		t.Fatalf("no lesson imports github.com/descentlab/descent/plotting; found %q", pkgs)
	}
	return pkgs
}

// toCompile lists the packages 'go build' of pkgs, from the repository, would compile with the
// given build cache.
func toCompile(t *testing.T, cache string, pkgs []string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"build", "-n"}, pkgs...)...)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOCACHE="+cache)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build -n of the lessons' imports: %v\n%s", err, b)
	}
	// Each package to build starts with a comment block naming it: "#\n# import/path\n#".
	var left []string
	for _, m := range regexp.MustCompile(`(?m)^# (\S+)$`).FindAllStringSubmatch(string(b), -1) {
		left = append(left, m[1])
	}
	return left
}
