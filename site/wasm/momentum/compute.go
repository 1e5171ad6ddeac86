// Command momentum is lesson 04's interactive figure for the website: heavy-ball momentum on
// the ill-conditioned quadratic 0.1·x₁² + 2·x₂² from (−5, −2), for a learning rate η and a
// momentum μ chosen with sliders. Built with GOOS=js GOARCH=wasm it runs in the page (main_js.go);
// built natively, 'momentum dump η μ' prints the same run's numbers, so that a test can compare
// the two builds bit for bit.
package main

import (
	"fmt"
	"io"
	"math"

	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
	"gonum.org/v1/plot/vg"
)

// steps is the length of every run: long enough to measure a rate, short enough to redraw fast.
const steps = 60

// curvatures are the Hessian's eigenvalues of testfunc.IllConditioned: λ = 0.2 along x₁, 4 along x₂.
var curvatures = [2]float64{0.2, 4}

// result is one slider setting's run.
type result struct {
	Trace    *plotting.Trace
	Rate     float64 // measured factor per step (lesson.MeasuredRate)
	Theory   float64 // the larger of the two directions' predicted rates (lesson.MomentumRate)
	Diverged bool
}

// run performs momentum with learning rate eta and momentum mu.
func run(eta, mu float64) (result, error) {
	f := testfunc.IllConditioned{}
	d := lesson.Descent{
		Name:      fmt.Sprintf("η = %s, μ = %s", lesson.FormatValue(eta), lesson.FormatValue(mu)),
		Optimizer: "SGD",
		Options:   []optim.Option{optim.LR(eta), optim.Momentum(mu)},
		Steps:     steps,
	}
	tr, err := d.Run(f)
	if err != nil {
		return result{}, err
	}
	rate, err := lesson.MeasuredRate(f, d)
	if err != nil {
		return result{}, err
	}
	theory := max(lesson.MomentumRate(eta, mu, curvatures[0]), lesson.MomentumRate(eta, mu, curvatures[1]))
	return result{Trace: tr, Rate: rate, Theory: theory, Diverged: lesson.Diverged(tr)}, nil
}

// text is what the page prints under the figure.
func (r result) text(eta, mu float64) string {
	if r.Diverged || math.IsInf(r.Rate, 1) {
		return fmt.Sprintf("η = %s, μ = %s: diverges (predicted factor per step %.4f > 1)",
			lesson.FormatValue(eta), lesson.FormatValue(mu), r.Theory)
	}
	return fmt.Sprintf("η = %s, μ = %s: measured rate %.4f per step, predicted %.4f",
		lesson.FormatValue(eta), lesson.FormatValue(mu), r.Rate, r.Theory)
}

// figure draws the run's path over the contours.
func (r result) figure() ([]byte, error) {
	fig, err := lesson.Landscape("momentum on 0.1·x₁² + 2·x₂²", testfunc.IllConditioned{}, r.Trace)
	if err != nil {
		return nil, err
	}
	return fig.SVG(5*vg.Inch, 3.2*vg.Inch)
}

// dump writes the run's numbers as exact bits: every point and loss, then the two rates.
func dump(w io.Writer, eta, mu float64) error {
	r, err := run(eta, mu)
	if err != nil {
		return err
	}
	losses := r.Trace.Losses()
	for i := range r.Trace.Len() {
		p := r.Trace.Params(i)
		fmt.Fprintf(w, "%d %016x %016x %016x\n", i, math.Float64bits(p[0]), math.Float64bits(p[1]), math.Float64bits(losses[i]))
	}
	fmt.Fprintf(w, "rate %016x theory %016x\n", math.Float64bits(r.Rate), math.Float64bits(r.Theory))
	_, err = fmt.Fprintln(w, r.text(eta, mu))
	return err
}
