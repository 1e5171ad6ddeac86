package optim

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
// or the machine stops midway. The file gets mode 0644.
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

// marshalParts encodes a checkpoint file record: the number of parts, then
// each part's record as a block.
func marshalParts(parts []Stateful) ([]byte, error) {
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

// writeFileAtomic replaces path with data: temporary file in the same
// directory, write, sync, close, rename, sync the directory. On error before
// the rename the temporary file is removed and path is untouched.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
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
