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
package lesson
