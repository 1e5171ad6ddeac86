package optim

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// Save writes a checkpoint holding the state of every part, in order:
// typically an optimizer and its schedulers (see checkpoint.md).
func Save(w io.Writer, parts ...Stateful) error {
	data, err := marshalParts(parts)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("optim: save checkpoint: %w", err)
	}
	return nil
}

// Load reads a checkpoint written by Save and restores every part from it,
// in order. The parts must be those saved, in the same order: the same kinds
// of optimizer and scheduler, element type, parameter groups and parameters.
// Load restores all of them or none: if restoring a part fails, the parts
// restored before it are put back as they were, and the error says why.
func Load(r io.Reader, parts ...Stateful) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("optim: load checkpoint: %w", err)
	}
	return unmarshalParts("optim: load checkpoint", data, parts)
}

// SaveFile writes the checkpoint of Save to the file path, atomically: it
// writes a temporary file in the same directory, syncs it to disk, renames
// it over path and syncs the directory, so that path holds either the
// previous checkpoint or the new one, never a mixture, even if the program
// or the machine stops midway.
//
// If path is a symbolic link, the file it links to (through any chain of
// links) is replaced and the link is kept. An existing file keeps its
// permission bits; a new one gets mode 0644. A read-only file (no write
// permission for its owner) is not replaced: that is an error naming the
// file and its mode, as is a path that names a directory or another
// non-regular file.
//
// The temporary file is named .<name>.tmp-<random> and locked while it is
// written. A save that was killed leaves its temporary file behind, and the
// next SaveFile of the same file removes every such file that no running
// save holds (see checkpoint.md).
func SaveFile(path string, parts ...Stateful) error {
	data, err := marshalParts(parts)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("optim: save checkpoint %s: %w", path, err)
	}
	return nil
}

// LoadFile restores every part from the checkpoint file path, as Load.
func LoadFile(path string, parts ...Stateful) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("optim: load checkpoint: %w", err)
	}
	return unmarshalParts("optim: load checkpoint "+path, data, parts)
}

// checkParts returns an error if a part is nil or a typed nil (a nil
// *Adam[T], say), whose methods would panic.
func checkParts(what string, parts []Stateful) error {
	for i, p := range parts {
		if isNil(p) {
			return fmt.Errorf("%s: part %d is a nil %T, not an optimizer or scheduler", what, i, p)
		}
	}
	return nil
}

// isNil reports whether s is nil or holds a nil pointer, map, slice,
// function, channel or interface.
func isNil(s Stateful) bool {
	if s == nil {
		return true
	}
	switch v := reflect.ValueOf(s); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return v.IsNil()
	}
	return false
}

// marshalParts encodes a checkpoint file record: the number of parts, then
// each part's record as a block.
func marshalParts(parts []Stateful) ([]byte, error) {
	if err := checkParts("optim: save checkpoint", parts); err != nil {
		return nil, err
	}
	var e ckpt.Encoder
	e.Len(len(parts))
	for i, p := range parts {
		b, err := p.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("optim: save checkpoint: part %d: %w", i, err)
		}
		e.Block(b)
	}
	return ckpt.Seal(ckpt.KindFile, e.Bytes()), nil
}

// unmarshalParts restores parts from a checkpoint file record, all or none.
// Errors start with what.
func unmarshalParts(what string, data []byte, parts []Stateful) error {
	if err := checkParts(what, parts); err != nil {
		return err
	}
	body, err := ckpt.Open(data, ckpt.KindFile)
	if err != nil {
		var ke *ckpt.KindError
		if errors.As(err, &ke) {
			return fmt.Errorf("%s: %w: %v (restore it with UnmarshalBinary)", what, ErrMismatch, err)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	dec := ckpt.NewDecoder(body)
	n := dec.Len(8)
	if dec.Err() == nil && n != len(parts) {
		return fmt.Errorf("%s: %w: it holds %d states, %d were given to restore", what, ErrMismatch, n, len(parts))
	}
	blocks := make([][]byte, len(parts))
	for i := range blocks {
		blocks[i] = dec.Block()
	}
	if err := dec.Finish(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	// Restore part after part; on failure, put back the parts already
	// restored from their state before the call.
	saved := make([][]byte, 0, len(parts))
	for i, p := range parts {
		before, err := p.MarshalBinary()
		if err != nil {
			return rollback(parts, saved, fmt.Errorf("%s: part %d: its current state: %w", what, i, err))
		}
		if err := p.UnmarshalBinary(blocks[i]); err != nil {
			return rollback(parts, saved, fmt.Errorf("%s: part %d: %w", what, i, err))
		}
		saved = append(saved, before)
	}
	return nil
}

// rollback restores parts[i] from saved[i] for every saved state and returns
// err, noting any part that could not be put back.
func rollback(parts []Stateful, saved [][]byte, err error) error {
	for i, b := range saved {
		if rerr := parts[i].UnmarshalBinary(b); rerr != nil {
			err = fmt.Errorf("%w; and part %d could not be put back as it was: %v", err, i, rerr)
		}
	}
	return err
}

// tempFile is the part of *os.File that writeFileAtomic uses.
type tempFile interface {
	io.Writer
	Name() string
	Chmod(os.FileMode) error
	Sync() error
	Close() error
}

// createTemp creates the temporary file of writeFileAtomic; tests replace it
// to simulate failures.
var createTemp = func(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }

// tempPrefix is the start of the names of base's temporary files.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// writeFileAtomic replaces the file path names, through any symbolic links,
// with data: temporary file in the same directory, locked, write, sync,
// close, rename, sync the directory. On error before the rename the
// temporary file is removed and the file is untouched.
func writeFileAtomic(path string, data []byte) (err error) {
	target, err := resolveLinks(path)
	if err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	switch st, err := os.Stat(target); {
	case err == nil && !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (mode %v)", target, st.Mode())
	case err == nil && st.Mode().Perm()&0o200 == 0:
		return fmt.Errorf("%s is read-only (mode %#o): make it writable, or remove it, to save over it", target, st.Mode().Perm())
	case err == nil:
		mode = st.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	removeStaleTemps(dir, base)
	f, err := createTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	unlock := lockTemp(tmp) // held until the rename: the temporary file is not stale
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
		unlock()
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	return syncDir(dir)
}

// maxLinks is the number of symbolic links resolveLinks follows, as Linux's
// limit for a path.
const maxLinks = 40

// resolveLinks returns the path of the file path names once every symbolic
// link on the way to it is followed, whether that file exists or not (a
// link may name a file that is yet to be created).
func resolveLinks(path string) (string, error) {
	p := path
	for range maxLinks {
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", fmt.Errorf("%s: more than %d symbolic links on the way to the file", path, maxLinks)
}

// removeStaleTemps removes the temporary files of the checkpoint base in dir
// that no save holds: those of saves that were killed. It is best effort:
// a file it cannot remove stays for the next save.
func removeStaleTemps(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tempPrefix(base)
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if unlock, ok := tryLockTemp(name); ok {
			os.Remove(name)
			unlock()
		}
	}
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	serr := d.Sync()
	cerr := d.Close()
	if serr != nil {
		return fmt.Errorf("the checkpoint is written but its directory could not be synced: %w", serr)
	}
	return cerr
}
