package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/optim/internal/xmath"
)

// OneCycleLR is the 1cycle policy (Smith & Topin, 2017, "Super-Convergence",
// https://arxiv.org/abs/1708.07120), as torch.optim.lr_scheduler.OneCycleLR:
// the learning rate rises from max_lr/div_factor to max_lr over the first
// pct_start of totalSteps steps, then falls to max_lr/(div_factor*
// final_div_factor); by default the momentum factor (β1 for the Adam family)
// moves the opposite way, between max_momentum and base_momentum. With
// ThreePhase(true) the fall first mirrors the rise back to the initial rate,
// then anneals to the minimum, as in the paper. Each phase anneals with half
// a cosine (default) or linearly.
//
// torch sets the momentum even of an SGD built without momentum, which then
// gets momentum buffers; RMSprop's momentum buffers start at zero.
//
// The schedule is defined for totalSteps optimizer steps: the constructor
// sets the rate of the first step, and Step may be called totalSteps times;
// one more is an error, as in torch. The last call, after the last optimizer
// step, sets rates no step uses: torch extrapolates the last phase there,
// and so does this type, except that it keeps the learning rate >= 0 and
// the momentum between base_momentum and max_momentum, which a linear
// extrapolation can leave.
//
// It is not safe for concurrent use, and neither is the optimizer it sets
// while it steps.
type OneCycleLR struct {
	core
	cfg     oneCycleConfig
	total   int
	phases  []phase
	initial []float64 // per group: max_lr/div_factor, the schedule's base rates
	maxLRs  []float64
	minLRs  []float64
}

// phase is one phase of the cycle: it ends at step end (a float, as torch
// computes it) and anneals between the named endpoints.
type phase struct {
	end              float64
	startLR, endLR   int // indices into [initial, max, min]
	startMom, endMom int // indices into [max_momentum, base_momentum]
}

type oneCycleConfig struct {
	pctStart       float64
	linear         bool
	cycleMomentum  bool
	baseMomentum   float64
	maxMomentum    float64
	divFactor      float64
	finalDivFactor float64
	threePhase     bool
}

// OneCycleOption sets one of OneCycleLR's keyword arguments.
// An option is a value: it may be shared and used from several goroutines.
type OneCycleOption struct{ set func(*oneCycleConfig) }

// PctStart sets the share of the cycle spent raising the learning rate,
// torch's pct_start, in [0, 1]; default 0.3.
func PctStart(p float64) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.pctStart = p }}
}

// AnnealLinear anneals linearly instead of along a cosine, torch's
// anneal_strategy="linear".
func AnnealLinear(on bool) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.linear = on }}
}

// CycleMomentum turns the cycling of the momentum factor on or off, torch's
// cycle_momentum; default on, which needs an optimizer with momentum or betas.
func CycleMomentum(on bool) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.cycleMomentum = on }}
}

// BaseMomentum sets the lowest momentum factor, reached with max_lr, torch's
// base_momentum; default 0.85.
func BaseMomentum(m float64) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.baseMomentum = m }}
}

// MaxMomentum sets the highest momentum factor, at the start and end of the
// cycle, torch's max_momentum; default 0.95.
func MaxMomentum(m float64) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.maxMomentum = m }}
}

// DivFactor sets the initial learning rate to max_lr/d, torch's div_factor
// (> 0); default 25.
func DivFactor(d float64) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.divFactor = d }}
}

// FinalDivFactor sets the final learning rate to the initial one divided by
// d, torch's final_div_factor (> 0); default 1e4.
func FinalDivFactor(d float64) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.finalDivFactor = d }}
}

// ThreePhase selects the three-phase schedule, torch's three_phase.
func ThreePhase(on bool) OneCycleOption {
	return OneCycleOption{func(c *oneCycleConfig) { c.threePhase = on }}
}

