package optim_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// temps returns the names of the temporary files of checkpoints in dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestSaveFileRemovesStaleTemps checks that the temporary file a killed
// save left is removed by the next save of the same checkpoint (issue 20,
// item 8), and that those of other checkpoints are left alone.
func TestSaveFileRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.ckpt")
	stale := []string{".run.ckpt.tmp-123456", ".run.ckpt.tmp-9"}
	other := ".other.ckpt.tmp-123456"
	for _, name := range append(stale, other) {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, 1000), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	opt := newResumeOpt[float64](t, 3)
	if err := optim.SaveFile(path, opt); err != nil {
		t.Fatal(err)
	}
	if got := temps(t, dir); len(got) != 1 || got[0] != other {
		t.Errorf("temporary files after a save: %v, want only %s", got, other)
	}
}

// TestSaveFileKilled kills a process in the middle of a 48 MB SaveFile,
// several times, and checks that the next SaveFile leaves no temporary
// file behind and the checkpoint loads (issue 20, item 8).
func TestSaveFileKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	if path := os.Getenv("DESCENT_TEST_SAVE_LOOP"); path != "" {
		saveLoop(path) // the child: save until killed
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "big.ckpt")
	littered := 0
	for range 3 {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestSaveFileKilled$")
		cmd.Env = append(os.Environ(), "DESCENT_TEST_SAVE_LOOP="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(30 * time.Second); len(temps(t, dir)) == 0 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if len(temps(t, dir)) > 0 {
			littered++
		}
		opt := newResumeOpt[float32](t, 3)
		if err := optim.SaveFile(path, opt); err != nil {
			t.Fatal(err)
		}
		if got := temps(t, dir); len(got) > 0 {
			t.Fatalf("temporary files after the save that followed a kill: %v", got)
		}
		if err := optim.LoadFile(path, newResumeOpt[float32](t, 3)); err != nil {
			t.Fatal(err)
		}
	}
	if littered == 0 {
		t.Error("no kill left a temporary file: the test did not test anything")
	}
}

// saveLoop saves a 48 MB checkpoint to path over and over.
func saveLoop(path string) {
	p := tensor.Zeros[float64]("p", 6_000_000)
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{p}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	for {
		if err := optim.SaveFile(path, opt); err != nil {
			panic(err)
		}
	}
}

// TestSaveFileThroughSymlink checks that a save through a symbolic link
// writes the file it links to and keeps the link (issue 20, item 8), for a
// relative link, a chain of links and a link to a file yet to be made; and
// that a loop of links is an error.
func TestSaveFileThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	must0(t, os.Mkdir(filepath.Join(dir, "runs"), 0o755))
	target := filepath.Join(dir, "runs", "real.ckpt")
	opt := newResumeOpt[float64](t, 3)
	takeSteps(t, opt, 2)
	must0(t, os.WriteFile(target, []byte("old"), 0o644))
	must0(t, os.Symlink(filepath.Join("runs", "real.ckpt"), filepath.Join(dir, "link.ckpt")))
	must0(t, os.Symlink("link.ckpt", filepath.Join(dir, "chain.ckpt")))
	must0(t, os.Symlink(filepath.Join("runs", "new.ckpt"), filepath.Join(dir, "dangling.ckpt")))
	for _, c := range []struct{ link, target string }{
		{"link.ckpt", target},
		{"chain.ckpt", target},
		{"dangling.ckpt", filepath.Join(dir, "runs", "new.ckpt")},
	} {
		link := filepath.Join(dir, c.link)
		if err := optim.SaveFile(link, opt); err != nil {
			t.Fatalf("%s: %v", c.link, err)
		}
		if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: no longer a symbolic link (%v, %v)", c.link, st.Mode(), err)
		}
		back := newResumeOpt[float64](t, 3)
		if err := optim.LoadFile(c.target, back); err != nil || back.StepCount() != opt.StepCount() {
			t.Errorf("%s: the linked file %s does not hold the checkpoint: %v", c.link, c.target, err)
		}
		if got := append(temps(t, dir), temps(t, filepath.Join(dir, "runs"))...); len(got) > 0 {
			t.Errorf("%s: temporary files left: %v", c.link, got)
		}
		takeSteps(t, opt, 1)
	}
	must0(t, os.Symlink("loop2", filepath.Join(dir, "loop1")))
	must0(t, os.Symlink("loop1", filepath.Join(dir, "loop2")))
	if err := optim.SaveFile(filepath.Join(dir, "loop1"), opt); err == nil || !strings.Contains(err.Error(), "symbolic links") {
		t.Errorf("a loop of links: error %v", err)
	}
}

