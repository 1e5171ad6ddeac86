package lesson_test

import (
	"fmt"

	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
)

// Gradient descent and momentum on the ill-conditioned quadratic, 40 steps
// steps each from its standard start: the loss after 40, and the step at
// which each gets below 1e-6.
func ExampleDescent_Run() {
	f := testfunc.IllConditioned{}
	gd := lesson.Must(lesson.Descent{Name: "gradient descent", Steps: 100, Options: []optim.Option{optim.LR(0.45)}}.Run(f))
	hb := lesson.Must(lesson.Descent{Name: "momentum", Steps: 100, Options: []optim.Option{optim.LR(0.45), optim.Momentum(0.5)}}.Run(f))
	for _, tr := range []*plotting.Trace{gd, hb} {
		fmt.Printf("%-16s loss after 40 steps %.3g, below 1e-6 at step %d\n", tr.Name, tr.Losses()[40], lesson.StepsBelow(tr, 1e-6))
	}
	// Output:
	// gradient descent loss after 40 steps 0.00132, below 1e-6 at step 79
	// momentum         loss after 40 steps 1.5e-11, below 1e-6 at step 25
}

// A learning-rate slider runs on a log scale, a momentum slider on β's.
func ExampleScale() {
	lr, beta := lesson.LogScale(0.001, 1, 240), lesson.BetaScale()
	fmt.Println(lr.Value(0), lr.Value(80), lr.Value(160), lr.Value(240))
	fmt.Println(beta.Value(0), beta.Value(900), beta.Value(999), beta.Position(0.5))
	// Output:
	// 0.001 0.01 0.1 1
	// 0 0.9 0.999 500
}

// The rate of heavy-ball momentum along one direction of a quadratic, and
// the same rate measured by running optim.SGD.
func ExampleMomentumRate() {
	f := testfunc.IllConditioned{} // curvatures 0.2 and 4
	eta, mu := 0.45, 0.5
	theory := max(lesson.MomentumRate(eta, mu, 0.2), lesson.MomentumRate(eta, mu, 4))
	measured := lesson.Must(lesson.MeasuredRate(f, lesson.Descent{Steps: 400, Options: []optim.Option{optim.LR(eta), optim.Momentum(mu)}}))
	fmt.Printf("theory %.3f, measured %.3f\n", theory, measured)
	// Output:
	// theory 0.707, measured 0.707
}

// A panel with a learning-rate slider. Outside a notebook (and in one
// without a browser) Run draws once, for the sliders' initial values,
// prints the text and returns.
func ExamplePanel() {
	f := testfunc.IllConditioned{}
	p := lesson.NewPanel()
	eta := p.LogSlider("η", 0.01, 1, 0.45)
	lesson.Check(p.Run(func() (*plotting.Figure, string, error) {
		tr, err := lesson.Descent{Steps: 40, Options: []optim.Option{optim.LR(eta.Value())}}.Run(f)
		if err != nil {
			return nil, "", err
		}
		fig, err := lesson.Landscape("gradient descent, 40 steps", f, tr)
		return fig, fmt.Sprintf("%s: loss after 40 steps %.3g", p.Labels()[0], tr.Losses()[40]), err
	}))
	// Output:
	// η = 0.45: loss after 40 steps 0.00132
}

// The best pair of a momentum run on a quadratic whose curvatures lie in
// [0.2, 4], and the measured rate there and at two other points. At the best
// pair the theory's rate is 0.635; there the roots coincide, the error
// shrinks like t·0.635ᵗ, and 200 steps measure a slightly larger rate.
func ExampleRateMap() {
	m := &lesson.RateMap{F: testfunc.IllConditioned{}, LambdaMax: 4, LambdaMin: 0.2, EtaMax: 1.1, MuMax: 0.99}
	eta, mu := m.Best()
	fmt.Printf("best η = %.3f, μ = %.3f: rate %.3f\n", eta, mu, m.Rate(eta, mu))
	fmt.Printf("η = 0.45, μ = 0.5: rate %.3f; η = 0.6, μ = 0: rate %.1f (diverges)\n", m.Rate(0.45, 0.5), m.Rate(0.6, 0))
	// Output:
	// best η = 0.668, μ = 0.403: rate 0.641
	// η = 0.45, μ = 0.5: rate 0.705; η = 0.6, μ = 0: rate 1.1 (diverges)
}
