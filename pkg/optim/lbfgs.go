package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/kernel"
	"github.com/descentlab/descent/pkg/tensor"
)

// LBFGSConfig holds the hyperparameters of LBFGS, under torch's names.
// It is a plain value, a copy: changing it changes no optimizer.
type LBFGSConfig struct {
	LR              float64 // lr: the step length tried first (scaled at the very first iteration); default 1
	MaxIter         int     // max_iter: the most iterations per Step, >= 1; default 20
	MaxEval         int     // max_eval: the most closure calls per Step, >= 1; default max_iter*5/4
	ToleranceGrad   float64 // tolerance_grad: stop when every gradient element is this small, >= 0; default 1e-7
	ToleranceChange float64 // tolerance_change: stop when the loss or the step changes less, >= 0; default 1e-9
	HistorySize     int     // history_size: the curvature pairs kept, >= 1; default 100
	LineSearchFn    string  // line_search_fn: "" (a fixed step of lr) or "strong_wolfe"; default ""

	AllowNonFinite bool // not a torch option: the closure's gradients may hold NaN and Inf
}

// LBFGS is the limited-memory Broyden–Fletcher–Goldfarb–Shanno method
// (Liu & Nocedal, 1989, "On the limited memory BFGS method for large scale
// optimization", https://doi.org/10.1007/BF01589116), as torch.optim.LBFGS:
// a quasi-Newton method that builds an approximation of the inverse Hessian
// from the last history_size steps s and gradient changes y, and moves along
// d = -H*g, with a strong Wolfe line search (Nocedal & Wright, Numerical
// Optimization, algorithms 3.5 and 3.6) or a fixed step lr.
//
// One Step is up to max_iter iterations, each calling the closure one or
// more times: the closure sets the parameters' gradients (ZeroGrad, then the
// backward pass) and returns the loss. Step returns the loss at the
// parameters it started from, as torch's step(closure) does:
//
//	loss, err := opt.Step(func() (float64, error) {
//		opt.ZeroGrad()
//		return lossAndGradients()
//	})
//
// A Step stops early when every gradient element is at most tolerance_grad,
// when the loss or the step changes by less than tolerance_change, or after
// max_eval closure calls.
//
// Conventions: like torch, LBFGS takes one parameter group and treats all
// parameters as one vector. Its scalars (dot products, step lengths, the
// Hessian scale) are kept in float64 whatever T; the vectors are in T. In
// float64 it follows torch 1.13 to rounding (the parity tests hold it to
// 1e-10); in float32 torch keeps those scalars in float32 and the two part
// ways, but both converge. Unless AllowNonFinite(true), a NaN or infinite
// gradient from the closure is an error. If the closure fails (or a
// gradient is not finite), Step puts the parameters back where the Step
// started and returns the error; the curvature pairs the Step's completed
// iterations learned stay in the history.
//
// State (see checkpoint.md): the closure calls and iterations so far, the
// last direction and step length, the Hessian scale, the previous gradient
// and loss, and the curvature pairs, all in checkpoints.
//
// Defaults (torch 1.13): lr 1, max_iter 20, max_eval max_iter*5/4,
// tolerance_grad 1e-7, tolerance_change 1e-9, history_size 100,
// line_search_fn None.
//
// An LBFGS is not safe for concurrent use; see Optimizer. Step releases the
// optimizer while the closure runs, so that the closure may call ZeroGrad.
type LBFGS[T tensor.Float] struct {
	base[T]
	st lbfgsState[T]
}

var (
	hpMaxIter         = def(hp{option: "MaxIter", torch: "max_iter", in: positive, in64: true, integer: true})
	hpMaxEval         = def(hp{option: "MaxEval", torch: "max_eval", in: positive, in64: true, integer: true, noneOK: true})
	hpToleranceGrad   = def(hp{option: "ToleranceGrad", torch: "tolerance_grad", in: nonNegative, in64: true})
	hpToleranceChange = def(hp{option: "ToleranceChange", torch: "tolerance_change", in: nonNegative, in64: true})
	hpHistorySize     = def(hp{option: "HistorySize", torch: "history_size", in: positive, in64: true, integer: true})
	hpLineSearchFn    = def(hp{option: "LineSearchFn", torch: "line_search_fn", choices: []string{"", "strong_wolfe"}})
)

// MaxIter sets the most iterations of one LBFGS Step, torch's max_iter (>= 1).
func MaxIter(n int) Option { return hpMaxIter.with(float64(n), 0) }

