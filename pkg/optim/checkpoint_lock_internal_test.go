//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package optim

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRunningSaveKeepsItsTemp checks that the stale-file sweep of a save
// leaves alone the temporary file of a save still running, which holds its
// lock, and removes it once the lock is released.
func TestRunningSaveKeepsItsTemp(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, ".run.ckpt.tmp-42")
	if err := os.WriteFile(tmp, []byte("half written"), 0o600); err != nil {
		t.Fatal(err)
	}
	unlock := lockTemp(tmp)
	removeStaleTemps(dir, "run.ckpt")
	if _, err := os.Stat(tmp); err != nil {
		t.Fatalf("the sweep removed the temporary file of a running save: %v", err)
	}
	unlock()
	removeStaleTemps(dir, "run.ckpt")
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("the sweep left a stale temporary file: %v", err)
	}
}
