package optim

import (
	"cmp"
	"fmt"
	"slices"
	"sync/atomic"
	"unsafe"

	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
	"github.com/descentlab/descent/pkg/tensor"
)

// kind describes one optimizer class: what its constructor takes and
// checks, and the state arrays it keeps.
type kind struct {
	name     string           // torch class name
	takes    []*hp            // the hyperparameters it takes besides AllowNonFinite, in checkpoint order
	defaults []Option         // torch 1.13's defaults, applied before the caller's options
	ranges   map[*hp]interval // where its range for a hyperparameter is not the hp's own
	// rule checks the relations between hyperparameters, after their
	// ranges; may be nil. It takes values, so that a check through this
	// func field allocates nothing.
	rule     func(c rangeCheck, h hyper) error
	needLR   bool       // lr has no default and must be given (SGD)
	momentum *hp        // what GroupMomentum reads: hpMomentum, hpBetas (β1) or nil
	slots    []slotKind // its state arrays, torch's state[p][name], in checkpoint order
	// derive sets the defaults that depend on other hyperparameters (LBFGS's
	// max_eval) in a group's hyperparameters, before they are checked; may
	// be nil.
	derive func(h *hyper)
}

// slotKind is one state array per parameter, torch's state[p][name].
type slotKind struct {
	name string
	// A group's parameters have this state while when holds for its
	// hyperparameters (always if when is nil): it is created, filled with
	// fill (0 if nil), at the first step where it holds ...
	when func(h *hyper) bool
	fill func(h *hyper) float64
	// ... which for a slot that is not lazy is the first step: only a
	// lazy slot may appear later (a momentum buffer, when a scheduler
	// turns momentum on), or be absent after the first step.
	lazy bool
}

// paramGroup is one parameter group: the parameters params[start:end] of
// the optimizer and their hyperparameters.
type paramGroup struct {
	hyper
	start, end int
	pow1, pow2 xmath.IntPowers // β1^t and β2^t, carried from step to step (the Adam family)
}

// beta1Pow returns β1^t correctly rounded, as xmath.PowInt.
func (pg *paramGroup) beta1Pow(t int) float64 { return pg.pow1.At(pg.values[hpBetas.at], t) }

// beta2Pow returns β2^t correctly rounded, as xmath.PowInt.
func (pg *paramGroup) beta2Pow(t int) float64 { return pg.pow2.At(pg.values[hpBetas.at+1], t) }

// base is what every optimizer shares: its parameters in groups, the number
// of steps taken, and the checks Step makes before it changes anything.
type base[T tensor.Float] struct {
	kind           *kind
	params         []*tensor.Tensor[T] // every group's parameters, group after group
	groups         []paramGroup
	steps          int
	allowNonFinite bool
	busy           atomic.Bool // a method that reads or writes the state is running; see enter
}

// enter marks the optimizer busy for the method what, or returns an error
// wrapping ErrConcurrentUse if another call holds it: two calls that overlap
// in time are misuse (see Optimizer), and the later one fails instead of
// racing. The caller calls leave when done. One compare-and-swap: it costs
// a few nanoseconds and allocates nothing unless it fails.
func (b *base[T]) enter(what string) error {
	if !b.busy.CompareAndSwap(false, true) {
		return fmt.Errorf("optim: %s: %s: %w", b.kind.name, what, ErrConcurrentUse)
	}
	return nil
}

// leave ends what enter began.
func (b *base[T]) leave() { b.busy.Store(false) }