// NewOneCycleLR attaches a OneCycleLR with peak learning rate maxLR (every
// group) over totalSteps steps to opt and performs torch's initial step. With
// momentum cycling (the default) opt must implement optim.MomentumGroups; its
// momentum factors are set to max_momentum.
//
// Everything is checked before the optimizer changes: the settings, that
// base_momentum and max_momentum are momentum factors (or β1) the optimizer
// accepts, and that no step of the schedule divides by a phase of length
// zero. torch 1.13 accepts such a configuration and fails at the step in
// question with a ZeroDivisionError: with pct_start*total_steps = 1 at the
// first step, and with pct_start = 1 (two phases) at the last call of Step,
// after the last optimizer step. Here both are refused when built, with a
// message saying which pct_start the total allows. On error the scheduler is
// nil and the optimizer's learning rates and momentum factors are as they
// were.
func NewOneCycleLR(opt optim.LRGroups, maxLR float64, totalSteps int, opts ...OneCycleOption) (*OneCycleLR, error) {
	cfg := oneCycleConfig{pctStart: 0.3, cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95,
		divFactor: 25, finalDivFactor: 1e4}
	for _, o := range opts {
		if o.set != nil {
			o.set(&cfg)
		}
	}
	if err := checkOptimizer("OneCycleLR", opt); err != nil {
		return nil, err
	}
	if err := checkOneCycle(&cfg, maxLR, int64(totalSteps)); err != nil {
		return nil, err
	}
	var mg optim.MomentumGroups
	if cfg.cycleMomentum {
		var ok bool
		if mg, ok = opt.(optim.MomentumGroups); !ok {
			return nil, fmt.Errorf("schedule: OneCycleLR: the optimizer (%T) has no momentum or betas to cycle: pass CycleMomentum(false)", opt)
		}
		if err := checkMomenta("OneCycleLR", mg, opt.NumGroups(), namedValue{"base_momentum", cfg.baseMomentum}, namedValue{"max_momentum", cfg.maxMomentum}); err != nil {
			return nil, err
		}
	}
	c, err := newCore("OneCycleLR", opt)
	if err != nil {
		return nil, err
	}
	n := opt.NumGroups()
	s := &OneCycleLR{core: c, cfg: cfg, total: totalSteps,
		initial: make([]float64, n), maxLRs: make([]float64, n), minLRs: make([]float64, n)}
	s.rule = s
	s.phases = phases(&cfg, totalSteps)
	for g := range n {
		s.initial[g] = maxLR / cfg.divFactor
		s.maxLRs[g] = maxLR
		s.minLRs[g] = s.initial[g] / cfg.finalDivFactor
	}
	copy(s.baseLRs, s.initial) // torch sets each group's initial_lr
	if !cfg.cycleMomentum {
		if err := s.Step(); err != nil {
			return nil, err
		}
		return s, nil
	}
	s.mom, s.prev = make([]float64, n), make([]float64, n)
	for g := range n {
		s.prev[g] = mg.GroupMomentum(g)
	}
	for g := range n {
		if err := mg.SetGroupMomentum(g, cfg.maxMomentum); err != nil { // cannot fail: checked by checkMomenta
			panic(fmt.Sprintf("schedule: OneCycleLR: max_momentum: %v", err))
		}
	}
	if err := s.Step(); err != nil { // cannot fail: the rates were checked
		for g := range n {
			_ = mg.SetGroupMomentum(g, s.prev[g])
		}
		return nil, err
	}
	return s, nil
}

// namedValue is a setting and its torch name, for messages.
type namedValue struct {
	name string
	x    float64
}

// checkMomenta checks that every one of the n groups of mg accepts each of
// the momentum factors the schedule of scheduler sched will set, by setting
// it and putting the group's own back: mg is as it was on return.
func checkMomenta(sched string, mg optim.MomentumGroups, n int, values ...namedValue) error {
	for g := range n {
		own := mg.GroupMomentum(g)
		for _, v := range values {
			err := mg.SetGroupMomentum(g, v.x)
			if rerr := mg.SetGroupMomentum(g, own); rerr != nil { // cannot fail: it was the group's
				panic(fmt.Sprintf("schedule: %s: restoring momentum %v: %v", sched, own, rerr))
			}
			if err != nil {
				return fmt.Errorf("schedule: %s: %s: %w", sched, v.name, err)
			}
		}
	}
	return nil
}

