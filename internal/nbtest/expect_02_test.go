package nbtest_test

// Lesson 02. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: each image is listed after the text of an earlier cell, and the lines after an image come from a
// later cell.
func init() {
	expected["02-gradient-descent-in-depth.ipynb"] = expectation{
		sequence: []step{
			image, // θ_t and the loss for four learning rates
			line(" 0.02   0.960000    0.960000"),
			line(" 0.50   0.000000   e₁₀ = 0 (θ = 3 exactly after one step)"),
			line(" 0.90  -0.800000   -0.800000"),
			line(" 1.10  -1.200000   -1.200000"),
			line(`stopped after step 1022 at θ = -Inf: optim: SGD: gradient of "x" has -Inf at index 0`),
			line("  1.1      1.2                     1941        1941"),
			line("  1.5      2.0                      511         511"),
			line("from x₀ =  2: x = 1.1309, f = -1.0702, f'(x) = 9.3e-09"),
			line("from x₀ = -2: x = -1.3008, f = -3.5139, f'(x) = -1.9e-13"),
			image, // paths along the double well
			line(" 0.45      0.910      -0.800   3.04e-05"),
			line(" 0.50      0.900      -1.000   8"),
			image, // trajectories over the contours
			image, // losses compared
		},
		images: 5,
	}
}
