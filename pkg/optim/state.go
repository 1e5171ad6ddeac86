package optim

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/tensor"
)

// ErrCorrupt is wrapped by the error for bytes that are not a well-formed
// checkpoint: truncated, corrupted (the CRC-32C does not match), not a
// checkpoint at all, or well framed but holding an impossible state.
var ErrCorrupt = ckpt.ErrCorrupt

// ErrVersion is wrapped by the error for a checkpoint of a format version
// this package does not read.
var ErrVersion = ckpt.ErrVersion

// ErrMismatch is wrapped by the error for a well-formed checkpoint that does
// not fit what it is restored into: another kind of optimizer or scheduler,
// another element type, other parameter groups, other parameter names or
// shapes.
var ErrMismatch = errors.New("checkpoint does not match")

// stateDesc names an optimizer's state for checkpoints.
type stateDesc[T tensor.Float] struct {
	slots   []slot[T]
	scalars []groupScalar[T]
	tail    stateTail // state that is neither arrays nor group scalars (LBFGS's); may be nil
}

// stateTail is state a checkpoint holds after the slots, in its own layout.
type stateTail interface {
	encode(e *ckpt.Encoder)
	// decode reads what encode wrote, for an optimizer whose parameters
	// hold n values and whose group 0 has the hyperparameters h, and
	// returns the function that puts it in place.
	decode(d *ckpt.Decoder, n int, h *hyper) (restore func())
}

// slot is one named state array per parameter, torch's state[p][name].
type slot[T tensor.Float] struct {
	name  string
	state *[][]T
	// After the first step, the parameters of the groups for which when
	// returns true have this state (all groups if when is nil) ...
	when func(h *hyper) bool
	// ... unless lazy: then a group's state is created at its first step
	// that uses it, and may be absent at any time.
	lazy bool
}

// groupScalar is one named scalar of state per parameter group.
type groupScalar[T tensor.Float] struct {
	name string
	in   interval
	wide bool // a float64 value whatever T; otherwise a T value
	get  func(g int) float64
	set  func(g int, v float64)
}

// marshal encodes the optimizer's hyperparameters, step count, parameters
// and state d as a checkpoint record (see checkpoint.md).
func (b *base[T]) marshal(d stateDesc[T]) ([]byte, error) {
	if err := b.enter("MarshalBinary"); err != nil {
		return nil, err
	}
	defer b.leave()
	for i, p := range b.params {
		if err := p.Check(); err != nil {
			return nil, fmt.Errorf("optim: %s: save: parameter %d: %w", b.kind.name, i, err)
		}
		for _, s := range d.slots {
			if st := (*s.state)[i]; st != nil && len(st) != len(p.Value) {
				return nil, fmt.Errorf("optim: %s: save: %s has %d values but its state %s has %d: it was resized after the first Step",
					b.kind.name, paramLabel(i, p.Name), len(p.Value), s.name, len(st))
			}
		}
	}
	var e ckpt.Encoder
	e.String(b.kind.name)
	e.String(dtypeName[T]())
	e.Int64(int64(b.steps))
	e.Len(len(b.groups))
	for g := range b.groups {
		pg := &b.groups[g]
		e.Len(pg.end - pg.start)
		fs := pg.hyper.fields(b.kind)
		e.Len(len(fs))
		for _, f := range fs {
			e.String(f.name)
			e.Float64(*f.v)
		}
		e.Len(len(d.scalars))
		for _, s := range d.scalars {
			e.String(s.name)
			e.Float64(s.get(g))
		}
	}
	e.Len(len(b.params))
	for _, p := range b.params {
		e.String(p.Name)
		e.Len(len(p.Shape))
		for _, n := range p.Shape {
			e.Int64(int64(n))
		}
		ckpt.Floats(&e, p.Value)
	}
	e.Len(len(d.slots))
	for _, s := range d.slots {
		e.String(s.name)
		for _, st := range *s.state {
			e.Bool(st != nil)
			if st != nil {
				ckpt.Floats(&e, st)
			}
		}
	}
	if d.tail != nil {
		d.tail.encode(&e)
	}
	return ckpt.Seal(ckpt.KindOptimizer, e.Bytes()), nil
}