func checkOneCycle(c *oneCycleConfig, maxLR float64, total int64) error {
	if total < 1 || total > math.MaxInt32 {
		return fmt.Errorf("schedule: OneCycleLR: total_steps = %d is outside [1, %d]", total, math.MaxInt32)
	}
	if !(c.pctStart >= 0 && c.pctStart <= 1) {
		return fmt.Errorf("schedule: OneCycleLR: pct_start = %v is outside [0, 1]", c.pctStart)
	}
	for _, p := range []struct {
		name string
		x    float64
	}{{"div_factor", c.divFactor}, {"final_div_factor", c.finalDivFactor}} {
		if !(p.x > 0 && p.x <= math.MaxFloat64) {
			return fmt.Errorf("schedule: OneCycleLR: %s = %v is outside (0, inf)", p.name, p.x)
		}
	}
	for _, p := range []struct {
		name string
		x    float64
	}{{"max_lr", maxLR}, {"base_momentum", c.baseMomentum}, {"max_momentum", c.maxMomentum}} {
		if err := checkNonNegative("OneCycleLR", p.name, p.x); err != nil {
			return err
		}
	}
	if initial := maxLR / c.divFactor; initial > math.MaxFloat64 {
		return fmt.Errorf("schedule: OneCycleLR: the initial learning rate max_lr/div_factor = %v/%v overflows", maxLR, c.divFactor)
	} else if final := initial / c.finalDivFactor; final > math.MaxFloat64 {
		return fmt.Errorf("schedule: OneCycleLR: the final learning rate max_lr/div_factor/final_div_factor = %v/%v/%v overflows", maxLR, c.divFactor, c.finalDivFactor)
	}
	return checkPhases(c, int(total))
}

// checkPhases refuses the schedules in which a step 0..total falls in a
// phase of length zero, where torch divides by zero (see NewOneCycleLR).
// Only the first and the last phase can be: a step falls in phase i when it
// is above the end of phase i-1 and at most the end of phase i (any step
// above, for the last phase), so a middle phase of length zero takes none.
func checkPhases(c *oneCycleConfig, total int) error {
	ps := phases(c, total)
	if ps[0].end == 0 { // step 0 falls in it
		return fmt.Errorf("schedule: OneCycleLR: pct_start = %v with total_steps = %d makes the warm-up phase end at step 0 (pct_start*total_steps = 1, a division by zero in torch); want pct_start*total_steps != 1", c.pctStart, total)
	}
	if last := len(ps) - 1; ps[last].end == ps[last-1].end { // step total falls in it
		if c.threePhase {
			return fmt.Errorf("schedule: OneCycleLR: pct_start = %v with total_steps = %d and three phases leaves no steps for the last phase (a division by zero in torch at the last Step); want 2*pct_start*total_steps != total_steps+1", c.pctStart, total)
		}
		return fmt.Errorf("schedule: OneCycleLR: pct_start = %v leaves no steps for the annealing phase (a division by zero in torch at the last Step); want pct_start < 1", c.pctStart)
	}
	return nil
}

// The endpoints phases refer to.
const (
	lrInitial, lrMax, lrMin = 0, 1, 2
	momMax, momBase         = 0, 1
)

// phases returns torch's _schedule_phases.
func phases(c *oneCycleConfig, total int) []phase {
	up := float64(c.pctStart*float64(total)) - 1
	if c.threePhase {
		return []phase{
			{end: up, startLR: lrInitial, endLR: lrMax, startMom: momMax, endMom: momBase},
			{end: float64(2*c.pctStart*float64(total)) - 2, startLR: lrMax, endLR: lrInitial, startMom: momBase, endMom: momMax},
			{end: float64(total - 1), startLR: lrInitial, endLR: lrMin, startMom: momMax, endMom: momMax},
		}
	}
	return []phase{
		{end: up, startLR: lrInitial, endLR: lrMax, startMom: momMax, endMom: momBase},
		{end: float64(total - 1), startLR: lrMax, endLR: lrMin, startMom: momBase, endMom: momMax},
	}
}

