package main

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/testfunc"
	"github.com/descentlab/descent/plotting"
	"gonum.org/v1/plot/vg"
)

// Lesson 08: the race — one runner, one surface and a learning rate, chosen with the lesson's
// selects and slider; its path over the surface beside its loss, and how its race ended.

// racer is one optimizer in the race: a label, the PyTorch class name and the options besides the
// learning rate.
type racer struct {
	Label string
	Name  string
	Opts  []optim.Option
	Color color.Color
}

var racers = []racer{
	{"SGD", "SGD", nil, color.RGBA{0x00, 0x00, 0x00, 0xff}},
	{"momentum", "SGD", []optim.Option{optim.Momentum(0.9)}, color.RGBA{0xe6, 0x9f, 0x00, 0xff}},
	{"Nesterov", "SGD", []optim.Option{optim.Momentum(0.9), optim.Nesterov(true)}, color.RGBA{0x99, 0x99, 0x33, 0xff}},
	{"Adagrad", "Adagrad", nil, color.RGBA{0x56, 0xb4, 0xe9, 0xff}},
	{"RMSprop", "RMSprop", nil, color.RGBA{0x00, 0x9e, 0x73, 0xff}},
	{"Adadelta", "Adadelta", nil, color.RGBA{0x99, 0x99, 0x99, 0xff}},
	{"Adam", "Adam", nil, color.RGBA{0x00, 0x72, 0xb2, 0xff}},
	{"AdamW", "AdamW", nil, color.RGBA{0x88, 0x22, 0x55, 0xff}},
	{"Adamax", "Adamax", nil, color.RGBA{0xcc, 0x79, 0xa7, 0xff}},
	{"NAdam", "NAdam", nil, color.RGBA{0xd5, 0x5e, 0x00, 0xff}},
	{"RAdam", "RAdam", nil, color.RGBA{0x33, 0x22, 0x88, 0xff}},
}

// finishLine is the loss below which a run has finished, if it stays there; raceSteps is the
// length of every race on Rosenbrock and Beale.
const finishLine, raceSteps = 1e-6, 3000

// surface is a race course: its function, the box and contour levels to draw it in, and the
// race's length.
type surface struct {
	name   string
	f      testfunc.Function
	box    plotting.Box
	levels plotting.LevelScale
	steps  int
}

var surfaces = []surface{
	{"Rosenbrock", testfunc.Rosenbrock{}, plotting.Box{XMin: -2, XMax: 2, YMin: -1, YMax: 3}, plotting.LogLevels, raceSteps},
	{"Beale", testfunc.Beale{}, plotting.Box{XMin: 0.5, XMax: 5, YMin: -1, YMax: 1.5}, plotting.LogLevels, raceSteps},
	{"saddle", testfunc.Saddle{}, plotting.Box{XMin: -2.5, XMax: 2.5, YMin: -2.5, YMax: 2.5}, plotting.LinearLevels, 300},
}

// run races r with learning rate lr from f's standard start for at most steps steps.
func run(f testfunc.Function, r racer, lr float64, steps int) (*plotting.Trace, error) {
	opts := append(slices.Clone(r.Opts), optim.LR(lr))
	return lesson.Descent{Name: r.Label, Optimizer: r.Name, Steps: steps, Options: opts}.Run(f)
}

// final returns the last loss of a trace.
func final(tr *plotting.Trace) float64 {
	losses := tr.Losses()
	return losses[len(losses)-1]
}

// finish returns the first step from which the loss stays below finishLine, or -1 if there is none.
func finish(tr *plotting.Trace) int {
	losses := tr.Losses()
	at := -1
	for i := len(losses) - 1; i >= 0 && losses[i] < finishLine; i-- {
		at = i
	}
	return at
}

// escape returns the first step at which a trace has |y| ≥ 1, or -1.
func escape(tr *plotting.Trace) int {
	_, ys := tr.Points2D()
	for i := range ys {
		if math.Abs(ys[i]) >= 1 {
			return i
		}
	}
	return -1
}

// lrOf returns the learning rate a trace was run with.
func lrOf(tr *plotting.Trace) float64 { return tr.LRs()[0] }

// outcome says how a run on a surface ended: its finish (its escape, on the saddle) and its final loss.
func outcome(s surface, tr *plotting.Trace) string {
	how := "no finish"
	if st := finish(tr); st >= 0 {
		how = fmt.Sprintf("finish at step %d", st)
	}
	if s.name == "saddle" {
		how = "no escape"
		if st := escape(tr); st >= 0 {
			how = fmt.Sprintf("escape at step %d", st)
		}
	}
	return fmt.Sprintf("%s, lr = %s on %s: %s, final loss %.2g after %d steps", tr.Name, lesson.FormatValue(lrOf(tr)), s.name, how, final(tr), tr.Len()-1)
}

// raceFigure draws one run of r on a surface: its path over the contours beside its loss.
func raceFigure(s surface, r racer, tr *plotting.Trace) (*plotting.Figure, error) {
	style := plotting.Style{Palette: []color.Color{r.Color}}
	lp := plotting.LandscapePlot{Title: fmt.Sprintf("%s, lr %s on %s", tr.Name, lesson.FormatValue(lrOf(tr)), s.name),
		Box: s.box, LevelScale: s.levels, NLevels: 12, Resolution: 120, Style: style}
	for _, m := range s.f.Minima() {
		lp.Minima = append(lp.Minima, [2]float64{m.X[0], m.X[1]})
	}
	path, err := tr.Path()
	if err != nil {
		return nil, err
	}
	land, err := lp.Figure(lesson.Func2(s.f), path)
	if err != nil {
		return nil, err
	}
	loss, err := plotting.LossPlot{Title: "loss", LogY: s.name != "saddle", Style: style}.Figure(tr.Series())
	if err != nil {
		return nil, err
	}
	return plotting.GridPlot{Cols: 2}.Figure(land, loss)
}

func init() {
	var labels, courses []string
	for _, r := range racers {
		labels = append(labels, r.Label)
	}
	for _, s := range surfaces {
		courses = append(courses, s.name)
	}
	figures["08-race"] = &figure{
		Lesson: "08-the-race", Anchor: "raceFigure(s, tr)",
		Lead: "The panel of the cell above, in this page: pick a runner and a course, move its learning rate, and descent's own optimizer runs the race again.",
		Alt:  "a runner's path over the race's surface and its loss, at the notebook's defaults",
		Params: []sliderDef{
			{Name: "optimizer", Default: 6, Choices: labels}, // Adam
			{Name: "surface", Default: 0, Choices: courses},
			{Name: "learning rate", Scale: lesson.LogScale(1e-4, 1, 240), Default: 0.03},
		},
		Width: 8 * vg.Inch, Height: 3.4 * vg.Inch,
		draw: func(v []float64) (*plotting.Figure, string, *plotting.Trace, error) {
			r, s := racers[int(v[0])], surfaces[int(v[1])]
			tr, err := run(s.f, r, v[2], s.steps)
			if err != nil {
				return nil, "", nil, err
			}
			fig, err := raceFigure(s, r, tr)
			return fig, outcome(s, tr), tr, err
		},
	}
}
