package plotting

import (
	"fmt"
	"math"
	"strings"
)

// The figures of the golden-image tests and of docs/gallery.md. Their data
// come from small optimizers written out below, run on closed-form
// functions: no randomness, so every run draws the same pixels.

// problem is a differentiable function of a parameter vector.
type problem struct {
	f    func(x []float64) float64
	grad func(g, x []float64) // g = ∇f(x)
}

var (
	// shifted is (θ − 3)², minimum at θ = 3.
	shifted = problem{
		f:    func(x []float64) float64 { return (x[0] - 3) * (x[0] - 3) },
		grad: func(g, x []float64) { g[0] = 2 * (x[0] - 3) },
	}
	// quartic is θ⁴/4, whose gradient grows fast enough to blow up.
	quartic = problem{
		f:    func(x []float64) float64 { return x[0] * x[0] * x[0] * x[0] / 4 },
		grad: func(g, x []float64) { g[0] = x[0] * x[0] * x[0] },
	}
	// valley is the ill-conditioned quadratic 0.1x² + 2y².
	valley = problem{
		f:    func(x []float64) float64 { return valley2(x[0], x[1]) },
		grad: func(g, x []float64) { g[0], g[1] = 0.2*x[0], 4*x[1] },
	}
	// rosen is Rosenbrock's function (1 − x)² + 100(y − x²)².
	rosen = problem{
		f: func(x []float64) float64 { return rosenbrock(x[0], x[1]) },
		grad: func(g, x []float64) {
			g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
			g[1] = 200 * (x[1] - x[0]*x[0])
		},
	}
)

func valley2(x, y float64) float64    { return 0.1*x*x + 2*y*y }
func rosenbrock(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }

// descend runs heavy-ball gradient descent (v ← μv + ∇f, θ ← θ − ηv; plain
// gradient descent when μ = 0) for the given steps and records every step,
// with the epoch of ten steps per epoch and, from step 1 on, the length of
// the step just taken.
func descend(name string, pr problem, x0 []float64, lr, momentum float64, steps int) *Trace {
	tr := NewTrace(name)
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x))
	v := make([]float64, len(x))
	stepSize := math.NaN()
	for step := range steps {
		extras := []Extra{{Name: ExtraEpoch, Value: float64(step) / 10}}
		if step > 0 {
			extras = append(extras, Extra{Name: ExtraStepSize, Value: stepSize})
		}
		if err := tr.Record(step, pr.f(x), x, lr, extras...); err != nil {
			panic(err)
		}
		pr.grad(g, x)
		ss := 0.0
		for i := range x {
			v[i] = momentum*v[i] + g[i]
			x[i] -= lr * v[i]
			ss += (lr * v[i]) * (lr * v[i])
		}
		stepSize = math.Sqrt(ss)
	}
	return tr
}

// galleryFigure is one figure of the tests and the gallery.
type galleryFigure struct {
	name  string
	build func() (*Figure, error)
}

// galleryFigures lists every kind of plot.
var galleryFigures = []galleryFigure{
	{"loss_single", lossSingle},
	{"loss_log_many", lossLogMany},
	{"loss_diverging", lossDiverging},
	{"compare", compareRuns},
	{"compare_extra", compareStepSizes},
	{"coinciding", coincidingFigure},
	{"legend_outside", crowdedFigure},
	{"landscape_contours", landscapeContours},
	{"landscape_heatmap", landscapeHeatMap},
	{"landscape_points", landscapePoints},
	{"landscape_steps", landscapeSteps},
	{"landscape_colorbar", landscapeColorBar},
	{"class_map", classMap},
	{"schedule", schedules},
	{"schedule_fit", momentumSchedule},
	{"ema_weights", emaWeights},
	{"grid", smallMultiples},
}

// lossSingle: the loss of one run.
func lossSingle() (*Figure, error) {
	tr := descend("GD", shifted, []float64{0}, 0.1, 0, 40)
	return LossPlot{Title: "Gradient descent on (θ − 3)²"}.Figure(tr.Series())
}