// setup applies opts to k's defaults, forms the parameter groups (params,
// then one per ParamGroup option), validates each group's hyperparameters and
// all the parameters: at least one, none nil, each well formed
// (tensor.Check), none listed twice and none whose values overlap another's
// values or gradient. On error b is unusable.
func (b *base[T]) setup(k *kind, params []*tensor.Tensor[T], opts []Option) error {
	var wide []Option
	var specs []*groupSpec[T]
	for _, o := range opts {
		if o.group == nil {
			wide = append(wide, o)
			continue
		}
		s, ok := o.group.(*groupSpec[T])
		if !ok {
			return fmt.Errorf("optim: %s: a ParamGroup holds tensors of another element type than the optimizer's %s", k.name, dtypeName[T]())
		}
		specs = append(specs, s)
	}
	var h hyper
	if err := h.apply(k, k.defaults); err != nil {
		panic(err) // a kind's defaults are options it takes
	}
	h.given = 0
	if err := h.apply(k, wide); err != nil {
		return err
	}
	b.kind, b.allowNonFinite = k, h.on(hpAllowNonFinite)
	var all []*tensor.Tensor[T]
	add := func(ps []*tensor.Tensor[T], gh hyper) {
		b.groups = append(b.groups, paramGroup{hyper: gh, start: len(all), end: len(all) + len(ps)})
		all = append(all, ps...)
	}
	if len(params) > 0 || len(specs) == 0 {
		add(params, h)
	}
	for _, s := range specs {
		g := len(b.groups)
		gh := h
		for _, o := range s.opts {
			switch {
			case o.group != nil:
				return fmt.Errorf("optim: %s: parameter group %d: ParamGroup applies to the whole optimizer, not to a parameter group", k.name, g)
			case o.hp != nil && o.hp.whole:
				return fmt.Errorf("optim: %s: parameter group %d: %s applies to the whole optimizer, not to a parameter group", k.name, g, o.hp.option)
			}
		}
		if err := gh.apply(k, s.opts); err != nil {
			return fmt.Errorf("%w (in parameter group %d)", err, g)
		}
		if len(s.params) == 0 {
			return fmt.Errorf("optim: %s: parameter group %d has no parameters", k.name, g)
		}
		add(s.params, gh)
	}
	if len(all) == 0 {
		return fmt.Errorf("optim: %s: no parameters to optimize", k.name)
	}
	for g := range b.groups {
		gh := &b.groups[g].hyper
		if k.needLR && !gh.has(hpLR) {
			if len(b.groups) == 1 {
				return fmt.Errorf("optim: %s: the learning rate is required: pass LR(lr)", k.name)
			}
			return fmt.Errorf("optim: %s: parameter group %d has no learning rate: pass LR(lr) to the constructor or to its ParamGroup", k.name, g)
		}
		if k.derive != nil {
			k.derive(gh)
		}
		if err := b.validate(g, gh); err != nil {
			return err
		}
	}
	for i, p := range all {
		if p == nil {
			return fmt.Errorf("optim: %s: parameter %d is nil", k.name, i)
		}
		if err := p.Check(); err != nil {
			return fmt.Errorf("optim: %s: parameter %d: %w", k.name, i, err)
		}
	}
	if err := checkOverlap(all); err != nil {
		return fmt.Errorf("optim: %s: %w", k.name, err)
	}
	b.params = all
	return nil
}

// span is the memory of one non-empty slice of a parameter: its Value or
// its Grad, as addresses [lo, hi).
type span struct {
	lo, hi uintptr
	param  int
	grad   bool
}

func spanOf[T tensor.Float](s []T, param int, grad bool) span {
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	return span{lo: lo, hi: lo + uintptr(len(s))*unsafe.Sizeof(s[0]), param: param, grad: grad}
}