// TestSaveFileReadOnly checks that a read-only checkpoint is not replaced:
// the error names the file and its mode, and the file is as it was (issue
// 20, item 8). A writable file keeps its mode.
func TestSaveFileReadOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "frozen.ckpt")
	must0(t, os.WriteFile(path, []byte("keep me"), 0o444))
	opt := newResumeOpt[float64](t, 0)
	err := optim.SaveFile(path, opt)
	if err == nil || !strings.Contains(err.Error(), path+" is read-only (mode 0444)") {
		t.Errorf("save over a 0444 file: error %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Error("the read-only file was changed")
	}
	private := filepath.Join(dir, "private.ckpt")
	must0(t, os.WriteFile(private, nil, 0o600))
	if err := optim.SaveFile(private, opt); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(private); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("a 0600 checkpoint after a save: mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
	if err := optim.SaveFile(dir, opt); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("save over a directory: error %v", err)
	}
	if got := temps(t, dir); len(got) > 0 {
		t.Errorf("temporary files left: %v", got)
	}
}

// TestSaveNilParts checks that a nil part, or a typed nil, is an error and
// not a panic, in every function that takes parts (issue 20, item 8).
func TestSaveNilParts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.ckpt")
	opt := newResumeOpt[float64](t, 0)
	var typedNil *optim.Adam[float64]
	for _, parts := range [][]optim.Stateful{{opt, nil}, {nil}, {typedNil}, {opt, typedNil}} {
		if err := optim.SaveFile(path, parts...); err == nil || !strings.Contains(err.Error(), "is a nil") {
			t.Errorf("SaveFile(%v): error %v", parts, err)
		}
		if err := optim.Save(new(bytes.Buffer), parts...); err == nil || !strings.Contains(err.Error(), "is a nil") {
			t.Errorf("Save(%v): error %v", parts, err)
		}
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a refused save wrote %s (%v)", path, err)
	}
	must0(t, optim.SaveFile(path, opt))
	for _, parts := range [][]optim.Stateful{{nil}, {typedNil}} {
		if err := optim.LoadFile(path, parts...); err == nil || !strings.Contains(err.Error(), "part 0 is a nil") {
			t.Errorf("LoadFile(%v): error %v", parts, err)
		}
	}
}

// FuzzSaveFilePath saves a checkpoint under arbitrary file names in a
// temporary directory: SaveFile either fails or writes a checkpoint that
// LoadFile restores, never panics, and leaves no temporary file either way.
func FuzzSaveFilePath(f *testing.F) {
	for _, s := range []string{"run.ckpt", ".hidden", "a b", "x.tmp-1", "sub/run.ckpt", "..", ".", "", "ü.ckpt",
		"a\x00b", strings.Repeat("n", 300), "-", "run.ckpt/"} {
		f.Add(s)
	}
	opt := newResumeOpt[float64](f, 3)
	takeSteps(f, opt, 2)
	f.Fuzz(func(t *testing.T, name string) {
		if filepath.IsAbs(name) || strings.Contains(name, "..") {
			t.Skip("stays inside the temporary directory")
		}
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		if err := optim.SaveFile(path, opt); err == nil {
			back := newResumeOpt[float64](t, 3)
			if err := optim.LoadFile(path, back); err != nil || back.StepCount() != 2 {
				t.Fatalf("SaveFile(%q) succeeded, LoadFile: %v", name, err)
			}
		}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && p != filepath.Clean(path) && strings.HasPrefix(d.Name(), ".") && strings.Contains(d.Name(), ".tmp-") {
				t.Errorf("SaveFile(%q) left %s", name, p)
			}
			return nil
		})
	})
}

func must0(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
