package optim

import (
	"fmt"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

// An optimizer is declared, not written out: its kind (name, hyperparameters,
// defaults, state arrays) and a decl (its per-group state and coefficients,
// and its elementwise update). The core below is everything else, once for
// all of them: the checks before a step, "a failed Step changes nothing",
// the state's creation, the loop over groups and parameters, checkpoints
// (state.go) and State (inspect.go).

// maxSlots is the most state arrays an optimizer keeps per parameter.
const maxSlots = 4

// decl is what an optimizer with element type T declares beside its kind. G
// is its per-group state: the coefficients of the current step, handed to
// the kernel, and anything carried from step to step.
type decl[T tensor.Float, G any] struct {
	kind *kind
	// init sets a group's state before the first step; may be nil.
	init func(g *G, h *hyper)
	// coeffs computes group g's coefficients for step t from its
	// hyperparameters, once per step before its parameters are updated.
	// fresh reports that a state array was created for the group at this
	// step. It cannot fail: Step has checked everything before.
	coeffs func(g *G, pg *paramGroup, t int, fresh bool)
	// update updates one parameter from its gradient: s holds its state
	// arrays in the order of kind.slots, nil for those its group does not
	// use.
	update func(p *tensor.Tensor[T], s *[maxSlots][]T, g *G)
	// scalars are group state that checkpoints and State hold.
	scalars []scalarDecl[T, G]
	// ready checks, after Step's own checks and before it changes
	// anything, that the optimizer can step (Schedule-Free's train mode);
	// may be nil.
	ready func(gs []G) error
}

// scalarDecl is one value of group state, named for checkpoints and State.
type scalarDecl[T tensor.Float, G any] struct {
	name string
	in   interval // the values a checkpoint may hold
	of   func(g *G) *T
	// wide, in place of of, is a value kept in float64 whatever T (a
	// running sum the reference keeps in a Python float); State rounds it
	// to T.
	wide func(g *G) *float64
}

// core is an optimizer: base (parameters, groups, hyperparameters) plus the
// state of decl d.
type core[T tensor.Float, G any] struct {
	base[T]
	d       *decl[T, G]
	arrays  [][][]T       // [slot][param], nil until created
	gs      []G           // per group
	scratch [maxSlots][]T // one parameter's state for update
}

// init builds the optimizer: see base.setup.
func (o *core[T, G]) init(d *decl[T, G], params []*tensor.Tensor[T], opts []Option) error {
	if err := o.setup(d.kind, params, opts); err != nil {
		return err
	}
	o.d = d
	o.arrays = make([][][]T, len(d.kind.slots))
	for k := range o.arrays {
		o.arrays[k] = make([][]T, len(o.params))
	}
	o.gs = make([]G, len(o.groups))
	if d.init != nil {
		for g := range o.gs {
			d.init(&o.gs[g], &o.groups[g].hyper)
		}
	}
	return nil
}

// Step performs one optimizer step; see Optimizer.
func (o *core[T, G]) Step() error {
	if err := o.enter("Step"); err != nil {
		return err
	}
	defer o.leave()
	if err := o.check(); err != nil {
		return err
	}
	if o.d.ready != nil {
		if err := o.d.ready(o.gs); err != nil {
			return err
		}
	}
	t := o.steps + 1
	slots := o.kind.slots
	for g := range o.groups {
		pg := &o.groups[g]
		var use [maxSlots]bool
		fresh := false
		for k := range slots {
			use[k] = slots[k].when == nil || slots[k].when(&pg.hyper)
			if use[k] && o.arrays[k][pg.start] == nil {
				o.create(k, g)
				fresh = true
			}
		}
		gs := &o.gs[g]
		o.d.coeffs(gs, pg, t, fresh)
		s := &o.scratch
		for i := pg.start; i < pg.end; i++ {
			for k := range slots {
				s[k] = nil
				if use[k] {
					s[k] = o.arrays[k][i]
				}
			}
			o.d.update(o.params[i], s, gs)
		}
	}
	o.steps = t
	return nil
}

// check is what Step does before it changes anything: every parameter is
// well formed, still the size of its optimizer state, and, unless
// allowNonFinite, its gradient holds no NaN or Inf.
func (o *core[T, G]) check() error {
	for i, p := range o.params {
		if err := p.Check(); err != nil {
			return fmt.Errorf("optim: %s: parameter %d: %w", o.kind.name, i, err)
		}
		for k := range o.arrays {
			if st := o.arrays[k][i]; st != nil && len(st) != len(p.Value) {
				return fmt.Errorf("optim: %s: %s has %d values but its optimizer state has %d: it was resized after the first Step",
					o.kind.name, paramLabel(i, p.Name), len(p.Value), len(st))
			}
		}
	}
	if o.allowNonFinite {
		return nil
	}
	for i, p := range o.params {
		if j := kernel.NonFinite(p.Grad); j >= 0 {
			return &NonFiniteError{Optimizer: o.kind.name, Param: i, Name: p.Name, Index: j, Value: float64(p.Grad[j])}
		}
	}
	return nil
}

// create gives every parameter of group g its state array of slot k, sized
// like its values and holding the slot's fill value, carved out of a single
// allocation.
func (o *core[T, G]) create(k, g int) {
	pg := &o.groups[g]
	total := 0
	for _, p := range o.params[pg.start:pg.end] {
		total += len(p.Value)
	}
	slab := make([]T, total)
	if f := o.kind.slots[k].fill; f != nil {
		if v := T(f(&pg.hyper)); v != 0 {
			for i := range slab {
				slab[i] = v
			}
		}
	}
	for i := pg.start; i < pg.end; i++ {
		n := len(o.params[i].Value)
		o.arrays[k][i], slab = slab[:n:n], slab[n:]
	}
}

// state describes the optimizer's state for checkpoints and State.
func (o *core[T, G]) state() stateDesc[T] {
	var d stateDesc[T]
	for k, s := range o.kind.slots {
		d.slots = append(d.slots, slot[T]{name: s.name, state: &o.arrays[k], when: s.when, lazy: s.lazy})
	}
	for _, s := range o.d.scalars {
		if s.wide != nil {
			d.scalars = append(d.scalars, groupScalar[T]{name: s.name, in: s.in, wide: true,
				get: func(g int) float64 { return *s.wide(&o.gs[g]) },
				set: func(g int, v float64) { *s.wide(&o.gs[g]) = v }})
			continue
		}
		d.scalars = append(d.scalars, groupScalar[T]{name: s.name, in: s.in,
			get: func(g int) float64 { return float64(*s.of(&o.gs[g])) },
			set: func(g int, v float64) { *s.of(&o.gs[g]) = T(v) }})
	}
	return d
}

// MarshalBinary encodes the hyperparameters of every group, the step count,
// the parameters' names, shapes and values, and the optimizer state, in the
// format of checkpoint.md.
func (o *core[T, G]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an optimizer of
// the same kind and element type with the same groups and parameters (names
// and shapes): the hyperparameters come from the checkpoint, as in torch's
// load_state_dict. On error nothing changes.
func (o *core[T, G]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }

// construct returns a new optimizer of type O, which embeds core[T, G],
// built by core.init.
func construct[O any, T tensor.Float, G any, P interface {
	*O
	init(d *decl[T, G], params []*tensor.Tensor[T], opts []Option) error
}](d *decl[T, G], params []*tensor.Tensor[T], opts []Option) (*O, error) {
	o := P(new(O))
	if err := o.init(d, params, opts); err != nil {
		return nil, err
	}
	return o, nil
}
