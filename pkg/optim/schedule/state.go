package schedule

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

// A scheduler's checkpoint (see ../checkpoint.md) is a record of kind 'S'
// whose content starts with the scheduler's torch class name and its number
// of parameter groups, followed by its own fields.

// openState checks a scheduler record of the scheduler named name and
// returns a decoder past its name.
func openState(name string, data []byte) (*ckpt.Decoder, error) {
	body, err := ckpt.Open(data, ckpt.KindScheduler)
	if err != nil {
		var ke *ckpt.KindError
		if errors.As(err, &ke) {
			return nil, mismatch(name, "%v", err)
		}
		return nil, fmt.Errorf("schedule: %s: restore: %w", name, err)
	}
	d := ckpt.NewDecoder(body)
	if kind := d.String(); d.Err() == nil && kind != name {
		return nil, mismatch(name, "it holds the state of scheduler %q", kind)
	}
	return d, nil
}

func mismatch(name, format string, args ...any) error {
	return fmt.Errorf("schedule: %s: restore: %w: %s", name, optim.ErrMismatch, fmt.Sprintf(format, args...))
}

// corrupt reports err, from the decoder or a check of the decoded values.
func corrupt(name string, d *ckpt.Decoder, err error) error {
	if errors.Is(err, optim.ErrMismatch) {
		return err
	}
	if d.Err() != nil {
		err = d.Err()
	} else if !errors.Is(err, optim.ErrCorrupt) {
		err = fmt.Errorf("%w: %v", optim.ErrCorrupt, err)
	}
	return fmt.Errorf("schedule: %s: restore: %w", name, err)
}

// readGroups reads the number of parameter groups and checks it against opt.
func readGroups(name string, d *ckpt.Decoder, opt optim.LRGroups) (int, error) {
	n := d.Len(8)
	if d.Err() == nil && n != opt.NumGroups() {
		return 0, mismatch(name, "it was saved for %d parameter groups, the optimizer has %d", n, opt.NumGroups())
	}
	return n, nil
}

// readLRs reads n learning rates, which must be finite and >= 0.
func readLRs(d *ckpt.Decoder, what string, n int) []float64 {
	v := make([]float64, n)
	for g := range v {
		v[g] = d.Float64()
		if x := v[g]; d.Err() == nil && !(x >= 0 && x <= math.MaxFloat64) {
			d.Fail("%s of group %d is %v, outside [0, inf)", what, g, x)
		}
	}
	return v
}

func writeLRs(e *ckpt.Encoder, v []float64) {
	for _, x := range v {
		e.Float64(x)
	}
}

// marshal encodes the state of a core scheduler: name, groups, last epoch,
// base and last learning rates, then the scheduler's own fields.
func (c *core) marshal(own func(e *ckpt.Encoder)) []byte {
	var e ckpt.Encoder
	e.String(c.name)
	e.Len(len(c.baseLRs))
	e.Int64(int64(c.lastEpoch))
	writeLRs(&e, c.baseLRs)
	writeLRs(&e, c.lastLRs)
	own(&e)
	return ckpt.Seal(ckpt.KindScheduler, e.Bytes())
}

// unmarshal decodes what marshal encoded. read decodes the scheduler's own
// fields and returns the function that assigns them, or an error; nothing
// is assigned unless everything decodes and validates.
func (c *core) unmarshal(data []byte, read func(d *ckpt.Decoder) (assign func(), err error)) error {
	d, err := openState(c.name, data)
	if err != nil {
		return err
	}
	n, err := readGroups(c.name, d, c.opt)
	if err != nil {
		return err
	}
	epoch := d.Int64()
	if d.Err() == nil && (epoch < -1 || epoch > math.MaxInt32*int64(1<<20)) {
		d.Fail("last epoch %d is out of range", epoch)
	}
	bases := readLRs(d, "base learning rate", n)
	lasts := readLRs(d, "last learning rate", n)
	if d.Err() != nil {
		return corrupt(c.name, d, nil)
	}
	assign, err := read(d)
	if err == nil {
		err = d.Finish()
	}
	if err != nil || d.Err() != nil {
		return corrupt(c.name, d, err)
	}
	c.lastEpoch = int(epoch)
	copy(c.baseLRs, bases)
	copy(c.lastLRs, lasts)
	assign()
	return nil
}
