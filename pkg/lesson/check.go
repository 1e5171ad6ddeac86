package lesson

import (
	"fmt"
	"io"
	"os"

	"github.com/descentlab/descent/plotting"
)

// How Check stops a cell; replaced in tests.
var (
	stderr io.Writer = os.Stderr
	exit             = os.Exit
)

// Check stops the cell if err is not nil: it writes "error: " and err's
// message to standard error and exits with status 1, which GoNB shows as
// the cell's error, without a goroutine dump. With a nil err it does
// nothing. It is the one error idiom of the lessons:
//
//	lesson.Check(opt.Step())
func Check(err error) {
	if err == nil {
		return
	}
	fmt.Fprintf(stderr, "error: %v\n", err)
	exit(1)
}

// Must returns v if err is nil, and otherwise stops the cell as Check
// does. It turns a call that returns a value and an error into an
// expression:
//
//	tr := lesson.Must(lesson.Descent{Steps: 40}.Run(testfunc.IllConditioned{}))
func Must[T any](v T, err error) T {
	Check(err)
	return v
}

// Show displays fig in the notebook, or stops the cell with err (or with
// the error of displaying it), so that a figure takes one line:
//
//	lesson.Show(lesson.Landscape("40 steps", f, tr))
//
// Outside a notebook it displays nothing.
func Show(fig *plotting.Figure, err error) {
	Check(plotting.Show(fig, err))
}