// lossLogMany: several learning rates on a log scale; η = 0.5 lands on the
// minimum, where the loss is exactly 0.
func lossLogMany() (*Figure, error) {
	var series []Series
	for _, lr := range []float64{0.05, 0.2, 0.5, 0.9} {
		tr := descend(fmt.Sprintf("η = %g", lr), shifted, []float64{0}, lr, 0, 40)
		series = append(series, tr.Series())
	}
	return LossPlot{Title: "Learning rates on (θ − 3)²", LogY: true}.Figure(series...)
}

// lossDiverging: too large a step on θ⁴/4 overflows.
func lossDiverging() (*Figure, error) {
	slow := descend("η = 0.01", quartic, []float64{3}, 0.01, 0, 30)
	fast := descend("η = 0.3", quartic, []float64{3}, 0.3, 0, 30)
	return LossPlot{Title: "Gradient descent on θ⁴/4", LogY: true}.Figure(slow.Series(), fast.Series())
}

// compareRuns: optimizers compared by epoch.
func compareRuns() (*Figure, error) {
	start := []float64{-5, 1.5}
	gd := descend("GD, η = 0.2", valley, start, 0.2, 0, 100)
	hb := descend("momentum 0.9, η = 0.05", valley, start, 0.05, 0.9, 100)
	return ComparePlot{Title: "0.1x² + 2y²", X: ExtraEpoch, LogY: true}.Figure(gd, hb)
}

// compareStepSizes: an extra other than the loss, here the length of each
// step, which the traces record from step 1 on.
func compareStepSizes() (*Figure, error) {
	start := []float64{-5, 1.5}
	gd := descend("GD, η = 0.2", valley, start, 0.2, 0, 100)
	hb := descend("momentum 0.9, η = 0.05", valley, start, 0.05, 0.9, 100)
	return ComparePlot{Title: "Step lengths on 0.1x² + 2y²", X: ExtraEpoch, Y: ExtraStepSize, YLabel: "step length ‖Δθ‖", LogY: true}.Figure(gd, hb)
}

// landscapeContours: two trajectories in Rosenbrock's valley.
func landscapeContours() (*Figure, error) {
	start := []float64{-1.5, 2}
	gd, err := descend("GD, η = 5e−4", rosen, start, 5e-4, 0, 3000).Path()
	if err != nil {
		return nil, err
	}
	hb, err := descend("momentum 0.9, η = 5e−4", rosen, start, 5e-4, 0.9, 3000).Path()
	if err != nil {
		return nil, err
	}
	lp := LandscapePlot{
		Title:  "Rosenbrock, 3000 steps",
		Box:    Box{XMin: -2, XMax: 2, YMin: -1, YMax: 3},
		Minima: [][2]float64{{1, 1}},
	}
	return lp.Figure(rosenbrock, gd, hb)
}

// landscapeHeatMap: zig-zag and momentum over a heat map, at equal aspect.
func landscapeHeatMap() (*Figure, error) {
	start := []float64{-5.5, 2.5}
	gd, err := descend("GD, η = 0.45", valley, start, 0.45, 0, 30).Path()
	if err != nil {
		return nil, err
	}
	hb, err := descend("momentum 0.5, η = 0.2", valley, start, 0.2, 0.5, 30).Path()
	if err != nil {
		return nil, err
	}
	lp := LandscapePlot{
		Title:       "0.1x² + 2y²",
		Box:         Box{XMin: -6, XMax: 6, YMin: -3, YMax: 3},
		HeatMap:     true,
		EqualAspect: true,
		Minima:      [][2]float64{{0, 0}},
	}
	return lp.Figure(valley2, gd, hb)
}

// landscapeSteps: zig-zag and momentum with a dot at every step.
func landscapeSteps() (*Figure, error) {
	start := []float64{-5.5, 2.5}
	gd, err := descend("GD, η = 0.45", valley, start, 0.45, 0, 25).Path()
	if err != nil {
		return nil, err
	}
	hb, err := descend("momentum 0.5, η = 0.2", valley, start, 0.2, 0.5, 25).Path()
	if err != nil {
		return nil, err
	}
	lp := LandscapePlot{
		Title:       "25 steps on 0.1x² + 2y²",
		Box:         Box{XMin: -6, XMax: 6, YMin: -3, YMax: 3},
		EqualAspect: true,
		StepMarkers: true,
		Minima:      [][2]float64{{0, 0}},
	}
	return lp.Figure(valley2, gd, hb)
}