// checkOverlap returns an error if a parameter is listed twice, if the
// values of two parameters share memory, or if a parameter's values share
// memory with a gradient (its own or another's): Step would update the
// shared elements twice, or read a gradient it has just overwritten.
// Gradients may share memory with each other: Step only reads them. It
// compares whole address ranges, sorted: O(n log n) for n parameters.
func checkOverlap[T tensor.Float](params []*tensor.Tensor[T]) error {
	spans := make([]span, 0, 2*len(params))
	for i, p := range params {
		if len(p.Value) > 0 {
			spans = append(spans, spanOf(p.Value, i, false), spanOf(p.Grad, i, true))
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	// Sweep in order of start: a span overlaps an earlier-starting one iff
	// it starts before the largest end among those it may not overlap: all
	// spans for a Value, the Values for a Grad.
	var reach, reachValue span // the spans seen so far that end last, of all and of Values
	for _, s := range spans {
		other := reachValue
		if !s.grad {
			other = reach
		}
		if s.lo < other.hi {
			return overlapError(params, s, other)
		}
		if s.hi > reach.hi {
			reach = s
		}
		if !s.grad && s.hi > reachValue.hi {
			reachValue = s
		}
	}
	return nil
}

// overlapError describes the overlap of spans a and b, naming the
// parameter listed later first.
func overlapError[T tensor.Float](params []*tensor.Tensor[T], a, b span) error {
	if a.param < b.param || a.param == b.param && b.grad {
		a, b = b, a
	}
	p, q := params[a.param], params[b.param]
	if p == q && a.param != b.param {
		return fmt.Errorf("parameter %d (%s) is the same tensor as parameter %d", a.param, paramLabel(a.param, p.Name), b.param)
	}
	size := unsafe.Sizeof(p.Value[0])
	lo, hi := max(a.lo, b.lo), min(a.hi, b.hi)
	at := func(s span) string { return fmt.Sprintf("[%d, %d)", (lo-s.lo)/size, (hi-s.lo)/size) }
	label := paramLabel(a.param, p.Name)
	switch {
	case a.param == b.param:
		return fmt.Errorf("parameter %d (%s): its values share memory with its gradient (elements %s of the values are elements %s of the gradient)",
			a.param, label, at(b), at(a))
	case a.grad:
		return fmt.Errorf("parameter %d (%s): its gradient shares memory with the values of parameter %d (its elements %s are elements %s of those values)",
			a.param, label, b.param, at(a), at(b))
	case b.grad:
		return fmt.Errorf("parameter %d (%s) shares its values with the gradient of parameter %d (its elements %s are elements %s of that gradient)",
			a.param, label, b.param, at(a), at(b))
	}
	return fmt.Errorf("parameter %d (%s) shares its values with parameter %d (its elements %s are elements %s of parameter %d)",
		a.param, label, b.param, at(a), at(b), b.param)
}

// validate checks the hyperparameters h of group g, with an error message
// that names the group when there are several.
func (b *base[T]) validate(g int, h *hyper) error {
	c := rangeCheck{opt: b.kind.name, group: -1, float32: dtypeName[T]() == "float32"}
	if len(b.groups) > 1 {
		c.group = g
	}
	return h.check(b.kind, &c)
}

// Params returns the parameters the optimizer updates: those given to its
// constructor, then those of each ParamGroup, in order. The slice must not
// be modified.
func (b *base[T]) Params() []*tensor.Tensor[T] { return b.params }

// ZeroGrad sets every parameter's gradient to zero, like torch's
// zero_grad(set_to_none=False). It panics with an error wrapping
// ErrConcurrentUse, before it changes anything, if another call is using the
// optimizer (see Optimizer).
func (b *base[T]) ZeroGrad() {
	if err := b.enter("ZeroGrad"); err != nil {
		panic(err)
	}
	defer b.leave()
	for _, p := range b.params {
		p.ZeroGrad()
	}
}

// StepCount returns the number of successful calls to Step.
func (b *base[T]) StepCount() int { return b.steps }

// NumGroups returns the number of parameter groups.
func (b *base[T]) NumGroups() int { return len(b.groups) }

// GroupParams returns the parameters of group g. The slice must not be
// modified. It panics if g is out of range.
func (b *base[T]) GroupParams(g int) []*tensor.Tensor[T] {
	pg := &b.groups[g]
	return b.params[pg.start:pg.end:pg.end]
}

// LR returns the learning rate of group 0, the only group unless ParamGroup
// was used.
func (b *base[T]) LR() float64 { return b.groups[0].f(hpLR) }

// SetLR sets the learning rate of every group; it takes effect at the next
// Step. An lr outside [0, inf) is an error and changes nothing.
func (b *base[T]) SetLR(lr float64) error {
	if err := b.enter("SetLR"); err != nil {
		return err
	}
	defer b.leave()
	for g := range b.groups {
		h := b.groups[g].hyper
		h.values[hpLR.at] = lr
		if err := b.validate(g, &h); err != nil {
			return err
		}
	}
	for g := range b.groups {
		b.groups[g].values[hpLR.at] = lr
	}
	return nil
}

// GroupLR returns the learning rate of group g. It panics if g is out of range.
func (b *base[T]) GroupLR(g int) float64 { return b.groups[g].f(hpLR) }

// SetGroupLR sets the learning rate of group g; it takes effect at the next
// Step. An lr outside [0, inf) or a g out of range is an error and changes
// nothing.
func (b *base[T]) SetGroupLR(g int, lr float64) error {
	if err := b.enter("SetGroupLR"); err != nil {
		return err
	}
	defer b.leave()
	if err := b.checkGroup(g); err != nil {
		return err
	}
	h := b.groups[g].hyper
	h.values[hpLR.at] = lr
	if err := b.validate(g, &h); err != nil {
		return err
	}
	b.groups[g].values[hpLR.at] = lr
	return nil
}

// groupMomentum returns group g's momentum factor, or β1 for the optimizers
// with betas.
func (b *base[T]) groupMomentum(g int) float64 { return b.groups[g].f(b.kind.momentum) }

// setGroupMomentum sets group g's momentum factor (β1 for the optimizers
// with betas) after validating the group with it.
func (b *base[T]) setGroupMomentum(g int, m float64) error {
	if err := b.enter("SetGroupMomentum"); err != nil {
		return err
	}
	defer b.leave()
	if err := b.checkGroup(g); err != nil {
		return err
	}
	h := b.groups[g].hyper
	h.values[b.kind.momentum.at] = m
	if err := b.validate(g, &h); err != nil {
		return err
	}
	b.groups[g].hyper = h
	return nil
}

func (b *base[T]) checkGroup(g int) error {
	if g < 0 || g >= len(b.groups) {
		return fmt.Errorf("optim: %s: parameter group %d does not exist; there are %d", b.kind.name, g, len(b.groups))
	}
	return nil
}

// gradOf returns how the kernels turn a stored gradient into the one group
// h uses: negated if h maximizes, plus weight_decay*p (for the optimizers
// that take neither, both are zero).
func gradOf[T tensor.Float](h *hyper) kernel.Grad[T] {
	return kernel.Grad[T]{Maximize: h.on(hpMaximize), WeightDecay: T(h.f(hpWeightDecay))}
}

// dtypeName names T as torch does: "float32" or "float64".
func dtypeName[T tensor.Float]() string {
	var probe T = 1 + 0x1p-30 // exact in float64, 1 in float32
	if probe == 1 {
		return "float32"
	}
	return "float64"
}
