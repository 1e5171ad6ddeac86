package nbtest_test

// Lesson 05. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: the images listed come from cells without text, and the images of the cells that also print are
// counted but not placed in the sequence.
func init() {
	expected["05-adagrad-rmsprop-adadelta.ipynb"] = expectation{
		sequence: []step{
			line("gradient at the start (-1, -8); first step of Adagrad with η = 1: (1, 1)"),
			line("step   1: rate x₁ 1.0000, rate x₂ 0.1250, x = (-4, -1)"),
			line("step 200: rate x₁ 0.5247, rate x₂ 0.1071, x = (-8.51e-10, -4.47e-49)"),
			line("RMSprop's first step (0.03, 0.03) = 10·η·(1, 1)"),
			line("ε = 1e-06  first step (0.00316, 0.00316), predicted (0.00316, 0.00316), √(ε/(1−ρ)) = 0.00316"),
			image, // step lengths
			image, // paths on the quadratic
			image, // losses on the quadratic
			image, // paths on Rosenbrock
			image, // losses on Rosenbrock
			line("f at the start: aligned 10.5, rotated 10.5"),
			line("Adagrad, η = 1                7.24e-20    1.04e-05"),
			line("RMSprop, η = 0.1              3.96e-35    1.25e-09"),
			line("Adadelta {LR:1 Rho:0.9 Eps:1e-06 WeightDecay:0 Maximize:false AllowNonFinite:false}"),
			line("   1e-06                                       0.09091       0.0001"),
		},
		images: 7,
	}
}
