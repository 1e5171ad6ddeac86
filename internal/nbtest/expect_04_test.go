package nbtest_test

// Lesson 04. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: the images listed come after a line of an earlier cell, and the images of the cells that also print
// are counted, not placed. The two slider panels (cells "η = …, μ = …") executed without a browser print the
// line for their default values and keep that figure (panels_test.go checks the figure is in the cell).
func init() {
	expected["04-momentum-and-nesterov.ipynb"] = expectation{
		sequence: []step{
			// the training loop by hand: b₂ = μ·b₁ + g₂
			line("t = 2: g = (-0.9100, 6.4000)  b = (-1.4100, 2.4000)   θ = (-3.9155, 0.5200)"),
			// momentum crosses the valley about every second step, gradient descent at every step
			line("gradient descent, η = 0.45: crosses x₂ = 0 at steps [1 2 3 4 5 6 7 8 9 10] …; x₁ after 6 steps -2.84, after 12 -1.61"),
			line("momentum μ = 0.5, η = 0.45: crosses x₂ = 0 at steps [1 3 4 6 8 10 12 13 15 17] …; x₁ after 6 steps -1.61, after 12 -0.28"),
			// the first panel, for its default values
			line("η = 0.45, μ = 0.5: factor per step along x₁ 0.707, across (x₂) 0.707; loss after 60 steps 3.54e-17"),
			image, // losses of four settings
			line("gradient descent, η = 0.476                    0.905               0.904                  81"),
			line("momentum μ = 0.5, η = 0.45                     0.707               0.707                  25"),
			line("momentum μ = 0.9, η = 0.1                      0.949               0.949                 107"),
			line("momentum μ = 0.403, η = 0.668                  0.635               0.635                  26"),
			// the rate map's panel, for its default values
			line("η = 0.45, μ = 0.5: measured rate 0.705, theory 0.707"),
			// momentum and the double well: where each run ends, and how often it crossed the barrier
			line("x₀ =  2.0  local   0×  local   0×  global  1×  global  1×  local   2×  global  9×"),
			line("x₀ =  1.5  local   0×  local   0×  local   0×  local   0×  local   0×  local   0×"),
			line("x₀ = -2.0  global  0×  global  0×  global  0×  global  0×  local   1×  local   5×"),
			image, // x_t on the double well
			image, // weights of the buffer
			line("μ = 0.90: constant gradient, step  10.0000 (1/(1−μ) =  10.0000); alternating, step 0.5263 (1/(1+μ) = 0.5263)"),
			line("heavy ball: f < 1e-6 after 107 steps, factors x₁ 0.949, x₂ 0.949"),
			line("Nesterov:   f < 1e-6 after 85 steps, factors x₁ 0.939, x₂ 0.735"),
			line("constant η = 0.1, 200 steps: largest difference between the iterates 5.55e-16"),
			line("η = 0.1, then 0.01 from step 31: largest difference up to step 30 5.55e-16, after it 0.797"),
			// after the drop: the flat direction has real roots, factor 0.974
			line("η = 0.01, μ = 0.9, λ = 0.2: 1 + μ − ηλ = 1.898, (1 + μ − ηλ)² − 4μ = +0.0024: real roots, does not oscillate, factor 0.974"),
			line("η = 0.01, μ = 0.9, λ = 4: 1 + μ − ηλ = 1.860, (1 + μ − ηλ)² − 4μ = -0.1404: complex roots, oscillates, factor 0.949"),
			line("Nesterov, 150 steps: largest difference between PyTorch's iterates and θ + μv: 8.88e-16"),
		},
		images: 8,
	}
}
