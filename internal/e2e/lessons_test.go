package e2e_test

// lesson is what a learner must see in a notebook after Cell ▸ Run All.
type lesson struct {
	// notebook is the file name under notebooks/.
	notebook string
	// lines must each appear as a whole line of some cell's output, as printed.
	lines []string
	// minImages is the least number of images (plots) that must be rendered in the outputs.
	minImages int
	// screenshot is the file written to build/, with the first of lines and the plot after it in view.
	screenshot string
}

// lessons are opened in the browser one after the other, in one server. Add a lesson's printed
// values and plot count here when its notebook gains them.
var lessons = []lesson{
	{
		notebook: "01-gradient-descent-and-optimization.ipynb",
		lines: []string{
			"Optimal Theta:  2.9999999993888893", // gradient descent by hand
			"Optimal Theta:  0.9375530481338501", // the document's Adam cell: autograd and pkg/optim
		},
		minImages:  2,
		screenshot: "e2e-notebook01.png",
	},
}
