// Command momentum is lesson 04's two steerable figures for the website, the same computations
// as the lesson's slider cells: heavy-ball momentum (optim.SGD with Momentum) on the
// ill-conditioned quadratic 0.1·x₁² + 2·x₂² from (−5, −2) — its path and loss, and Distill's map
// of the measured rate over (η, μ). The sliders are the lesson's own scales (lesson.LogScale,
// lesson.BetaScale): the page passes slider positions, so it runs exactly the η and μ the
// notebook's sliders give.
//
// Built with GOOS=js GOARCH=wasm it runs in the page (main_js.go); built natively,
// 'momentum dump path|rate ETA_POS MU_POS' prints a run's numbers, so that a test can compare the
// two builds bit for bit, and 'momentum defaults DIR' draws the figures the page shows before the
// program loads.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
	"gonum.org/v1/plot/vg"
)

// figure is one of the lesson's steerable figures: its sliders and what it draws.
type figure struct {
	name       string // "path" or "rate"
	eta, mu    lesson.Scale
	defEta     float64 // the notebook's defaults
	defMu      float64
	draw       func(eta, mu float64) (*plotting.Figure, string, *plotting.Trace, error)
	width, hgt vg.Length
}

// f is the lesson's function; rates is its rate map, kept so that its measured rates are
// computed once and a move of the sliders only redraws it.
var (
	f     = testfunc.IllConditioned{}
	rates = &lesson.RateMap{F: f, LambdaMax: 4, LambdaMin: 0.2, EtaMax: 1.1, MuMax: 0.99}
)

// heavyBall is the lesson's run of optim.SGD with learning rate eta and momentum mu.
func heavyBall(name string, eta, mu float64, steps int) lesson.Descent {
	return lesson.Descent{Name: name, Steps: steps, Options: []optim.Option{optim.LR(eta), optim.Momentum(mu)}}
}

var figures = map[string]*figure{
	"path": {
		name: "path", eta: lesson.LogScale(0.01, 1, 240), mu: lesson.BetaScale(), defEta: 0.45, defMu: 0.5,
		width: 8 * vg.Inch, hgt: 3.4 * vg.Inch,
		draw: func(e, m float64) (*plotting.Figure, string, *plotting.Trace, error) {
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
	},
	"rate": {
		name: "rate", eta: lesson.LogScale(0.01, 1.1, 240), mu: lesson.BetaScale(), defEta: 0.45, defMu: 0.5,
		width: 5.5 * vg.Inch, hgt: 4 * vg.Inch,
		draw: func(e, m float64) (*plotting.Figure, string, *plotting.Trace, error) {
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
	},
}

// result is one slider setting drawn.
type result struct {
	Eta, Mu float64
	Text    string
	SVG     []byte
	trace   *plotting.Trace
}

// render runs figure name at the slider positions (clamped to the scales); a negative position
// stands for the notebook's default value, which the panel keeps exactly until a slider moves.
func render(name string, etaPos, muPos int, svg bool) (result, error) {
	fg, ok := figures[name]
	if !ok {
		return result{}, fmt.Errorf("no figure %q (there are path and rate)", name)
	}
	r := result{Eta: fg.eta.Value(etaPos), Mu: fg.mu.Value(muPos)}
	if etaPos < 0 {
		r.Eta = fg.defEta
	}
	if muPos < 0 {
		r.Mu = fg.defMu
	}
	fig, text, tr, err := fg.draw(r.Eta, r.Mu)
	if err != nil {
		return result{}, err
	}
	r.Text, r.trace = text, tr
	if svg {
		if r.SVG, err = fig.SVG(fg.width, fg.hgt); err != nil {
			return result{}, err
		}
	}
	return r, nil
}

// sliders describes a figure's sliders for the page: their ranges, defaults and the label of every
// position (as the notebook's panel writes them).
func sliders(name string) map[string]any {
	fg := figures[name]
	labels := func(s lesson.Scale) []string {
		out := make([]string, s.Steps+1)
		for i := range out {
			out[i] = lesson.FormatValue(s.Value(i))
		}
		return out
	}
	return map[string]any{
		"eta": map[string]any{"max": fg.eta.Steps, "value": fg.eta.Position(fg.defEta), "labels": labels(fg.eta)},
		"mu":  map[string]any{"max": fg.mu.Steps, "value": fg.mu.Position(fg.defMu), "labels": labels(fg.mu)},
	}
}

// dump writes a run's numbers as exact bits: η and μ, every point and loss of its trace, then
// its text.
func dump(w io.Writer, name string, etaPos, muPos int) error {
	r, err := render(name, etaPos, muPos, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "eta %016x mu %016x\n", math.Float64bits(r.Eta), math.Float64bits(r.Mu))
	losses := r.trace.Losses()
	for i := range r.trace.Len() {
		p := r.trace.Params(i)
		fmt.Fprintf(w, "%d %016x %016x %016x\n", i, math.Float64bits(p[0]), math.Float64bits(p[1]), math.Float64bits(losses[i]))
	}
	_, err = fmt.Fprintln(w, r.Text)
	return err
}

// defaults is what the page shows before the program loads: for each figure, its sliders and
// its drawing at the notebook's defaults.
func defaults() (map[string]any, map[string][]byte, error) {
	meta := map[string]any{}
	svgs := map[string][]byte{}
	for _, name := range []string{"path", "rate"} {
		s := sliders(name)
		r, err := render(name, -1, -1, true)
		if err != nil {
			return nil, nil, err
		}
		s["text"] = r.Text
		meta[name] = s
		svgs[name] = r.SVG
	}
	return meta, svgs, nil
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	return string(b)
}
