package main

import (
	"fmt"

	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
	"gonum.org/v1/plot/vg"
)

// Lesson 04: heavy-ball momentum (optim.SGD with Momentum) on the ill-conditioned quadratic
// 0.1·x₁² + 2·x₂² from (−5, −2) — its path and loss, and Distill's map of the measured rate.

const lesson04 = "04-momentum-and-nesterov"

// rates is the lesson's rate map, kept so that its measured rates are computed once and a move
// of the sliders only redraws it.
var rates = &lesson.RateMap{F: testfunc.IllConditioned{}, LambdaMax: 4, LambdaMin: 0.2, EtaMax: 1.1, MuMax: 0.99}

// heavyBall is the lesson's run of optim.SGD with learning rate eta and momentum mu.
func heavyBall(name string, eta, mu float64, steps int) lesson.Descent {
	return lesson.Descent{Name: name, Steps: steps, Options: []optim.Option{optim.LR(eta), optim.Momentum(mu)}}
}

func init() {
	f := testfunc.IllConditioned{}
	figures["04-path"] = &figure{
		Lesson: lesson04, Anchor: "lesson.PathAndLoss(",
		Lead: "The sliders of the cell above, in this page: it runs descent's own <code>optim.SGD</code> with momentum (the library compiled to WebAssembly) and redraws the path and the loss.",
		Alt:  "momentum's path on the ill-conditioned quadratic and its loss, at the notebook's defaults",
		Params: []sliderDef{
			{Name: "learning rate η", Scale: lesson.LogScale(0.01, 1, 240), Default: 0.45},
			{Name: "momentum μ", Scale: lesson.BetaScale(), Default: 0.5},
		},
		Width: 8 * vg.Inch, Height: 3.4 * vg.Inch,
		draw: func(v []float64) (*plotting.Figure, string, *plotting.Trace, error) {
			e, m := v[0], v[1]
			tr, err := heavyBall("momentum", e, m, 60).Run(f)
			if err != nil {
				return nil, "", nil, err
			}
			fig, err := lesson.PathAndLoss(fmt.Sprintf("η = %s, μ = %s, 60 steps", lesson.FormatValue(e), lesson.FormatValue(m)), f, tr)
			text := fmt.Sprintf("η = %s, μ = %s: factor per step along x₁ %.3f, across (x₂) %.3f; loss after %d steps %.3g",
				lesson.FormatValue(e), lesson.FormatValue(m), lesson.MomentumRate(e, m, 0.2), lesson.MomentumRate(e, m, 4),
				tr.Len()-1, tr.Losses()[tr.Len()-1])
			return fig, text, tr, err
		},
	}
	figures["04-rate"] = &figure{
		Lesson: lesson04, Anchor: "rates.Figure(",
		Lead: "Move the point over the map: the rate printed below is measured by running descent's momentum at those values.",
		Alt:  "the measured rate of momentum over the (η, μ) plane, the sliders' point at the notebook's defaults",
		Params: []sliderDef{
			{Name: "learning rate η", Scale: lesson.LogScale(0.01, 1.1, 240), Default: 0.45},
			{Name: "momentum μ", Scale: lesson.BetaScale(), Default: 0.5},
		},
		Width: 5.5 * vg.Inch, Height: 4 * vg.Inch,
		draw: func(v []float64) (*plotting.Figure, string, *plotting.Trace, error) {
			e, m := v[0], v[1]
			d := heavyBall("", e, m, 200)
			measured, err := lesson.MeasuredRate(rates.F, d)
			if err != nil {
				return nil, "", nil, err
			}
			tr, err := d.Run(rates.F)
			if err != nil {
				return nil, "", nil, err
			}
			theory := max(lesson.MomentumRate(e, m, 0.2), lesson.MomentumRate(e, m, 4))
			fig, err := rates.Figure("Rate per step of momentum on 0.1·x₁² + 2·x₂²", e, m)
			return fig, fmt.Sprintf("η = %s, μ = %s: measured rate %.3f, theory %.3f",
				lesson.FormatValue(e), lesson.FormatValue(m), measured, theory), tr, err
		},
	}
}
