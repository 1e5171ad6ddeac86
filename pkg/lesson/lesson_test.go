package lesson

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
)

func TestCheck(t *testing.T) {
	var buf bytes.Buffer
	code := -1
	stderr, exit = &buf, func(c int) { code = c }
	t.Cleanup(func() { stderr, exit = nil, nil })
	Check(nil)
	if code != -1 || buf.Len() != 0 {
		t.Fatalf("Check(nil) exited with %d and wrote %q", code, buf.String())
	}
	if got := Must(42, nil); got != 42 {
		t.Errorf("Must(42, nil) = %d", got)
	}
	Check(errors.New("no such optimizer"))
	if code != 1 || buf.String() != "error: no such optimizer\n" {
		t.Errorf("Check(err) exited with %d and wrote %q", code, buf.String())
	}
}

func TestScale(t *testing.T) {
	lin, lg := LinearScale(0, 0.999, 999), LogScale(0.001, 1, 240)
	for _, s := range []Scale{lin, lg} {
		if s.Value(0) != s.Min || s.Value(s.Steps) != s.Max || s.Value(-5) != s.Min || s.Value(s.Steps+5) != s.Max {
			t.Errorf("%+v: the ends are not exactly Min and Max, or positions are not clamped", s)
		}
		for pos := 0; pos <= s.Steps; pos++ {
			if got := s.Position(s.Value(pos)); got != pos {
				t.Fatalf("%+v: Position(Value(%d)) = %d", s, pos, got)
			}
		}
	}
	if v := lin.Value(900); v != 0.9 {
		t.Errorf("β scale at 900 = %v, want 0.9", v)
	}
	if v := lg.Value(120); v != 0.0316 {
		t.Errorf("log scale midway = %v, want the geometric mean √0.001 to three digits, 0.0316", v)
	}
	for _, bad := range []Scale{{Min: 0, Max: 1, Steps: 0}, {Min: 1, Max: 1, Steps: 10}, {Min: 0, Max: 1, Log: true, Steps: 10}, {Min: math.NaN(), Max: 1, Steps: 3}} {
		if bad.check() == nil {
			t.Errorf("%+v: check accepts it", bad)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{0.316227766: "0.316", 0.045: "0.045", 0.999: "0.999", 0: "0", 1: "1", 0.0001: "0.0001", 12.5: "12.5"} {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestDescentFirstSteps(t *testing.T) {
	// Gradient descent on 0.1·x₁² + 2·x₂² from (−5, −2): θ ← θ − η·(0.2·x₁, 4·x₂).
	f := testfunc.IllConditioned{}
	tr, err := Descent{Steps: 2, Options: []optim.Option{optim.LR(0.1)}}.Run(f)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{-5, -2}, {-5 * 0.98, -2 * 0.6}, {-5 * 0.98 * 0.98, -2 * 0.6 * 0.6}}
	if tr.Len() != 3 {
		t.Fatalf("trace has %d records, want 3", tr.Len())
	}
	for i, w := range want {
		p := tr.Params(i)
		if math.Abs(p[0]-w[0]) > 1e-12 || math.Abs(p[1]-w[1]) > 1e-12 {
			t.Errorf("step %d at %v, want %v", i, p, w)
		}
		if l := tr.Losses()[i]; math.Abs(l-f.Func(w)) > 1e-12 {
			t.Errorf("step %d loss %v, want %v", i, l, f.Func(w))
		}
	}
	size, _ := tr.Extra(plotting.ExtraStepSize)
	if math.Abs(size[1]-distance(want[0], want[1])) > 1e-12 {
		t.Errorf("step length %v, want %v", size[1], distance(want[0], want[1]))
	}
	if tr.Name != "SGD" || Diverged(tr) {
		t.Errorf("name %q, diverged %v", tr.Name, Diverged(tr))
	}
}

func TestDescentObserveAndStart(t *testing.T) {
	var seen []int
	tr, err := Descent{Name: "Adam", Optimizer: "Adam", Steps: 5, Start: []float64{1},
		Options: []optim.Option{optim.LR(0.1)},
		Observe: func(step int, opt optim.Optimizer[float64]) error {
			st, err := optim.State(opt, 0)
			if err != nil {
				return err
			}
			if len(st["exp_avg"]) != 1 {
				t.Errorf("step %d: Adam's state %v has no exp_avg", step, st)
			}
			seen = append(seen, step)
			return nil
		}}.Run(testfunc.DoubleWell{})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 5 || seen[4] != 5 || tr.Params(0)[0] != 1 {
		t.Errorf("Observe saw steps %v; start %v", seen, tr.Params(0))
	}
	stop := errors.New("stop")
	if _, err := (Descent{Steps: 3, Options: []optim.Option{optim.LR(0.1)}, Observe: func(int, optim.Optimizer[float64]) error { return stop }}).Run(testfunc.Parabola{}); !errors.Is(err, stop) {
		t.Errorf("an error from Observe: Run returned %v", err)
	}
}

func TestDescentErrors(t *testing.T) {
	f := testfunc.IllConditioned{}
	for name, d := range map[string]Descent{
		"unknown optimizer": {Optimizer: "Nope", Steps: 1},
		"bad option":        {Options: []optim.Option{optim.LR(-1)}, Steps: 1},
		"short start":       {Start: []float64{1}, Steps: 1},
		"negative steps":    {Steps: -1},
	} {
		if _, err := d.Run(f); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := (Descent{}).Run(nil); err == nil {
		t.Error("no function: no error")
	}
}

func TestDescentDiverges(t *testing.T) {
	// η = 0.6 > 2/λmax = 0.5: x₂ grows by |1 − 0.6·4| = 1.4 per step and overflows.
	tr, err := Descent{Steps: 5000, Options: []optim.Option{optim.LR(0.6)}}.Run(testfunc.IllConditioned{})
	if err != nil {
		t.Fatal(err)
	}
	if !Diverged(tr) || tr.Len() >= 5001 {
		t.Errorf("a diverging run: diverged %v after %d records", Diverged(tr), tr.Len())
	}
	if StepsBelow(tr, 1e-6) != -1 {
		t.Error("a diverging run got below 1e-6")
	}
}

func TestRates(t *testing.T) {
	// Gradient descent: |1 − ηλ|.
	if r := MomentumRate(0.45, 0, 4); math.Abs(r-0.8) > 1e-12 {
		t.Errorf("μ = 0: rate %v, want 0.8", r)
	}
	// Complex roots: |r| = √μ whatever ηλ.
	if r := MomentumRate(0.45, 0.5, 4); math.Abs(r-math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("complex roots: rate %v, want √0.5", r)
	}
	// η = 0.01, μ = 0.9, λ = 0.2: a = 1.898, a² − 4μ > 0, real roots; the larger is (a + √(a²−3.6))/2.
	a := 1 + 0.9 - 0.01*0.2
	want := (a + math.Sqrt(a*a-3.6)) / 2
	if r := MomentumRate(0.01, 0.9, 0.2); math.Abs(r-want) > 1e-12 || math.Abs(r-0.974) > 5e-4 {
		t.Errorf("η = 0.01, μ = 0.9, λ = 0.2: rate %v, want %v ≈ 0.974", r, want)
	}
	// The edge of stability: ηλ = 2 + 2μ gives a root −1.
	if r := MomentumRate((2+2*0.3)/4, 0.3, 4); math.Abs(r-1) > 1e-12 {
		t.Errorf("on the edge: rate %v, want 1", r)
	}
	if r := NesterovRate(0.1, 0.9, 4); math.Abs(r-math.Sqrt(0.9*0.6)) > 1e-12 {
		t.Errorf("Nesterov, complex roots: rate %v, want √(μ(1−ηλ))", r)
	}
}

func TestMeasuredRateMatchesTheory(t *testing.T) {
	f := testfunc.IllConditioned{}
	for _, c := range [][2]float64{{0.45, 0}, {0.45, 0.5}, {0.668, 0.403}, {0.1, 0.9}, {0.3, 0.2}} {
		eta, mu := c[0], c[1]
		want := max(MomentumRate(eta, mu, 0.2), MomentumRate(eta, mu, 4))
		got, err := MeasuredRate(f, Descent{Steps: 400, Options: []optim.Option{optim.LR(eta), optim.Momentum(mu)}})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want) > 0.01 {
			t.Errorf("η = %v, μ = %v: measured %v, theory %v", eta, mu, got, want)
		}
	}
	// η = 0.8: x₂ grows by |1 − 0.8·4| = 2.2 per step.
	if r, err := MeasuredRate(f, Descent{Steps: 200, Options: []optim.Option{optim.LR(0.8)}}); err != nil || math.Abs(r-2.2) > 0.01 {
		t.Errorf("diverging: rate %v, %v; want 2.2", r, err)
	}
	if r, err := MeasuredRate(f, Descent{Steps: 2000, Options: []optim.Option{optim.LR(0.8)}}); err != nil || !math.IsInf(r, 1) {
		t.Errorf("diverging past the floats: rate %v, %v; want +Inf", r, err)
	}
	if _, err := MeasuredRate(f, Descent{Steps: 2}); err == nil {
		t.Error("2 steps: no error")
	}
	if _, err := MeasuredRate(testfunc.Saddle{}, Descent{Steps: 20}); err == nil {
		t.Error("a function without minimum: no error")
	}
}

func TestRateMap(t *testing.T) {
	m := &RateMap{F: testfunc.IllConditioned{}, LambdaMax: 4, LambdaMin: 0.2, EtaMax: 1.1, MuMax: 0.99, Resolution: 8, Steps: 100}
	eta, mu := m.Best()
	if math.Abs(eta-0.668) > 5e-4 || math.Abs(mu-0.403) > 5e-4 {
		t.Errorf("best pair (%v, %v), want (0.668, 0.403)", eta, mu)
	}
	if _, err := m.Figure("map", 0.45, 0.5); err != nil {
		t.Fatal(err)
	}
	n := len(m.cache)
	if n == 0 {
		t.Fatal("the map measured nothing")
	}
	if _, err := m.Figure("map", 0.3, 0.7); err != nil || len(m.cache) != n {
		t.Errorf("moving the point measured again: %d rates cached, then %d (%v)", n, len(m.cache), err)
	}
	if r := m.Rate(1.05, 0.01); r != 1.1 {
		t.Errorf("a diverging pair has rate %v, want the clamp 1.1", r)
	}
	if _, err := (&RateMap{F: m.F}).Figure("map", 0.1, 0.1); err == nil {
		t.Error("a map without sizes: no error")
	}
}

func TestPanelOutsideNotebook(t *testing.T) {
	p := NewPanel()
	eta := p.LogSlider("η", 0.001, 1, 0.1)
	mu := p.BetaSlider("μ", 0.9)
	opt := p.Select("optimizer", []string{"SGD", "Adam"}, 1)
	if got := strings.Join(p.Labels(), "; "); got != "η = 0.1; μ = 0.9; optimizer: Adam" {
		t.Errorf("labels %q", got)
	}
	calls := 0
	err := p.Run(func() (*plotting.Figure, string, error) {
		calls++
		if eta.Value() != 0.1 || mu.Value() != 0.9 || opt.Option() != "Adam" || opt.Index() != 1 {
			t.Errorf("draw sees η = %v, μ = %v, %s", eta.Value(), mu.Value(), opt.Option())
		}
		tr, err := Descent{Optimizer: opt.Option(), Steps: 10, Options: []optim.Option{optim.LR(eta.Value())}}.Run(testfunc.IllConditioned{})
		if err != nil {
			return nil, "", err
		}
		fig, err := Landscape("", testfunc.IllConditioned{}, tr)
		return fig, "", err
	})
	if err != nil || calls != 1 {
		t.Errorf("Run: %v after %d draws, want nil after 1", err, calls)
	}
	if p.Run(nil) == nil {
		t.Error("a second Run: no error")
	}
	q := NewPanel()
	boom := errors.New("boom")
	if err := q.Run(func() (*plotting.Figure, string, error) { return nil, "", boom }); !errors.Is(err, boom) {
		t.Errorf("draw's error: Run returned %v", err)
	}
	eta.Set(5)
	opt.Set(-3)
	if eta.Value() != 1 || opt.Index() != 0 {
		t.Errorf("Set does not clamp: η = %v, option %d", eta.Value(), opt.Index())
	}
}

func TestPanelRejectsBadLayout(t *testing.T) {
	for name, add := range map[string]func(p *Panel){
		"log slider from 0": func(p *Panel) { p.Slider("η", LogScale(0, 1, 10), 0.1) },
		"select of nothing": func(p *Panel) { p.Select("optimizer", nil, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			add(NewPanel())
		}()
	}
}

func TestStretchImages(t *testing.T) {
	m := &RateMap{F: testfunc.IllConditioned{}, LambdaMax: 4, LambdaMin: 0.2, EtaMax: 1.1, MuMax: 0.99, Resolution: 8, Steps: 20}
	fig, err := m.Figure("", 0.1, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := fig.SVG(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := string(stretchImages(svg))
	if n, m := strings.Count(string(svg), "<image "), strings.Count(out, `<image preserveAspectRatio="none" `); n == 0 || n != m {
		t.Errorf("the heat map's SVG has %d images, %d of them stretched after stretchImages", n, m)
	}
}

// cliff is a test function whose loss stays finite but whose gradient is +Inf beyond x = 1.
type cliff struct{ testfunc.Parabola }

func (cliff) Func(x []float64) float64 { return -x[0] }
func (cliff) Grad(g, x []float64) {
	g[0] = -1
	if x[0] > 1 {
		g[0] = math.Inf(-1)
	}
}

func TestDescentGradientOverflow(t *testing.T) {
	tr, err := Descent{Steps: 100, Start: []float64{0}, Options: []optim.Option{optim.LR(0.3)}}.Run(cliff{})
	if err != nil {
		t.Fatal(err)
	}
	last := tr.Len() - 1
	if !Diverged(tr) || !math.IsInf(tr.Losses()[last], 1) || last != 5 {
		t.Fatalf("a run whose gradient overflows: %d steps, last loss %v, diverged %v; want 5 steps, +Inf", last, tr.Losses()[last], Diverged(tr))
	}
	if p, q := tr.Params(last), tr.Params(last-1); p[0] != q[0] {
		t.Errorf("the step with an infinite gradient moved from %v to %v", q, p)
	}
}

func TestShortPathsAreMarked(t *testing.T) {
	f := testfunc.IllConditioned{}
	run := func(steps int) *plotting.Trace {
		tr, err := Descent{Steps: steps, Options: []optim.Option{optim.LR(0.1)}}.Run(f)
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	if !short([]*plotting.Trace{run(40), run(100)}) || short([]*plotting.Trace{run(40), run(101)}) {
		t.Errorf("paths of 40 and 100 steps should get step markers, a path of 101 steps should not")
	}
	for _, n := range []int{40, 300} {
		if _, err := Landscape("", f, run(n)); err != nil {
			t.Errorf("Landscape of %d steps: %v", n, err)
		}
	}
}
