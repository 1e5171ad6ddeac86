package plotting_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"os"
	"time"

	"github.com/descentlab/descent/plotting"
)

// A trace records a run step by step; its series feed the plots.
func ExampleTrace() {
	tr := plotting.NewTrace("GD")
	x := []float64{2, -1}
	for step := range 3 {
		loss := x[0]*x[0] + x[1]*x[1]
		if err := tr.Record(step, loss, x, 0.25); err != nil {
			fmt.Println(err)
		}
		for i := range x {
			x[i] -= 0.25 * 2 * x[i] // gradient step on ‖x‖²
		}
	}
	xs, ys := tr.Points2D()
	fmt.Println("losses:", tr.Losses())
	fmt.Println("path:", xs, ys)
	// Output:
	// losses: [5 1.25 0.3125]
	// path: [2 1 0.5] [-1 -0.5 -0.25]
}

// A loss history that diverges is drawn up to its last finite value, marked
// with an ×. In a notebook, fig.Show() displays it; here we look at the PNG.
func ExampleLossPlot() {
	loss := []float64{1, 3, 9, 27, math.Inf(1), math.NaN()}
	fig, err := plotting.LossPlot{Title: "η too large", LogY: true}.Figure(plotting.Series{Name: "GD", Y: loss})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := fig.PNG(0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, _ := png.DecodeConfig(bytes.NewReader(b))
	fmt.Printf("%d × %d pixels, shown at %d × %d\n", cfg.Width, cfg.Height, cfg.Width/2, cfg.Height/2)
	// Output:
	// 960 × 672 pixels, shown at 480 × 336
}

// Show displays a figure in a GoNB notebook; elsewhere, as under go test, it
// does nothing. The function Show takes a figure and an error, so a cell can
// plot in one line.
func ExampleShow() {
	tr := plotting.NewTrace("GD")
	for step := range 50 {
		_ = tr.Record(step, math.Pow(0.9, float64(step)), nil, 0.1)
	}
	err := plotting.Show(plotting.LossPlot{LogY: true}.Figure(tr.Series()))
	fmt.Println("error:", err)
	// Output:
	// error: <nil>
}

// Trajectories over the contours of Rosenbrock's function.
func ExampleLandscapePlot() {
	rosenbrock := func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }
	tr := plotting.NewTrace("GD")
	x, y := -1.5, 2.0
	for step := range 2000 {
		_ = tr.Record(step, rosenbrock(x, y), []float64{x, y}, 5e-4)
		gx, gy := -2*(1-x)-400*x*(y-x*x), 200*(y-x*x)
		x, y = x-5e-4*gx, y-5e-4*gy
	}
	path, err := tr.Path()
	if err != nil {
		fmt.Println(err)
		return
	}
	lp := plotting.LandscapePlot{
		Box:    plotting.Box{XMin: -2, XMax: 2, YMin: -1, YMax: 3},
		Minima: [][2]float64{{1, 1}},
	}
	fig, err := lp.Figure(rosenbrock, path)
	fmt.Println(fig != nil, err)
	fmt.Printf("GD stopped at (%.2f, %.2f)\n", x, y)
	// Output:
	// true <nil>
	// GD stopped at (-0.67, 0.45)
}

