package lesson

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
)

// RootRate returns the long-run factor per step of the recurrence
// e_{t+1} = a·e_t − c·e_{t−1}: the largest |r| among the roots of
// r² − a·r + c = 0.
func RootRate(a, c float64) float64 {
	d := cmplx.Sqrt(complex(a*a-4*c, 0))
	return max(cmplx.Abs((complex(a, 0)+d)/2), cmplx.Abs((complex(a, 0)-d)/2))
}

// MomentumRate returns the long-run factor per step of heavy-ball momentum
// (learning rate eta, momentum mu) along a direction of curvature lambda
// of a quadratic, where e_{t+1} = (1 + μ − ηλ)·e_t − μ·e_{t−1}. It is below
// 1 — the error shrinks — exactly when 0 < ηλ < 2 + 2μ (for 0 ≤ μ < 1).
// With mu = 0 it is gradient descent's |1 − ηλ|.
func MomentumRate(eta, mu, lambda float64) float64 {
	return RootRate(1+mu-eta*lambda, mu)
}

// NesterovRate is MomentumRate for Nesterov momentum, whose recurrence is
// e_{t+1} = (1 − ηλ)·[(1 + μ)·e_t − μ·e_{t−1}].
func NesterovRate(eta, mu, lambda float64) float64 {
	h := 1 - eta*lambda
	return RootRate((1+mu)*h, mu*h)
}

// MeasuredRate runs d on f, a function with a known minimum, and returns
// the factor per step by which the error — the distance to the minimum
// nearest to the last point — shrank over the second half of the run,
// measured on its envelope so that an oscillating error is not caught at
// a trough: with T = d.Steps ≥ 8 and e_t the error at step t,
// (max e over (3T/4, T] / max e over (T/4, T/2])^(1/(T/2)). On a quadratic
// it tends to the largest of the directions' rates as T grows. A run that
// diverges has rate +Inf; one that lands exactly on the minimum, 0.
func MeasuredRate(f testfunc.Function, d Descent) (float64, error) {
	if d.Steps < 8 {
		return 0, fmt.Errorf("lesson: MeasuredRate: Steps = %d, want ≥ 8", d.Steps)
	}
	minima := f.Minima()
	if len(minima) == 0 {
		return 0, errors.New("lesson: MeasuredRate: " + f.Name() + " has no known minimum")
	}
	tr, err := d.Run(f)
	if err != nil {
		return 0, err
	}
	if Diverged(tr) || tr.Len() < d.Steps+1 {
		return math.Inf(1), nil
	}
	T := d.Steps
	last := tr.Params(T)
	best := minima[0].X
	for _, m := range minima[1:] {
		if distance(m.X, last) < distance(best, last) {
			best = m.X
		}
	}
	envelope := func(from, to int) float64 {
		var e float64
		for t := from + 1; t <= to; t++ {
			e = max(e, distance(tr.Params(t), best))
		}
		return e
	}
	a, b := envelope(T/4, T/2), envelope(3*T/4, T)
	if b == 0 {
		return 0, nil
	}
	return math.Pow(b/a, 1/float64(3*T/4-T/4)), nil
}

// RateMap is Distill's convergence-rate map for heavy-ball momentum on a
// quadratic: the measured rate over the (η, μ) plane as a heat map, with
// the theoretical edge of convergence ηλ = 2 + 2μ dotted over it for the
// largest curvature, the best pair starred, and a marked point (the
// sliders' values).
type RateMap struct {
	// F is the quadratic the optimizer runs on.
	F testfunc.Function

	// LambdaMax and LambdaMin are F's largest and smallest curvatures
	// (the Hessian's eigenvalues), for the edge and the best pair.
	LambdaMax, LambdaMin float64

	// EtaMax is the largest learning rate of the map; μ runs from 0 to
	// MuMax. Both must be positive.
	EtaMax, MuMax float64

	// Steps is the length of each measured run.
	// If Steps is 0, it will be defaulted to 200.
	Steps int

	// Resolution is the number of samples along each axis.
	// If Resolution is 0, it will be defaulted to 60.
	Resolution int

	// cache holds the measured rates by sample point: the heat map is
	// sampled at the same points at every redraw, so moving the marked
	// point costs only a render.
	cache map[[2]float64]float64
}

// Rate returns the measured rate at (eta, mu), clamped to [0, 1.1] so that
// every diverging run has one colour; it is computed once per point.
func (m *RateMap) Rate(eta, mu float64) float64 {
	if m.cache == nil {
		m.cache = map[[2]float64]float64{}
	}
	k := [2]float64{eta, mu}
	if r, ok := m.cache[k]; ok {
		return r
	}
	r, err := MeasuredRate(m.F, Descent{Steps: m.steps(), Options: []optim.Option{optim.LR(eta), optim.Momentum(mu)}})
	if err != nil || math.IsNaN(r) {
		r = math.Inf(1)
	}
	r = min(r, 1.1)
	m.cache[k] = r
	return r
}

func (m *RateMap) steps() int {
	if m.Steps > 0 {
		return m.Steps
	}
	return 200
}

// Best returns the pair (η*, μ*) with the smallest rate for curvatures in
// [LambdaMin, LambdaMax]: μ* = ((√κ − 1)/(√κ + 1))², η* = 4/(√λmax + √λmin)².
func (m *RateMap) Best() (eta, mu float64) {
	sk := math.Sqrt(m.LambdaMax / m.LambdaMin)
	mu = math.Pow((sk-1)/(sk+1), 2)
	eta = 4 / math.Pow(math.Sqrt(m.LambdaMax)+math.Sqrt(m.LambdaMin), 2)
	return eta, mu
}

// Figure draws the map with the point (eta, mu) marked.
func (m *RateMap) Figure(title string, eta, mu float64) (*plotting.Figure, error) {
	if !(m.EtaMax > 0 && m.MuMax > 0 && m.LambdaMax > 0 && m.LambdaMin > 0) {
		return nil, errors.New("lesson: RateMap: EtaMax, MuMax, LambdaMax and LambdaMin must be positive")
	}
	res := m.Resolution
	if res == 0 {
		res = 60
	}
	edge := plotting.Points{Name: fmt.Sprintf("theory's edge: ηλ = 2 + 2μ, λ = %g", m.LambdaMax)}
	for i := 0; i <= 40; i++ {
		mu := m.MuMax * float64(i) / 40
		if eta := (2 + 2*mu) / m.LambdaMax; eta <= m.EtaMax {
			edge.X = append(edge.X, eta)
			edge.Y = append(edge.Y, mu)
		}
	}
	be, bm := m.Best()
	lp := plotting.LandscapePlot{
		Title: title, XLabel: "learning rate η", YLabel: "momentum μ",
		Box:        plotting.Box{XMin: 0, XMax: m.EtaMax, YMin: 0, YMax: m.MuMax},
		Resolution: res, HeatMap: true, ColorBar: true, ColorBarLabel: "rate",
		Levels:    []float64{0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1},
		Minima:    [][2]float64{{be, bm}},
		Points:    []plotting.Points{edge, {Name: fmt.Sprintf("sliders: η = %s, μ = %s", FormatValue(eta), FormatValue(mu)), X: []float64{eta}, Y: []float64{mu}, Ringed: []int{0}}},
		RingLabel: "the sliders' point",
	}
	return lp.Figure(m.Rate)
}