// MaxEval sets the most closure calls of one LBFGS Step, torch's max_eval
// (>= 1; default max_iter*5/4).
func MaxEval(n int) Option { return hpMaxEval.with(float64(n), 0) }

// ToleranceGrad sets LBFGS's tolerance on the largest gradient element,
// torch's tolerance_grad (>= 0).
func ToleranceGrad(tol float64) Option { return hpToleranceGrad.with(tol, 0) }

// ToleranceChange sets LBFGS's tolerance on the change of the loss and of
// the parameters, torch's tolerance_change (>= 0).
func ToleranceChange(tol float64) Option { return hpToleranceChange.with(tol, 0) }

// HistorySize sets the number of curvature pairs LBFGS keeps, torch's
// history_size (>= 1).
func HistorySize(n int) Option { return hpHistorySize.with(float64(n), 0) }

// LineSearchFn sets LBFGS's line search, torch's line_search_fn: "" for
// none (a fixed step of lr) or "strong_wolfe".
func LineSearchFn(name string) Option {
	for i, c := range hpLineSearchFn.choices {
		if c == name {
			return hpLineSearchFn.with(float64(i), 0)
		}
	}
	return hpLineSearchFn.with(math.NaN(), 0) // refused by the constructor
}

var lbfgsKind = kind{
	name:     "LBFGS",
	takes:    []*hp{hpLR, hpMaxIter, hpMaxEval, hpToleranceGrad, hpToleranceChange, hpHistorySize, hpLineSearchFn},
	defaults: []Option{LR(1), MaxIter(20), ToleranceGrad(1e-7), ToleranceChange(1e-9), HistorySize(100)},
	derive: func(h *hyper) {
		if !h.has(hpMaxEval) {
			h.values[hpMaxEval.at] = math.Floor(h.f(hpMaxIter) * 5 / 4) // torch: max_iter * 5 // 4
		}
	},
}

// lbfgsState is torch's state[params[0]]: what LBFGS carries between steps.
type lbfgsState[T tensor.Float] struct {
	funcEvals, nIter int
	d                []T // the last direction; nil before the first iteration
	t                float64
	hDiag            float64
	prevFlatGrad     []T
	prevLoss         float64
	dirs, stps       [][]T // the curvature pairs y and s, oldest first
	ro               []float64
	al               []float64

	// scratch, per Step
	flatGrad, x, q, gNew, gPrev []T
	bracket                     [2][]T
}

// NewLBFGS returns an LBFGS optimizer for params. It takes the options LR,
// MaxIter, MaxEval, ToleranceGrad, ToleranceChange, HistorySize,
// LineSearchFn and AllowNonFinite; not ParamGroup, as torch's LBFGS takes
// one parameter group.
func NewLBFGS[T tensor.Float](params []*tensor.Tensor[T], opts ...Option) (*LBFGS[T], error) {
	o := &LBFGS[T]{}
	if err := o.setup(&lbfgsKind, params, opts); err != nil {
		return nil, err
	}
	if len(o.groups) != 1 {
		return nil, errors.New("optim: LBFGS takes one parameter group, as torch's: no ParamGroup")
	}
	return o, nil
}

// Config returns the hyperparameters.
func (o *LBFGS[T]) Config() LBFGSConfig { return configOf[LBFGSConfig](&o.base, 0) }

// GroupConfig returns the hyperparameters of group g, which must be 0.
func (o *LBFGS[T]) GroupConfig(g int) LBFGSConfig { return configOf[LBFGSConfig](&o.base, g) }

// Step returns an error: an LBFGS step evaluates the loss and gradients as
// often as it needs, through the closure StepClosure takes. It is there so
// that an LBFGS is an Optimizer (New, schedulers, checkpoints).
func (o *LBFGS[T]) Step() error {
	return errors.New("optim: LBFGS: Step needs a closure that computes the loss and the gradients: call StepClosure")
}

