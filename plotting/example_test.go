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
