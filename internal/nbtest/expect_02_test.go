package nbtest_test

// Lesson 02. GoNB sends a cell's text and its images through different pipes, so within a cell their order may
// vary: each image is listed after the text of an earlier cell. The two slider panels, executed without a
// browser, print the line for their default η and keep that figure (panels_test.go checks it is in the cell).
func init() {
	expected["02-gradient-descent-in-depth.ipynb"] = expectation{
		sequence: []step{
			// four learning rates, the last iterate and loss of each
			line("η = 0.02 θ₃₀ =   2.1184, loss 0.78"),
			line("η = 1.1  θ₃₀ = -709.1289, loss 5.1e+05"),
			image, // θ_t and the loss for four learning rates
			line(" 0.02   0.960000    0.960000"),
			line(" 0.50   0.000000   e₁₀ = 0 (θ = 3 exactly after one step)"),
			line(" 0.90  -0.800000   -0.800000"),
			line(" 1.10  -1.200000   -1.200000"),
			// the η panel on (θ − 3)², for its default value
			line("η = 0.3: factor 1 − 2η = 0.400; after 30 steps θ = 3"),
			// the training loop written out, until optim refuses a step
			line(`stopped at step 1022 with θ = -Inf: optim: SGD: gradient of "θ" has -Inf at index 0`),
			line("  1.1      1.2                     1941        1941"),
			line("  1.5      2.0                      511         511"),
			line("from x₀ =  2: x = 1.1309, f = -1.0702, f'(x) = 9.3e-09"),
			line("from x₀ = -2: x = -1.3008, f = -3.5139, f'(x) = -1.9e-13"),
			image, // paths along the double well
			line(" 0.45      0.910      -0.800   3.04e-05"),
			line(" 0.50      0.900      -1.000   8"),
			image, // trajectories over the contours
			image, // losses compared
			// x₂ is the faster direction in both runs, by less with η = 0.45
			line("η = 0.45 share of the loss in 2·x₂²:  step 0 0.76  step 2 0.66  step 5 0.47  step 10 0.2  step 15 0.063  step 20 0.018"),
			// the η panel on the valley, for its default value
			line("η = 0.45: factors x₁ 0.910, x₂ -0.800; below the limit 2/λmax = 0.5: converges"),
		},
		images: 7,
	}
}