func (s *OneCycleLR) checkEpoch(epoch int) error {
	if epoch > s.total {
		return fmt.Errorf("schedule: OneCycleLR: step %d is past the end of the cycle: total_steps is %d", epoch, s.total)
	}
	return nil
}

// at returns the phase of the current step and how far into it the step is.
func (s *OneCycleLR) at() (phase, float64) {
	k := float64(s.lastEpoch)
	start := 0.0
	for i, p := range s.phases {
		if k <= p.end || i == len(s.phases)-1 {
			return p, (k - start) / (p.end - start)
		}
		start = p.end
	}
	panic("unreachable")
}

func (s *OneCycleLR) anneal(start, end, pct float64) float64 {
	if s.cfg.linear {
		return float64((end-start)*pct) + start
	}
	cosOut := xmath.Cos(math.Pi*pct) + 1
	return end + float64((start-end)/2*cosOut)
}

func (s *OneCycleLR) lr(g int, _ float64, _ bool) float64 {
	p, pct := s.at()
	lrs := [3]float64{s.initial[g], s.maxLRs[g], s.minLRs[g]}
	lr := s.anneal(lrs[p.startLR], lrs[p.endLR], pct)
	if s.lastEpoch == s.total { // extrapolated, used by no step
		lr = max(lr, 0)
	}
	return lr
}

func (s *OneCycleLR) momentum(g int) float64 {
	p, pct := s.at()
	lo, hi := s.cfg.maxMomentum, s.cfg.baseMomentum
	m := [2]float64{lo, hi}
	v := s.anneal(m[p.startMom], m[p.endMom], pct)
	if s.lastEpoch == s.total { // extrapolated, used by no step
		v = min(max(v, min(lo, hi)), max(lo, hi))
	}
	return v
}

// MarshalBinary encodes the scheduler's state; see ../checkpoint.md.
func (s *OneCycleLR) MarshalBinary() ([]byte, error) {
	return s.marshal(func(e *ckpt.Encoder) {
		e.Int64(int64(s.total))
		c := &s.cfg
		e.Float64(c.pctStart)
		e.Bool(c.linear)
		e.Bool(c.cycleMomentum)
		e.Float64(c.baseMomentum)
		e.Float64(c.maxMomentum)
		e.Float64(c.divFactor)
		e.Float64(c.finalDivFactor)
		e.Bool(c.threePhase)
		writeLRs(e, s.initial)
		writeLRs(e, s.maxLRs)
		writeLRs(e, s.minLRs)
	}), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into a
// OneCycleLR attached to an optimizer with as many parameter groups (and
// momentum factors, if the checkpoint cycles them). On error nothing changes.
func (s *OneCycleLR) UnmarshalBinary(data []byte) error {
	n := len(s.baseLRs)
	return s.unmarshal(data, func(d *ckpt.Decoder) (func(), error) {
		total := d.Int64()
		var c oneCycleConfig
		c.pctStart = d.Float64()
		c.linear = d.Bool()
		c.cycleMomentum = d.Bool()
		c.baseMomentum = d.Float64()
		c.maxMomentum = d.Float64()
		c.divFactor = d.Float64()
		c.finalDivFactor = d.Float64()
		c.threePhase = d.Bool()
		initial := readLRs(d, "initial learning rate", n)
		maxLRs := readLRs(d, "maximum learning rate", n)
		minLRs := readLRs(d, "minimum learning rate", n)
		if d.Err() != nil {
			return nil, nil
		}
		if err := checkOneCycle(&c, 0, total); err != nil {
			return nil, err
		}
		if total > math.MaxInt32 {
			return nil, fmt.Errorf("total_steps = %d is too large", total)
		}
		if _, ok := s.opt.(optim.MomentumGroups); c.cycleMomentum && !ok {
			return nil, mismatch(s.name, "it cycles the momentum, and the optimizer has none")
		}
		return func() {
			s.total, s.cfg, s.initial, s.maxLRs, s.minLRs = int(total), c, initial, maxLRs, minLRs
			s.phases = phases(&s.cfg, s.total)
			s.mom, s.prev = nil, nil
			if c.cycleMomentum {
				s.mom, s.prev = make([]float64, n), make([]float64, n)
			}
		}, nil
	})
}
