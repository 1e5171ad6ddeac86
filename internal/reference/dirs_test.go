package reference

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := filepath.Abs(filepath.Join("..", "..")); root != want {
		t.Errorf("ModuleRoot = %s, want %s", root, want)
	}

	// A nested module (like internal/e2e) is passed over.
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "go.mod"), "// descent\nmodule github.com/descentlab/descent\n\ngo 1.26\n")
	writeFile(t, filepath.Join(tmp, "internal", "e2e", "go.mod"), "module github.com/descentlab/descent/internal/e2e\n")
	if got, err := moduleRootFrom(filepath.Join(tmp, "internal", "e2e")); err != nil || got != tmp {
		t.Errorf("from a nested module: %q, %v; want %s", got, err, tmp)
	}
	other := t.TempDir()
	writeFile(t, filepath.Join(other, "go.mod"), "module example.com/other\n")
	if _, err := moduleRootFrom(other); err == nil {
		t.Error("another module's go.mod: no error")
	}
}

func TestSharedDirOrder(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "main")
	copyDir := filepath.Join(root, "pkg", "optim", "testdata", "reference")
	if _, err := sharedDir(root); err == nil || !strings.Contains(err.Error(), EnvDir) {
		t.Errorf("neither directory: error %v", err)
	}
	writeFile(t, filepath.Join(copyDir, "a.json"), "{}")
	if got, err := sharedDir(root); err != nil || got != copyDir {
		t.Errorf("only the copy: %q, %v; want %s", got, err, copyDir)
	}
	shared := filepath.Join(tmp, "shared", "reference")
	writeFile(t, filepath.Join(shared, "a.json"), "{}")
	if got, err := sharedDir(root); err != nil || filepath.Clean(got) != shared {
		t.Errorf("both: %q, %v; want %s", got, err, shared)
	}
}

func TestDirEnv(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv(EnvDir, tmp)
	if got, err := Dir(); err != nil || got != tmp {
		t.Errorf("Dir with %s=%s: %q, %v", EnvDir, tmp, got, err)
	}
	t.Setenv(EnvDir, filepath.Join(tmp, "missing"))
	if _, err := Dir(); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Dir with a missing %s: error %v", EnvDir, err)
	}
	if _, err := Dirs(); err == nil {
		t.Errorf("Dirs with a missing %s: no error", EnvDir)
	}
	t.Setenv(EnvDir, tmp)
	if dirs, err := Dirs(); err != nil || len(dirs) != 3 || dirs[0] != tmp {
		t.Errorf("Dirs with %s=%s: %v, %v; want it in place of both shared directories, then extra and groups", EnvDir, tmp, dirs, err)
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join("pkg", "optim", "testdata", "reference")
	t.Setenv(EnvDir, rel)
	if got, err := Dir(); err != nil || got != filepath.Join(root, rel) {
		t.Errorf("Dir with %s=%s: %q, %v; want it under the module root %s", EnvDir, rel, got, err, root)
	}
	t.Setenv(EnvDir, "no-such-dir")
	if _, err := Dir(); err == nil || !strings.Contains(err.Error(), "no-such-dir") {
		t.Errorf("Dir with a missing relative %s: error %v", EnvDir, err)
	}
}

func TestFiles(t *testing.T) {
	tmp := t.TempDir()
	if _, err := Files(tmp); err == nil {
		t.Error("empty directory: no error")
	}
	for _, name := range []string{"b.json", "a.json", "nofma/a.json", "README.md"} {
		writeFile(t, filepath.Join(tmp, name), "{}")
	}
	got, err := Files(tmp)
	want := []string{filepath.Join(tmp, "a.json"), filepath.Join(tmp, "b.json"), filepath.Join(tmp, "nofma", "a.json")}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Files = %v, %v; want %v", got, err, want)
	}
	if _, err := Files(filepath.Join(tmp, "missing")); err == nil {
		t.Error("missing directory: no error")
	}
	if !IsNoFMA(want[2]) || IsNoFMA(want[0]) || IsNoFMA(filepath.Join("nofma", "x", "a.json")) {
		t.Error("IsNoFMA is wrong")
	}
}

// TestLoadRepositoryFiles loads every reference file the parity tests
// replay: all must be well formed.
func TestLoadRepositoryFiles(t *testing.T) {
	dirs, err := Dirs()
	if err != nil {
		t.Fatal(err)
	}
	runs := 0
	for _, dir := range dirs {
		files, err := Files(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			f, err := Load(path)
			if err != nil {
				t.Error(err)
				continue
			}
			runs += len(f.Runs)
		}
	}
	if runs == 0 {
		t.Error("no runs")
	}
	if want := 4 - min(1, len(os.Getenv(EnvDir))); len(dirs) != want {
		t.Errorf("Dirs = %v, want %d: the shared (or $%s), the extra and the groups directories", dirs, want, EnvDir)
	}
	t.Logf("%d runs in %v", runs, dirs)
}