// landscapeColorBar: a heat map of the rate at which heavy-ball momentum
// converges on a quadratic of curvature λ = 1, over the learning rate and
// the momentum: the spectral radius of its iteration matrix, with a colour
// bar, and its minimum, 0 at (η, μ) = (1, 0).
func landscapeColorBar() (*Figure, error) {
	rate := func(lr, mu float64) float64 {
		// Roots of r² − (1 + μ − η)r + μ = 0.
		b := 1 + mu - lr
		disc := b*b - 4*mu
		if disc < 0 {
			return math.Sqrt(mu)
		}
		s := math.Sqrt(disc)
		return math.Max(math.Abs((b+s)/2), math.Abs((b-s)/2))
	}
	lp := LandscapePlot{
		Title:         "Convergence rate of momentum, λ = 1",
		XLabel:        "learning rate η",
		YLabel:        "momentum μ",
		Box:           Box{XMin: 0, XMax: 4, YMin: 0, YMax: 0.99},
		HeatMap:       true,
		ColorBar:      true,
		ColorBarLabel: "rate",
		LevelScale:    LinearLevels,
		Levels:        []float64{0.2, 0.4, 0.6, 0.8, 1},
		Minima:        [][2]float64{{1, 0}},
	}
	return lp.Figure(rate)
}

// himmelblau is Himmelblau's function (x² + y − 11)² + (x + y² − 7)², with
// four minima.
func himmelblau(x, y float64) float64 {
	a, b := x*x+y-11, x+y*y-7
	return a*a + b*b
}

// himmelblauMinima are the minima of Himmelblau's function, to 6 digits.
var himmelblauMinima = [][2]float64{{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848126}}

// landscapePoints: where gradient descent goes on Himmelblau's function
// from a grid of starts, as one group of starting points per minimum
// reached; the starts of runs that are not within 0.01 of a minimum after 30
// steps are ringed.
func landscapePoints() (*Figure, error) {
	pr := problem{
		f: func(x []float64) float64 { return himmelblau(x[0], x[1]) },
		grad: func(g, x []float64) {
			a, b := x[0]*x[0]+x[1]-11, x[0]+x[1]*x[1]-7
			g[0], g[1] = 4*x[0]*a+2*b, 2*a+4*x[1]*b
		},
	}
	groups := make([]Points, len(himmelblauMinima))
	for m, xy := range himmelblauMinima {
		groups[m].Name = strings.ReplaceAll(fmt.Sprintf("→ (%.3g, %.3g)", xy[0], xy[1]), "-", "−")
	}
	for i := range 11 {
		for j := range 11 {
			x0, y0 := -5+float64(i), -5+float64(j)
			tr := descend("", pr, []float64{x0, y0}, 0.01, 0, 30)
			end := tr.Params(tr.Len() - 1)
			m, dist := 0, math.Inf(1)
			for k, xy := range himmelblauMinima {
				if d := math.Hypot(end[0]-xy[0], end[1]-xy[1]); d < dist {
					m, dist = k, d
				}
			}
			g := &groups[m]
			if dist > 0.01 {
				g.Ringed = append(g.Ringed, len(g.X))
			}
			g.X, g.Y = append(g.X, x0), append(g.Y, y0)
		}
	}
	lp := LandscapePlot{
		Title:     "Himmelblau: where gradient descent goes in 30 steps",
		Box:       Box{XMin: -5.5, XMax: 5.5, YMin: -5.5, YMax: 5.5},
		Minima:    himmelblauMinima,
		Points:    groups,
		RingLabel: "still > 0.01 away",
	}
	return lp.Figure(himmelblau)
}