// StepClosure performs one LBFGS step, calling closure to evaluate the loss
// and the gradients, and returns the loss closure returned first: the loss
// at the parameters the step started from, torch's step(closure). See LBFGS.
func (o *LBFGS[T]) StepClosure(closure func() (float64, error)) (float64, error) {
	if closure == nil {
		return 0, errors.New("optim: LBFGS: Step needs a closure that computes the loss and the gradients")
	}
	if err := o.enter("Step"); err != nil {
		return 0, err
	}
	defer o.leave()
	for i, p := range o.params {
		if err := p.Check(); err != nil {
			return 0, fmt.Errorf("optim: LBFGS: parameter %d: %w", i, err)
		}
	}
	s := &o.st
	n := o.numel()
	if s.d != nil && len(s.d) != n {
		return 0, fmt.Errorf("optim: LBFGS: the parameters hold %d values but the optimizer state %d: they were resized after the first Step", n, len(s.d))
	}
	if len(s.flatGrad) != n {
		s.flatGrad, s.x, s.q, s.gNew, s.gPrev = make([]T, n), make([]T, n), make([]T, n), make([]T, n), make([]T, n)
		s.bracket = [2][]T{make([]T, n), make([]T, n)}
	}
	o.flatten(s.x, false) // the start, to go back to on error
	loss, err := o.step(closure)
	if err != nil {
		o.unflatten(s.x)
		return 0, err
	}
	o.steps++
	return loss, nil
}

// numel returns the number of parameter elements.
func (o *LBFGS[T]) numel() int {
	n := 0
	for _, p := range o.params {
		n += len(p.Value)
	}
	return n
}

// flatten copies the parameters' values (or gradients) into v.
func (o *LBFGS[T]) flatten(v []T, grad bool) {
	off := 0
	for _, p := range o.params {
		if grad {
			off += copy(v[off:], p.Grad)
		} else {
			off += copy(v[off:], p.Value)
		}
	}
}

// unflatten copies v into the parameters' values.
func (o *LBFGS[T]) unflatten(v []T) {
	off := 0
	for _, p := range o.params {
		off += copy(p.Value, v[off:])
	}
}

// addGrad moves the parameters by t*d, torch's _add_grad.
func (o *LBFGS[T]) addGrad(t float64, d []T) {
	tt := T(t)
	off := 0
	for _, p := range o.params {
		for i := range p.Value {
			p.Value[i] += T(tt * d[off+i])
		}
		off += len(p.Value)
	}
}

// evaluate calls the closure with the optimizer released, then gathers the
// gradient into g and checks it.
func (o *LBFGS[T]) evaluate(closure func() (float64, error), g []T) (float64, error) {
	o.leave()
	loss, err := closure()
	if e := o.enter("Step"); e != nil {
		return 0, e
	}
	if err != nil {
		return 0, fmt.Errorf("optim: LBFGS: the closure: %w", err)
	}
	for i, p := range o.params {
		if err := p.Check(); err != nil {
			return 0, fmt.Errorf("optim: LBFGS: after the closure: parameter %d: %w", i, err)
		}
		if !o.allowNonFinite {
			if j := kernel.NonFinite(p.Grad); j >= 0 {
				return 0, &NonFiniteError{Optimizer: "LBFGS", Param: i, Name: p.Name, Index: j, Value: float64(p.Grad[j])}
			}
		}
	}
	o.flatten(g, true)
	return loss, nil
}

func dot[T tensor.Float](a, b []T) float64 {
	var s float64
	for i := range a {
		s += float64(float64(a[i]) * float64(b[i])) // not fused: the same sum in every build
	}
	return s
}

func maxAbs[T tensor.Float](a []T) float64 {
	var m float64
	for _, v := range a {
		m = max(m, math.Abs(float64(v)))
	}
	return m
}

