package optim

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// failingFile is a temporary file that fails at one operation: it writes
// only part of the data before failing, or fails to sync or to close.
type failingFile struct {
	*os.File
	failAt string
}

var errInjected = errors.New("injected failure")

func (f *failingFile) Write(b []byte) (int, error) {
	if f.failAt == "write" {
		n, _ := f.File.Write(b[:len(b)/2])
		return n, errInjected
	}
	return f.File.Write(b)
}

func (f *failingFile) Sync() error {
	if f.failAt == "sync" {
		return errInjected
	}
	return f.File.Sync()
}

func (f *failingFile) Close() error {
	err := f.File.Close()
	if f.failAt == "close" {
		return errInjected
	}
	return err
}

// TestSaveFileAtomic simulates a failure in the middle of SaveFile (a short
// write, a failed sync or close, a failed rename) and checks that the
// previous checkpoint survives intact and no temporary file is left.
func TestSaveFileAtomic(t *testing.T) {
	w := tensor.FromSlice("w", []float64{1, 2, 3})
	opt, err := NewAdam([]*tensor.Tensor[float64]{w})
	if err != nil {
		t.Fatal(err)
	}
	w.Grad[0] = 1
	if err := opt.Step(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "run.ckpt")
	if err := SaveFile(path, opt); err != nil {
		t.Fatal(err)
	}
	previous, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := opt.Step(); err != nil { // the state to save differs from the file's
		t.Fatal(err)
	}
	defer func(orig func(dir, pattern string) (tempFile, error)) { createTemp = orig }(createTemp)
	for _, failAt := range []string{"create", "write", "sync", "close"} {
		createTemp = func(dir, pattern string) (tempFile, error) {
			if failAt == "create" {
				return nil, errInjected
			}
			f, err := os.CreateTemp(dir, pattern)
			return &failingFile{File: f, failAt: failAt}, err
		}
		if err := SaveFile(path, opt); !errors.Is(err, errInjected) || !strings.Contains(err.Error(), "optim: save checkpoint "+path) {
			t.Errorf("failure at %s: error %v, want the injected one", failAt, err)
		}
		checkSurvives(t, dir, path, previous, failAt)
	}
	// A rename that fails: the destination is a non-empty directory.
	createTemp = func(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := SaveFile(blocked, opt); err == nil {
		t.Error("SaveFile over a non-empty directory succeeded")
	}
	if err := os.RemoveAll(blocked); err != nil {
		t.Fatal(err)
	}
	checkSurvives(t, dir, path, previous, "rename")
	// And a successful save replaces the file.
	if err := SaveFile(path, opt); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(path); bytes.Equal(now, previous) {
		t.Error("a successful SaveFile left the previous checkpoint")
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("checkpoint mode %v (%v), want 0644", st.Mode().Perm(), err)
	}
}

// checkSurvives checks that path still holds previous and that dir holds
// nothing else.
func checkSurvives(t *testing.T, dir, path string, previous []byte, when string) {
	t.Helper()
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, previous) {
		t.Errorf("failure at %s: the previous checkpoint did not survive (%v)", when, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("failure at %s: the directory holds %v, want only the checkpoint", when, names)
	}
}