// Live prints a progress line outside a notebook; in one it redraws the loss
// curve in place. A fixed clock makes this example's output stable.
func ExampleLive() {
	tr := plotting.NewTrace("SGD")
	live := plotting.NewLive(tr)
	live.Total, live.Out = 30, os.Stdout
	start := time.Unix(0, 0)
	now := start
	live.Now = func() time.Time { return now }
	for step := 1; step <= 30; step++ {
		_ = tr.Record(step, 1/float64(step), nil, 0.1)
		if err := live.Tick(); err != nil {
			fmt.Println(err)
		}
		now = now.Add(250 * time.Millisecond) // a slow step
	}
	if err := live.Finish(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// step 1/30 (3%) · SGD 1 · 0.0 s
	// step 9/30 (30%) · SGD 0.1111 · 2.0 s
	// step 17/30 (57%) · SGD 0.05882 · 4.0 s
	// step 25/30 (83%) · SGD 0.04 · 6.0 s
	// step 30/30 (100%) · SGD 0.03333 · done
}

// Bad hyperparameters are errors that name the value and the allowed range.
func ExampleEMAWeightsPlot() {
	_, err := plotting.EMAWeightsPlot{}.Figure(0.9, 1)
	fmt.Println(err)
	// Output:
	// plotting: EMAWeightsPlot β[1] = 1, want 0 ≤ β < 1
}

// Small multiples: one panel per learning rate, on a shared y axis.
func ExampleGridPlot() {
	var figs []*plotting.Figure
	for _, lr := range []float64{0.1, 0.5, 0.9} {
		loss := make([]float64, 20)
		for i := range loss {
			loss[i] = math.Pow(1-lr, float64(2*i))
		}
		f, err := plotting.LossPlot{Title: fmt.Sprintf("η = %g", lr), LogY: true}.Figure(plotting.Series{Y: loss})
		if err != nil {
			fmt.Println(err)
			return
		}
		figs = append(figs, f)
	}
	grid, err := plotting.GridPlot{Cols: 3, ShareY: true}.Figure(figs...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.1f × %.1f in\n", grid.Width/72, grid.Height/72)
	// Output:
	// 9.6 × 2.4 in
}

// A class map paints the class a classifier predicts at each point of a box,
// in light tints of the colours of the data's classes, and draws the data on
// top; RingMisclassified rings the points the classifier gets wrong.
func ExampleClassMapPlot() {
	// Two classes either side of the line y = x, and a classifier that puts
	// the boundary at y = x/2 instead.
	x := []float64{-1, -0.5, 0.5, 0.8, -0.2, 0.3, 0.6, 1}
	y := []float64{-0.2, 0.5, 0.9, 0.6, -1.5, -0.3, 0.1, 0.7}
	labels := []int{1, 1, 1, 0, 0, 0, 0, 0}
	groups, err := plotting.PointsByClass(x, y, labels)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range groups {
		fmt.Printf("%s: %d points\n", g.Name, len(g.X))
	}
	classify := func(x, y float64) int {
		if y > x/2 {
			return 1
		}
		return 0
	}
	cp := plotting.ClassMapPlot{
		Title:             "y > x/2?",
		Box:               plotting.Box{XMin: -1.5, XMax: 1.5, YMin: -1.5, YMax: 1.5},
		EqualAspect:       true,
		RingMisclassified: true,
	}
	fig, err := cp.Figure(classify, groups...)
	fmt.Println(fig != nil, err)

	// A classifier must return classes ≥ 0.
	_, err = cp.Figure(func(x, y float64) int { return -1 }, groups...)
	fmt.Println(err)
	// Output:
	// class 0: 5 points
	// class 1: 3 points
	// true <nil>
	// plotting: ClassMapPlot: classify(-1.492, -1.492) = -1, want a class ≥ 0
}

// Points scatter groups of points over a landscape, here the starts of runs
// grouped by the minimum they reach, with the slow ones ringed.
func ExamplePoints() {
	f := func(x, y float64) float64 { return (x*x-1)*(x*x-1) + y*y } // minima at (±1, 0)
	var left, right plotting.Points
	left.Name, right.Name = "→ (−1, 0)", "→ (1, 0)"
	for _, x0 := range []float64{-1.8, -1.2, -0.6, -0.05, 0.05, 0.6, 1.2, 1.8} {
		x, y := x0, 1.0
		for range 20 {
			x, y = x-0.05*4*x*(x*x-1), y-0.05*2*y
		}
		g := &right
		if x < 0 {
			g = &left
		}
		if math.Abs(math.Abs(x)-1) > 0.01 {
			g.Ringed = append(g.Ringed, len(g.X))
		}
		g.X, g.Y = append(g.X, x0), append(g.Y, 1)
	}
	fmt.Println("slow starts:", len(left.Ringed)+len(right.Ringed))
	lp := plotting.LandscapePlot{
		Box:       plotting.Box{XMin: -2, XMax: 2, YMin: -0.5, YMax: 1.5},
		Minima:    [][2]float64{{-1, 0}, {1, 0}},
		Points:    []plotting.Points{left, right},
		RingLabel: "not within 0.01 after 20 steps",
	}
	fig, err := lp.Figure(f)
	fmt.Println(fig != nil, err)
	// Output:
	// slow starts: 2
	// true <nil>
}

// ComparePlot draws an extra the traces recorded in place of their losses,
// here an accuracy measured at the end of each epoch of three steps; the
// records without it are left out.
func ExampleComparePlot_extra() {
	tr := plotting.NewTrace("Adam")
	for step := range 6 {
		epoch := plotting.Extra{Name: plotting.ExtraEpoch, Value: float64(step+1) / 3}
		loss := math.Pow(0.7, float64(step))
		if step%3 == 2 {
			_ = tr.Record(step, loss, nil, 0.01, epoch, plotting.Extra{Name: "accuracy", Value: 1 - loss/2})
		} else {
			_ = tr.Record(step, loss, nil, 0.01, epoch)
		}
	}
	s, err := tr.ExtraAgainst("accuracy", plotting.ExtraEpoch)
	fmt.Printf("%v %.4g %v\n", s.X, s.Y, err)
	fig, err := plotting.ComparePlot{X: plotting.ExtraEpoch, Y: "accuracy"}.Figure(tr)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("y axis:", fig.Plot().Y.Label.Text)
	// Output:
	// [1 2] [0.755 0.916] <nil>
	// y axis: accuracy
}

// By default the y axis of a schedule includes 0; FitY fits it to a factor
// that moves in a narrow band, such as one cycle's momentum.
func ExampleSchedulePlot() {
	momentum, err := plotting.SampleSchedule("one cycle", 100, func(step int) float64 {
		return 0.9 + 0.05*math.Cos(2*math.Pi*float64(step)/99)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, fit := range []bool{false, true} {
		fig, err := plotting.SchedulePlot{YLabel: "momentum", FitY: fit}.Figure(momentum)
		if err != nil {
			fmt.Println(err)
			return
		}
		y := fig.Plot().Y
		fmt.Printf("FitY %v: y from %.4g to %.4g\n", fit, y.Min, y.Max)
	}
	// Output:
	// FitY false: y from 0 to 0.95
	// FitY true: y from 0.85 to 0.95
}

// StepMarkers puts a dot at every step of a path, so that a learner can
// count how often gradient descent crosses the valley of an ill-conditioned
// quadratic: here, at every step, since ηλ = 0.45·4 lies between 1 and 2.
func ExampleLandscapePlot_stepMarkers() {
	f := func(x, y float64) float64 { return 0.1*x*x + 2*y*y }
	path := plotting.Path{Name: "GD, η = 0.45"}
	x, y := -5.5, 2.5
	crossings := 0
	for range 20 {
		path.X, path.Y = append(path.X, x), append(path.Y, y)
		nx, ny := x-0.45*0.2*x, y-0.45*4*y
		if ny*y < 0 {
			crossings++
		}
		x, y = nx, ny
	}
	lp := plotting.LandscapePlot{
		Box:         plotting.Box{XMin: -6, XMax: 6, YMin: -3, YMax: 3},
		EqualAspect: true,
		StepMarkers: true,
	}
	fig, err := lp.Figure(f, path)
	fmt.Println(fig != nil, err)
	fmt.Println("crossings of the valley in 20 steps:", crossings)
	// Output:
	// true <nil>
	// crossings of the valley in 20 steps: 20
}

// A colour bar says what the colours of a heat map mean. Here the heat map
// is the rate at which gradient descent converges on a quadratic of
// curvature λ, 0.1 ≤ λ ≤ 2, over the learning rate η: |1 − ηλ|, below 1 where
// ηλ < 2. The contour at 1 is the stability limit.
func ExampleLandscapePlot_colorBar() {
	rate := func(lr, lambda float64) float64 { return math.Abs(1 - lr*lambda) }
	lp := plotting.LandscapePlot{
		XLabel:        "learning rate η",
		YLabel:        "curvature λ",
		Box:           plotting.Box{XMin: 0, XMax: 3, YMin: 0.1, YMax: 2},
		HeatMap:       true,
		ColorBar:      true,
		ColorBarLabel: "rate |1 − ηλ|",
		LevelScale:    plotting.LinearLevels,
		Levels:        []float64{0.5, 1},
	}
	fig, err := lp.Figure(rate)
	fmt.Println(fig != nil, err)
	_, err = plotting.LandscapePlot{Box: lp.Box, ColorBar: true}.Figure(rate)
	fmt.Println(err)
	// Output:
	// true <nil>
	// plotting: LandscapePlot ColorBar needs HeatMap: there is no heat map to explain
}