// step is torch 1.13's LBFGS.step after its state is set up.
func (o *LBFGS[T]) step(closure func() (float64, error)) (float64, error) {
	s := &o.st
	h := &o.groups[0].hyper
	lr, maxIter, maxEval := h.f(hpLR), int(h.f(hpMaxIter)), int(h.f(hpMaxEval))
	tolGrad, tolChange := h.f(hpToleranceGrad), h.f(hpToleranceChange)
	historySize, strongWolfe := int(h.f(hpHistorySize)), h.f(hpLineSearchFn) == 1

	origLoss, err := o.evaluate(closure, s.flatGrad)
	if err != nil {
		return 0, err
	}
	loss := origLoss
	currentEvals := 1
	s.funcEvals++
	if maxAbs(s.flatGrad) <= tolGrad {
		return origLoss, nil
	}
	for nIter := 1; ; nIter++ {
		s.nIter++
		// The direction.
		if s.nIter == 1 {
			if s.d == nil {
				s.d, s.prevFlatGrad = make([]T, len(s.flatGrad)), make([]T, len(s.flatGrad))
			}
			for i, g := range s.flatGrad {
				s.d[i] = -g
			}
			s.dirs, s.stps, s.ro = s.dirs[:0], s.stps[:0], s.ro[:0]
			s.hDiag = 1
		} else {
			o.updateMemory(historySize)
			o.direction()
		}
		copy(s.prevFlatGrad, s.flatGrad)
		prevLoss := loss
		s.prevLoss = loss
		// The step length.
		if s.nIter == 1 {
			var sum float64
			for _, g := range s.flatGrad {
				sum += math.Abs(float64(g))
			}
			s.t = min(1, 1/sum) * lr
		} else {
			s.t = lr
		}
		gtd := dot(s.flatGrad, s.d)
		if gtd > -tolChange {
			break
		}
		lsEvals := 0
		optCond := false
		if strongWolfe {
			o.flatten(s.q, false) // x_init
			var t float64
			loss, t, lsEvals, err = o.strongWolfe(closure, s.t, loss, gtd, tolChange)
			if err != nil {
				return 0, err
			}
			s.t = t
			o.addGrad(s.t, s.d)
			optCond = maxAbs(s.flatGrad) <= tolGrad
		} else {
			o.addGrad(s.t, s.d)
			if nIter != maxIter {
				if loss, err = o.evaluate(closure, s.flatGrad); err != nil {
					return 0, err
				}
				optCond = maxAbs(s.flatGrad) <= tolGrad
				lsEvals = 1
			}
		}
		currentEvals += lsEvals
		s.funcEvals += lsEvals
		if nIter == maxIter || currentEvals >= maxEval || optCond {
			break
		}
		var change float64
		for _, v := range s.d {
			change = max(change, math.Abs(float64(T(v*T(s.t)))))
		}
		if change <= tolChange || math.Abs(loss-prevLoss) < tolChange {
			break
		}
	}
	return origLoss, nil
}

// updateMemory adds the curvature pair of the last iteration, y = g - g_prev
// and s = t*d, if y·s > 1e-10, dropping the oldest beyond historySize.
func (o *LBFGS[T]) updateMemory(historySize int) {
	s := &o.st
	y, sv := s.gNew, s.gPrev // free until the line search
	tt := T(s.t)
	for i := range y {
		y[i] = s.flatGrad[i] - s.prevFlatGrad[i]
		sv[i] = s.d[i] * tt
	}
	ys := dot(y, sv)
	if ys <= 1e-10 {
		return
	}
	var ny, ns []T
	if k := len(s.dirs); k == historySize { // drop the oldest pair, reusing its vectors
		ny, ns = s.dirs[0], s.stps[0]
		copy(s.dirs, s.dirs[1:])
		copy(s.stps, s.stps[1:])
		copy(s.ro, s.ro[1:])
		s.dirs[k-1], s.stps[k-1], s.ro[k-1] = ny, ns, 1/ys
	} else {
		ny, ns = make([]T, len(y)), make([]T, len(y))
		s.dirs, s.stps, s.ro = append(s.dirs, ny), append(s.stps, ns), append(s.ro, 1/ys)
	}
	copy(ny, y)
	copy(ns, sv)
	s.hDiag = ys / dot(y, y)
}

// direction sets d = -H*g by the two-loop recursion.
func (o *LBFGS[T]) direction() {
	s := &o.st
	if len(s.al) < len(s.dirs) {
		s.al = make([]float64, max(len(s.dirs), int(o.groups[0].f(hpHistorySize))))
	}
	al := s.al[:len(s.dirs)]
	q := s.q
	for i, g := range s.flatGrad {
		q[i] = -g
	}
	for i := len(s.dirs) - 1; i >= 0; i-- {
		al[i] = dot(s.stps[i], q) * s.ro[i]
		a := T(-al[i])
		for j, v := range s.dirs[i] {
			q[j] += T(a * v)
		}
	}
	r := s.d
	hd := T(s.hDiag)
	for i, v := range q {
		r[i] = v * hd
	}
	for i := range s.dirs {
		be := dot(s.dirs[i], r) * s.ro[i]
		a := T(al[i] - be)
		for j, v := range s.stps[i] {
			r[j] += T(a * v)
		}
	}
}

// objective evaluates the loss and gradient (into g) at x + t*d, x being
// the parameters' values in s.q, and puts the parameters back at x: torch's
// _directional_evaluate.
func (o *LBFGS[T]) objective(closure func() (float64, error), t float64, g []T) (float64, error) {
	o.addGrad(t, o.st.d)
	loss, err := o.evaluate(closure, g)
	o.unflatten(o.st.q)
	return loss, err
}

