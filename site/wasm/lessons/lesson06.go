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

// Lesson 06: inside Adam — its path on the ill-conditioned quadratic beside its bias-corrected
// moments and per-coordinate steps, read from the optimizer's own state (optim.State).

// inside is an Adam run on a function of two variables with, after every step t, the
// bias-corrected moments and the per-coordinate step of the update rule.
type inside struct {
	tr                *plotting.Trace
	mHat, vHat, steps [2]plotting.Series // per coordinate, over t; c1, c2: the last 1 − β₁ᵗ, 1 − β₂ᵗ
	c1, c2            float64
}

// adamInside runs Adam with lr and betas on f for n steps and looks inside it after every step.
func adamInside(f testfunc.Function, lr, beta1, beta2 float64, n int) (*inside, error) {
	in := &inside{}
	observe := func(t int, opt optim.Optimizer[float64]) error {
		st, err := optim.State(opt, 0)
		if err != nil {
			return err
		}
		in.c1, in.c2 = 1-math.Pow(beta1, float64(t)), 1-math.Pow(beta2, float64(t))
		for i := range 2 {
			mh, vh := st["exp_avg"][i]/in.c1, st["exp_avg_sq"][i]/in.c2
			for s, y := range []*plotting.Series{&in.mHat[i], &in.vHat[i], &in.steps[i]} {
				y.X, y.Y = append(y.X, float64(t)), append(y.Y, []float64{mh, math.Sqrt(vh), lr * mh / (math.Sqrt(vh) + 1e-8)}[s])
			}
		}
		return nil
	}
	var err error
	in.tr, err = lesson.Descent{Name: "Adam", Optimizer: "Adam", Steps: n, Observe: observe,
		Options: []optim.Option{optim.LR(lr), optim.Betas(beta1, beta2)}}.Run(f)
	return in, err
}

// figure draws the run's path beside its moments and its per-coordinate steps.
func (in *inside) figure(title string, f testfunc.Function) (*plotting.Figure, error) {
	path, err := lesson.Landscape(title, f, in.tr)
	if err != nil {
		return nil, err
	}
	name := func(s plotting.Series, n string) plotting.Series { s.Name = n; return s }
	moments, err := plotting.LossPlot{Title: "corrected moments", YLabel: "m̂ and √v̂"}.Figure(
		name(in.mHat[0], "m̂ (x₁)"), name(in.mHat[1], "m̂ (x₂)"), name(in.vHat[0], "√v̂ (x₁)"), name(in.vHat[1], "√v̂ (x₂)"))
	if err != nil {
		return nil, err
	}
	steps, err := plotting.LossPlot{Title: "step η·m̂/(√v̂+ε)", YLabel: "step"}.Figure(
		name(in.steps[0], "x₁"), name(in.steps[1], "x₂"))
	if err != nil {
		return nil, err
	}
	return plotting.GridPlot{Cols: 3}.Figure(path, moments, steps)
}

// last describes the last step: bias corrections, the formula's step and the step the optimizer took.
func (in *inside) last() string {
	n := in.tr.Len() - 1
	took := [2]float64{in.tr.Params(n - 1)[0] - in.tr.Params(n)[0], in.tr.Params(n - 1)[1] - in.tr.Params(n)[1]}
	k := len(in.steps[0].Y) - 1
	return fmt.Sprintf("step %d: 1 − β₁ᵗ = %.4f, 1 − β₂ᵗ = %.4f; η·m̂/(√v̂+ε) = (%.5f, %.5f), optim stepped (%.5f, %.5f)",
		n, in.c1, in.c2, in.steps[0].Y[k], in.steps[1].Y[k], took[0], took[1])
}

func init() {
	figures["06-inside"] = &figure{
		Lesson: "06-adam-and-its-family", Anchor: "adamInside(f, lr.Value()",
		Lead: "The sliders of the cell above, in this page: it runs descent's own <code>optim.Adam</code> and reads its moments from <code>optim.State</code> after every step.",
		Alt:  "Adam's path on the ill-conditioned quadratic, its bias-corrected moments and its per-coordinate steps, at the notebook's defaults",
		Params: []sliderDef{
			{Name: "learning rate η", Scale: lesson.LogScale(0.001, 1, 240), Default: 0.1},
			{Name: "β₁", Scale: lesson.BetaScale(), Default: 0.9},
			{Name: "β₂", Scale: lesson.BetaScale(), Default: 0.999},
		},
		Width: 11 * vg.Inch, Height: 3.4 * vg.Inch,
		draw: func(v []float64) (*plotting.Figure, string, *plotting.Trace, error) {
			f := testfunc.IllConditioned{}
			in, err := adamInside(f, v[0], v[1], v[2], 60)
			if err != nil {
				return nil, "", nil, err
			}
			title := fmt.Sprintf("Adam, η = %s, β = (%s, %s)", lesson.FormatValue(v[0]), lesson.FormatValue(v[1]), lesson.FormatValue(v[2]))
			fig, err := in.figure(title, f)
			return fig, in.last(), in.tr, err
		},
	}
}