// restored is a decoded checkpoint, validated, not yet assigned.
type restored[T tensor.Float] struct {
	steps   int
	hypers  []hyper
	scalars [][]float64 // [scalar][group]
	values  [][]T       // [param]
	slots   [][][]T     // [slot][param]
	tail    func()      // puts the stateTail in place
}

// unmarshal restores the optimizer from a checkpoint record: all of it, or
// with an error nothing.
func (b *base[T]) unmarshal(data []byte, d stateDesc[T]) error {
	if err := b.enter("UnmarshalBinary"); err != nil {
		return err
	}
	defer b.leave()
	r, err := b.decode(data, d)
	if err != nil {
		return err
	}
	for g := range b.groups {
		b.groups[g].hyper = r.hypers[g]
	}
	b.steps = r.steps
	for i, p := range b.params {
		copy(p.Value, r.values[i])
	}
	for k, s := range d.slots {
		*s.state = r.slots[k]
	}
	for k, s := range d.scalars {
		for g, v := range r.scalars[k] {
			s.set(g, v)
		}
	}
	if r.tail != nil {
		r.tail()
	}
	return nil
}

// decode decodes and validates a checkpoint record against the optimizer.
func (b *base[T]) decode(data []byte, d stateDesc[T]) (*restored[T], error) {
	name := b.kind.name
	mismatch := func(format string, args ...any) error {
		return fmt.Errorf("optim: %s: restore: %w: %s", name, ErrMismatch, fmt.Sprintf(format, args...))
	}
	corrupt := func(err error) error { return fmt.Errorf("optim: %s: restore: %w", name, err) }
	body, err := ckpt.Open(data, ckpt.KindOptimizer)
	if err != nil {
		var ke *ckpt.KindError
		if errors.As(err, &ke) {
			return nil, mismatch("%v", err)
		}
		return nil, corrupt(err)
	}
	for i, p := range b.params {
		if err := p.Check(); err != nil {
			return nil, fmt.Errorf("optim: %s: restore: parameter %d: %w", name, i, err)
		}
	}
	dec := ckpt.NewDecoder(body)
	if kind := dec.String(); dec.Err() == nil && kind != name {
		return nil, mismatch("it holds the state of optimizer %q, not %s", kind, name)
	}
	if dtype := dec.String(); dec.Err() == nil && dtype != dtypeName[T]() {
		return nil, mismatch("it holds %q values, the optimizer %s", dtype, dtypeName[T]())
	}
	r := &restored[T]{}
	steps := dec.Int64()
	if dec.Err() == nil && (steps < 0 || steps > math.MaxInt) {
		dec.Fail("the step count %d is out of range", steps)
	}
	r.steps = int(steps)
	if n := dec.Len(4); dec.Err() == nil && n != len(b.groups) {
		return nil, mismatch("it has %d parameter groups, the optimizer %d", n, len(b.groups))
	}
	if err := dec.Err(); err != nil {
		return nil, corrupt(err)
	}
	r.hypers = make([]hyper, len(b.groups))
	r.scalars = make([][]float64, len(d.scalars))
	for k := range r.scalars {
		r.scalars[k] = make([]float64, len(b.groups))
	}
	for g := range b.groups {
		pg := &b.groups[g]
		if n := dec.Len(0); dec.Err() == nil && n != pg.end-pg.start {
			return nil, mismatch("its parameter group %d has %d parameters, the optimizer's %d", g, n, pg.end-pg.start)
		}
		h := pg.hyper
		fs := h.fields(b.kind)
		if n := dec.Len(12); dec.Err() == nil && n != len(fs) {
			dec.Fail("group %d has %d hyperparameters, %s has %d", g, n, name, len(fs))
		}
		for _, f := range fs {
			dec.Expect("hyperparameter name", f.name)
			v := dec.Float64()
			if dec.Err() != nil {
				break
			}
			if f.flag && math.Float64bits(v) != 0 && v != 1 {
				dec.Fail("boolean hyperparameter %s is %v, want 0 or 1", f.name, v)
			}
			*f.v = v
		}
		if dec.Err() == nil {
			if err := b.validate(g, &h); err != nil {
				dec.Fail("invalid hyperparameters: %v", err)
			}
		}
		r.hypers[g] = h
		if n := dec.Len(12); dec.Err() == nil && n != len(d.scalars) {
			dec.Fail("group %d has %d state scalars, %s has %d", g, n, name, len(d.scalars))
		}
		for k, s := range d.scalars {
			dec.Expect("state scalar name", s.name)
			v := dec.Float64()
			if dec.Err() == nil && (!s.wide && math.Float64bits(float64(T(v))) != math.Float64bits(v) || !s.in.contains(v)) {
				dec.Fail("state %s = %v of group %d is not a %s value in %v", s.name, v, g, dtypeName[T](), s.in)
			}
			r.scalars[k][g] = v
		}
		if err := dec.Err(); err != nil {
			return nil, corrupt(err)
		}
	}
	if n := dec.Len(12); dec.Err() == nil && n != len(b.params) {
		return nil, mismatch("it has %d parameters, the optimizer %d", n, len(b.params))
	}
	r.values = make([][]T, len(b.params))
	for i, p := range b.params {
		pname := dec.String()
		rank := dec.Len(8)
		shape := make([]int64, rank)
		for j := range shape {
			shape[j] = dec.Int64()
		}
		if err := dec.Err(); err != nil {
			return nil, corrupt(err)
		}
		if pname != p.Name || !slices.EqualFunc(shape, p.Shape, func(a int64, b int) bool { return a == int64(b) }) {
			return nil, mismatch("its parameter %d is %q with shape %v, the optimizer's is %q with shape %v", i, pname, shape, p.Name, p.Shape)
		}
		r.values[i] = ckpt.ReadFloats[T](dec, len(p.Value))
	}
	if n := dec.Len(4); dec.Err() == nil && n != len(d.slots) {
		dec.Fail("%d state slots, %s has %d", n, name, len(d.slots))
	}
	r.slots = make([][][]T, len(d.slots))
	for k, s := range d.slots {
		dec.Expect("state name", s.name)
		r.slots[k] = make([][]T, len(b.params))
		for i, p := range b.params {
			if dec.Bool() {
				r.slots[k][i] = ckpt.ReadFloats[T](dec, len(p.Value))
			}
		}
	}
	if d.tail != nil {
		n := 0
		for _, p := range b.params {
			n += len(p.Value)
		}
		r.tail = d.tail.decode(dec, n, &r.hypers[0])
	}
	if err := dec.Finish(); err != nil {
		return nil, corrupt(err)
	}
	if err := b.checkPresence(r, d); err != nil {
		return nil, corrupt(err)
	}
	return r, nil
}

// checkPresence checks which parameters have which state in r: none before
// the first step; afterwards, within each group all or none, and all where
// the hyperparameters require it.
func (b *base[T]) checkPresence(r *restored[T], d stateDesc[T]) error {
	for k, s := range d.slots {
		for g := range b.groups {
			pg := &b.groups[g]
			have := 0
			for i := pg.start; i < pg.end; i++ {
				if r.slots[k][i] != nil {
					have++
				}
			}
			n := pg.end - pg.start
			var want string
			switch {
			case have != 0 && have != n:
				want = "all or none"
			case r.steps == 0 && have != 0:
				want = "none before the first step"
			case r.steps > 0 && !s.lazy && (s.when == nil || s.when(&r.hypers[g])) != (have == n):
				if have == n {
					want = "none with these hyperparameters"
				} else {
					want = "all after the first step"
				}
			default:
				continue
			}
			return fmt.Errorf("%w: state %s exists for %d of the %d parameters of group %d, want %s", ErrCorrupt, s.name, have, n, g, want)
		}
	}
	return nil
}
