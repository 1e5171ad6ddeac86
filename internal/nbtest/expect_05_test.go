package nbtest_test

// Lesson 05. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: every cell with a figure also prints the numbers the text cites, so the images are counted but not
// placed in the sequence.
func init() {
	expected["05-adagrad-rmsprop-adadelta.ipynb"] = expectation{
		sequence: []step{
			line("gradient at the start (-1, -8); first step of Adagrad with η = 1: (1, 1)"),
			line("largest difference between Adagrad's steps and −rate·g: 2.78e-16"),
			line("step   1: rate x₁ 1.0000, rate x₂ 0.1250, x = (-4, -1)"),
			line("step  50: rate x₁ 0.5248, rate x₂ 0.1071, x = (-0.0142, -1.2e-12)"),
			line("step 200: rate x₁ 0.5247, rate x₂ 0.1071, x = (-8.51e-10, -4.47e-49)"),
			line("RMSprop's first step (0.03, 0.03) = 10·η·(1, 1)"),
			line("largest difference from the optimizers' steps: Adagrad 1.11e-16, RMSprop 1.11e-16"),
			line("Adagrad's rate/η for x₁: 0.0022 at step 10, 0.0022 at step 2000"),
			line("RMSprop's rate/η for x₁: lowest 0.028 at step 12, highest 1.07 at step 1184 (38 times more), 0.64 at step 2000"),
			line("ε = 1e-06  first step (0.00316, 0.00316), predicted (0.00316, 0.00316), √(ε/(1−ρ)) = 0.00316"),
			line("Adadelta (defaults):        step length 0.0045 at step 1, 0.0065 at step 200"),
			line("Adadelta (defaults):        after 100 steps x = (-4.61, -1.62), loss 7.39"),
			line("gradient descent, η = 0.001: loss 0.078 after 2000 steps"),
			line("Adagrad, η = 1:              loss 0.0059 after 2000 steps"),
			line("RMSprop, η = 0.003:          loss 0.0084 after 2000 steps"),
			line("Adadelta (defaults):         loss 0.46 after 2000 steps"),
			line("Adagrad's first step lands at (-0.2, 2), where the loss is 386"),
			line("Adadelta's lowest loss: 0.15 at step 593"),
			line("Adadelta at step 1999: x = (0.74, 0.48), loss 0.43, step length 0.07"),
			line("Adadelta at step 2000: x = (0.69, 0.54), loss 0.46, step length 0.07"),
			line("f at the start: aligned 10.5, rotated 10.5"),
			line("Adagrad, η = 1                7.24e-20    1.04e-05"),
			line("RMSprop, η = 0.1              3.96e-35    1.25e-09"),
			line("Adadelta {LR:1 Rho:0.9 Eps:1e-06 WeightDecay:0 Maximize:false AllowNonFinite:false}"),
			line("   1e-06                                       0.09091       0.0001"),
		},
		images: 7,
	}
}
