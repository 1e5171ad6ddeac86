// Package lesson is the toolkit the notebooks import: what the lessons would
// otherwise repeat in every cell. It runs an optimizer of pkg/optim on a
// function of pkg/testfunc and records the path and the loss, draws
// landscapes with paths, formats results tables, turns errors into
// messages that suit a notebook cell, and wires sliders (GoNB's widgets) to
// a rerun-and-redraw that also works headless, where no browser answers.
//
// It may import pkg/* and plotting; nothing in pkg/optim, pkg/autograd or
// plotting imports it. Each lesson keeps in its own cells the code its text
// explains; what is only plumbing lives here, tested.
//
// # Runs and figures
//
// Descent is one run (optimizer, options, start, steps) and Descent.Run
// performs it on a testfunc.Function, returning a plotting.Trace. Landscape
// and PathAndLoss draw traces over contours; MomentumRate, MeasuredRate and
// RateMap give the rates of heavy-ball momentum in theory and measured.
// Check, Must and Show are the one error idiom of the cells: an error stops
// the cell with its message, not a goroutine dump.
//
// # Slider panels
//
// A Panel holds sliders (log-scaled for learning rates, BetaScale for
// momenta and averages) and selects, and a Draw function that reruns the
// optimizer and renders. GoNB's widgets wait for a browser to answer before
// they return, which under nbconvert, the notebook tests and `make lessons`
// never happens. Panel.Run therefore first sends a script that answers on a
// fresh comms address and waits for its answer, for at most Panel.Wait after
// GoNB has tried to connect to the browser (GoNB itself gives the browser up
// to 3 s): a cell with a panel costs about 5 s without a browser. When nothing
// answers, it prints the text and shows the figure for the controls' initial
// values, as ordinary outputs that the saved notebook keeps, and returns
// without building a widget. When the browser answers, the widgets are built
// with each control's name and current value beside it, and every move reruns
// Draw and replaces the figure (as SVG, which renders in a few milliseconds)
// in place, until the panel's done button or Panel.Idle ends it; the last
// figure then stays as an ordinary output.
package lesson
