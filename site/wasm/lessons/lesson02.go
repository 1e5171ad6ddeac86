package main

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
	"gonum.org/v1/plot/vg"
)

// Lesson 02: plain gradient descent (optim.SGD) on (θ − 3)² with its factor per step, and on the
// ill-conditioned valley with the stability limit 2/λmax.

const lesson02 = "02-gradient-descent-in-depth"

// gd is the lesson's plain gradient descent with learning rate eta on f from start (nil: f's
// standard start).
func gd(f testfunc.Function, start []float64, eta float64, steps int) (*plotting.Trace, error) {
	d := lesson.Descent{Name: fmt.Sprintf("η = %g", eta), Start: start, Steps: steps, Options: []optim.Option{optim.LR(eta)}}
	return d.Run(f)
}

// thetaPanel draws the iterates of tr with the target θ = 3.
func thetaPanel(tr *plotting.Trace, title string) (*plotting.Figure, error) {
	target := make([]float64, tr.Len())
	for i := range target {
		target[i] = 3
	}
	return plotting.LossPlot{Title: title, YLabel: "θ"}.Figure(
		plotting.Series{Name: "θ", X: tr.Steps(), Y: tr.Param(0)},
		plotting.Series{Name: "minimum θ = 3", X: tr.Steps(), Y: target})
}

// factorPanel draws |1 − ηλ| against η for a curvature λ, with the limit |r| = 1 and eta marked.
func factorPanel(lambda, eta, etaMax float64) (*plotting.Figure, error) {
	r := plotting.Series{Name: fmt.Sprintf("|1 − %gη|", lambda)}
	for i := 0; i <= 300; i++ {
		e := etaMax * float64(i) / 300
		r.X, r.Y = append(r.X, e), append(r.Y, math.Abs(1-e*lambda))
	}
	limit := plotting.Series{Name: fmt.Sprintf("limit |r| = 1, at η = 2/λ = %g", 2/lambda), X: []float64{0, etaMax}, Y: []float64{1, 1}}
	at := plotting.Series{Name: "η = " + lesson.FormatValue(eta), X: []float64{eta, eta}, Y: []float64{0, math.Abs(1 - eta*lambda)}}
	return plotting.LossPlot{Title: "factor per step", XLabel: "learning rate η", YLabel: "|r|"}.Figure(r, limit, at)
}

func init() {
	figures["02-parabola"] = &figure{
		Lesson: lesson02, Anchor: "factorPanel(2, e, 1.5)",
		Lead:   "The slider of the cell above, in this page: move η past 0.5 and then past 1, and watch the iterates overshoot, then leave.",
		Alt:    "gradient descent's iterates on (θ − 3)² and its factor per step, at the notebook's default η",
		Params: []sliderDef{{Name: "learning rate η", Scale: lesson.LogScale(0.01, 1.5, 240), Default: 0.3}},
		Width:  8 * vg.Inch, Height: 3 * vg.Inch,
		draw: func(v []float64) (*plotting.Figure, string, *plotting.Trace, error) {
			e := v[0]
			tr, err := gd(testfunc.Parabola{}, []float64{0}, e, 30)
			if err != nil {
				return nil, "", nil, err
			}
			left, err := thetaPanel(tr, "η = "+lesson.FormatValue(e)+": iterates")
			if err != nil {
				return nil, "", nil, err
			}
			right, err := factorPanel(2, e, 1.5)
			if err != nil {
				return nil, "", nil, err
			}
			fig, err := plotting.GridPlot{Cols: 2}.Figure(left, right)
			return fig, fmt.Sprintf("η = %s: factor 1 − 2η = %.3f; after %d steps θ = %.4g", lesson.FormatValue(e), 1-2*e, tr.Len()-1, tr.Params(tr.Len() - 1)[0]), tr, err
		},
	}
	figures["02-valley"] = &figure{
		Lesson: lesson02, Anchor: "below the limit 2/λmax = 0.5",
		Lead:   "The slider of the cell above, in this page: bring η up to the limit 0.5 and past it.",
		Alt:    "gradient descent's path on the ill-conditioned quadratic and its loss, at the notebook's default η",
		Params: []sliderDef{{Name: "learning rate η", Scale: lesson.LogScale(0.01, 0.6, 240), Default: 0.45}},
		Width:  8 * vg.Inch, Height: 3.4 * vg.Inch,
		draw: func(v []float64) (*plotting.Figure, string, *plotting.Trace, error) {
			f := testfunc.IllConditioned{}
			e := v[0]
			tr, err := gd(f, nil, e, 60)
			if err != nil {
				return nil, "", nil, err
			}
			side := "below the limit 2/λmax = 0.5: converges"
			if e >= 0.5 {
				side = "at or above the limit 2/λmax = 0.5: does not converge"
			}
			fig, err := lesson.PathAndLoss(fmt.Sprintf("η = %s, 60 steps", lesson.FormatValue(e)), f, tr)
			return fig, fmt.Sprintf("η = %s: factors x₁ %.3f, x₂ %.3f; %s", lesson.FormatValue(e), 1-0.2*e, 1-4*e, side), tr, err
		},
	}
}