// strongWolfe is torch 1.13's _strong_wolfe with c1 = 1e-4, c2 = 0.9 and
// at most 25 evaluations, from step length t along d with loss f and
// directional derivative gtd at x (gradient s.flatGrad). It returns the
// loss at the step length it chose, that length and the number of closure
// calls, and leaves the gradient there in s.flatGrad.
func (o *LBFGS[T]) strongWolfe(closure func() (float64, error), t, f, gtd, tolChange float64) (float64, float64, int, error) {
	const c1, c2, maxLS = 1e-4, 0.9, 25
	s := &o.st
	dNorm := maxAbs(s.d)
	g := s.flatGrad
	fNew, err := o.objective(closure, t, s.gNew)
	if err != nil {
		return 0, 0, 0, err
	}
	evals := 1
	gtdNew := dot(s.gNew, s.d)

	tPrev, fPrev, gtdPrev := 0.0, f, gtd
	copy(s.gPrev, g)
	var (
		bracket    [2]float64
		bracketF   [2]float64
		bracketGtd [2]float64
		nb         int // points in the bracket
		done       bool
		lsIter     int
	)
	b := &s.bracket
	for lsIter < maxLS {
		if fNew > f+float64(float64(c1*t)*gtd) || lsIter > 1 && fNew >= fPrev {
			bracket, bracketF, bracketGtd, nb = [2]float64{tPrev, t}, [2]float64{fPrev, fNew}, [2]float64{gtdPrev, gtdNew}, 2
			copy(b[0], s.gPrev)
			copy(b[1], s.gNew)
			break
		}
		if math.Abs(gtdNew) <= -c2*gtd {
			bracket[0], bracketF[0], nb, done = t, fNew, 1, true
			copy(b[0], s.gNew)
			break
		}
		if gtdNew >= 0 {
			bracket, bracketF, bracketGtd, nb = [2]float64{tPrev, t}, [2]float64{fPrev, fNew}, [2]float64{gtdPrev, gtdNew}, 2
			copy(b[0], s.gPrev)
			copy(b[1], s.gNew)
			break
		}
		minStep := t + float64(0.01*(t-tPrev))
		maxStep := t * 10
		tmp := t
		t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, &[2]float64{minStep, maxStep})
		tPrev, fPrev, gtdPrev = tmp, fNew, gtdNew
		copy(s.gPrev, s.gNew)
		if fNew, err = o.objective(closure, t, s.gNew); err != nil {
			return 0, 0, 0, err
		}
		evals++
		gtdNew = dot(s.gNew, s.d)
		lsIter++
	}
	if lsIter == maxLS {
		bracket, bracketF, nb = [2]float64{0, t}, [2]float64{f, fNew}, 2
		copy(b[0], g)
		copy(b[1], s.gNew)
	}
	low, high := 0, 1
	if nb == 2 && bracketF[0] > bracketF[1] {
		low, high = 1, 0
	}
	insufProgress := false
	for !done && lsIter < maxLS {
		if math.Abs(bracket[1]-bracket[0])*dNorm < tolChange {
			break
		}
		t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], nil)
		hi, lo := max(bracket[0], bracket[1]), min(bracket[0], bracket[1])
		eps := 0.1 * (hi - lo)
		if min(hi-t, t-lo) < eps {
			if insufProgress || t >= hi || t <= lo {
				if math.Abs(t-hi) < math.Abs(t-lo) {
					t = hi - eps
				} else {
					t = lo + eps
				}
				insufProgress = false
			} else {
				insufProgress = true
			}
		} else {
			insufProgress = false
		}
		if fNew, err = o.objective(closure, t, s.gNew); err != nil {
			return 0, 0, 0, err
		}
		evals++
		gtdNew = dot(s.gNew, s.d)
		lsIter++
		if fNew > f+float64(float64(c1*t)*gtd) || fNew >= bracketF[low] {
			bracket[high], bracketF[high], bracketGtd[high] = t, fNew, gtdNew
			copy(b[high], s.gNew)
			low, high = 0, 1
			if bracketF[0] > bracketF[1] {
				low, high = 1, 0
			}
		} else {
			if math.Abs(gtdNew) <= -c2*gtd {
				done = true
			} else if gtdNew*(bracket[high]-bracket[low]) >= 0 {
				bracket[high], bracketF[high], bracketGtd[high] = bracket[low], bracketF[low], bracketGtd[low]
				copy(b[high], b[low])
			}
			bracket[low], bracketF[low], bracketGtd[low] = t, fNew, gtdNew
			copy(b[low], s.gNew)
		}
	}
	copy(s.flatGrad, b[low])
	return bracketF[low], bracket[low], evals, nil
}

