package nbtest_test

// Lesson 04. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: the images listed come from cells without text, and the images of the cells that also print are
// counted but not placed in the sequence.
func init() {
	expected["04-momentum-and-nesterov.ipynb"] = expectation{
		sequence: []step{
			image, // gradient descent and momentum over the contours
			image, // losses of four settings
			line("gradient descent, η = 0.476                    0.905               0.904                  81"),
			line("momentum μ = 0.5, η = 0.45                     0.707               0.707                  25"),
			line("momentum μ = 0.9, η = 0.1                      0.949               0.949                 107"),
			line("momentum μ = 0.403, η = 0.668                  0.635               0.635                  26"),
			image, // EMA weights
			line("μ = 0.90: constant gradient, step  10.0000 (1/(1−μ) =  10.0000); alternating, step 0.5263 (1/(1+μ) = 0.5263)"),
			line("heavy ball: f < 1e-6 after 107 steps; Nesterov: after 85 steps, factors x₁ 0.939, x₂ 0.735"),
			line("constant η = 0.1, 200 steps: largest difference between the iterates 5.55e-16"),
			line("η = 0.1, then 0.01 from step 31: largest difference up to step 30 5.55e-16, after it 0.797"),
			line("Nesterov, 150 steps: largest difference between PyTorch's iterates and θ + μv: 8.88e-16"),
		},
		images: 5,
	}
}