// spiralPoints returns three arms of a spiral, 40 points each, with a
// deterministic angular jitter (a golden-ratio sequence) of up to ±1.2
// radians that throws a few points into a neighbouring arm.
func spiralPoints() (x, y []float64, labels []int) {
	const perArm = 40
	for k := range 3 {
		for i := range perArm {
			r := 0.15 + 0.85*float64(i)/perArm
			u := math.Mod(float64(k*perArm+i)*0.6180339887, 1)
			a := 2*math.Pi*float64(k)/3 + 3*r + 1.2*(2*u-1)
			x, y = append(x, r*math.Cos(a)), append(y, r*math.Sin(a))
			labels = append(labels, k)
		}
	}
	return x, y, labels
}

// spiralClass is the arm of the spiral whose centre line is nearest in
// angle to (x, y).
func spiralClass(x, y float64) int {
	a := math.Atan2(y, x) - 3*math.Hypot(x, y)
	t := math.Mod(a/(2*math.Pi/3), 3)
	if t < 0 {
		t += 3
	}
	return int(math.Round(t)) % 3
}

// classMap: the regions of a classifier of the spiral, with the points.
func classMap() (*Figure, error) {
	groups, err := PointsByClass(spiralPoints())
	if err != nil {
		return nil, err
	}
	cp := ClassMapPlot{
		Title:             "Nearest arm of a three-armed spiral",
		XLabel:            "x₁",
		YLabel:            "x₂",
		Box:               Box{XMin: -1.2, XMax: 1.2, YMin: -1.2, YMax: 1.2},
		EqualAspect:       true,
		RingMisclassified: true,
	}
	return cp.Figure(spiralClass, groups...)
}

// momentumSchedule: the momentum factor of a one-cycle schedule, on an axis
// fitted to its values.
func momentumSchedule() (*Figure, error) {
	momentum := func(step int) float64 {
		const peak = 30
		if step <= peak {
			return 0.85 + 0.05*(1+math.Cos(math.Pi*float64(step)/peak))
		}
		return 0.95 - 0.05*(1+math.Cos(math.Pi*float64(step-peak)/(99-peak)))
	}
	s, err := SampleSchedule("one cycle", 100, momentum)
	if err != nil {
		return nil, err
	}
	return SchedulePlot{Title: "Momentum factor of one cycle", YLabel: "momentum", FitY: true}.Figure(s)
}

// schedules: three learning-rate schedules.
func schedules() (*Figure, error) {
	cosine := func(step int) float64 {
		if step < 10 {
			return 0.1 * float64(step+1) / 10
		}
		return 0.05 * (1 + math.Cos(math.Pi*float64(step-10)/90))
	}
	stepDecay := func(step int) float64 { return 0.1 * math.Pow(0.5, float64(step/30)) }
	exponential := func(step int) float64 { return 0.1 * math.Pow(0.97, float64(step)) }
	var series []Series
	for _, s := range []struct {
		name string
		lr   func(int) float64
	}{{"warm-up + cosine", cosine}, {"halve every 30", stepDecay}, {"exponential 0.97", exponential}} {
		sr, err := SampleSchedule(s.name, 100, s.lr)
		if err != nil {
			return nil, err
		}
		series = append(series, sr)
	}
	return SchedulePlot{Title: "Learning-rate schedules"}.Figure(series...)
}

// emaWeights: the weights of moving averages with three β.
func emaWeights() (*Figure, error) {
	return EMAWeightsPlot{Title: "Exponential moving average"}.Figure(0.5, 0.9, 0.95)
}

// smallMultiples: one learning rate per panel, sharing the y axis.
func smallMultiples() (*Figure, error) {
	var figs []*Figure
	for _, lr := range []float64{0.05, 0.2, 0.45, 0.55} {
		tr := descend("GD", valley, []float64{-5, 1.5}, lr, 0, 60)
		f, err := LossPlot{Title: fmt.Sprintf("η = %g", lr), LogY: true}.Figure(tr.Series())
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return GridPlot{Title: "Gradient descent on 0.1x² + 2y²", Cols: 2, ShareY: true}.Figure(figs...)
}