// cubicInterpolate is torch's _cubic_interpolate: the minimizer of the cubic
// through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to bounds (to
// [min(x1, x2), max(x1, x2)] if bounds is nil), or the bounds' middle when
// the cubic has no minimum.
func cubicInterpolate(x1, f1, g1, x2, f2, g2 float64, bounds *[2]float64) float64 {
	lo, hi := min(x1, x2), max(x1, x2)
	if bounds != nil {
		lo, hi = bounds[0], bounds[1]
	}
	// float64(x*y) keeps every product from fusing with an add, as in
	// the rest of the package.
	d1 := g1 + g2 - float64(3*(f1-f2))/(x1-x2)
	d2Square := float64(d1*d1) - float64(g1*g2)
	if d2Square >= 0 {
		d2 := math.Sqrt(d2Square)
		var minPos float64
		if x1 <= x2 {
			minPos = x2 - float64((x2-x1)*((g2+d2-d1)/(g2-g1+float64(2*d2))))
		} else {
			minPos = x1 - float64((x1-x2)*((g1+d2-d1)/(g1-g2+float64(2*d2))))
		}
		return min(max(minPos, lo), hi)
	}
	return (lo + hi) / 2
}

// MarshalBinary encodes the hyperparameters, the step count, the
// parameters' names, shapes and values, and the state, in the format of
// checkpoint.md.
func (o *LBFGS[T]) MarshalBinary() ([]byte, error) { return o.marshal(o.state()) }

// UnmarshalBinary restores what MarshalBinary encoded, into an LBFGS of the
// same element type with the same parameters (names and shapes). On error
// nothing changes.
func (o *LBFGS[T]) UnmarshalBinary(data []byte) error { return o.unmarshal(data, o.state()) }

// state describes LBFGS's state for checkpoints and State: no per-parameter
// arrays, its own tail after the parameters.
func (o *LBFGS[T]) state() stateDesc[T] {
	return stateDesc[T]{tail: &o.st}
}

// encode writes the state: counters, then whether there is a direction and,
// if so, d, t, H_diag, the previous gradient and loss, and the pairs.
func (s *lbfgsState[T]) encode(e *ckpt.Encoder) {
	e.Int64(int64(s.funcEvals))
	e.Int64(int64(s.nIter))
	e.Bool(s.d != nil)
	if s.d == nil {
		return
	}
	ckpt.Floats(e, s.d)
	e.Float64(s.t)
	e.Float64(s.hDiag)
	ckpt.Floats(e, s.prevFlatGrad)
	e.Float64(s.prevLoss)
	e.Len(len(s.dirs))
	for i := range s.dirs {
		ckpt.Floats(e, s.dirs[i])
		ckpt.Floats(e, s.stps[i])
		e.Float64(s.ro[i])
	}
}

// decode reads what encode wrote for n parameter elements and returns the
// function that puts it in place.
func (s *lbfgsState[T]) decode(dec *ckpt.Decoder, n int, h *hyper) func() {
	var r lbfgsState[T]
	evals, iters := dec.Int64(), dec.Int64()
	if dec.Err() == nil && (evals < 0 || iters < 0 || evals > math.MaxInt32 || iters > math.MaxInt32) {
		dec.Fail("LBFGS counters %d and %d out of range", evals, iters)
	}
	r.funcEvals, r.nIter = int(evals), int(iters)
	if dec.Bool() {
		r.d = ckpt.ReadFloats[T](dec, n)
		r.t, r.hDiag = dec.Float64(), dec.Float64()
		r.prevFlatGrad = ckpt.ReadFloats[T](dec, n)
		r.prevLoss = dec.Float64()
		k := dec.Len(1)
		if dec.Err() == nil && k > int(h.f(hpHistorySize)) {
			dec.Fail("%d curvature pairs, history_size is %v", k, h.f(hpHistorySize))
		}
		for range k {
			r.dirs = append(r.dirs, ckpt.ReadFloats[T](dec, n))
			r.stps = append(r.stps, ckpt.ReadFloats[T](dec, n))
			r.ro = append(r.ro, dec.Float64())
		}
	}
	return func() {
		s.funcEvals, s.nIter, s.d, s.t, s.hDiag = r.funcEvals, r.nIter, r.d, r.t, r.hDiag
		s.prevFlatGrad, s.prevLoss, s.dirs, s.stps, s.ro = r.prevFlatGrad, r.prevLoss, r.dirs, r.stps, r.ro
		s.flatGrad = nil // the scratch vectors are made again at the next Step
	}
}
