package nbtest_test

// Lesson 06. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// varies: each image below is listed right after a line from a text-only cell, and the line after it comes from
// a later cell than the image. The slider panel ("inside the optimizer"), executed without a browser, prints
// the line for its default values and keeps that figure (panels_test.go checks it is in the cell).
func init() {
	expected["06-adam-and-its-family.ipynb"] = expectation{
		sequence: []step{
			line("[1 1 1]"),
			line(" 1  0.20000  0.004000   2    4    1.0000  3.1623  1.000000"),
			line(" 5  0.81902  0.019960   2    4    1.0000  5.7971  1.000000"),
			image, // bias correction
			// inside the optimizer, from optim.State: the update rule's step equals the step taken
			line("step 60: 1 − β₁ᵗ = 0.9982, 1 − β₂ᵗ = 0.0583; η·m̂/(√v̂+ε) = (-0.03481, 0.00667), optim stepped (-0.03481, 0.00667)"),
			line("Adam  after 100 steps: A = 0.973, B = 0.230; after 2000: A = 0.804, B = 0.000"),
			line("AdamW after 100 steps: A = 0.889, B = 0.889; after 2000: A = 0.133, B = 0.133"),
			// the value the text cites, next to the decay alone
			line("AdamW: largest |A − B| over 2000 steps 1.7e-08; the decay alone, 0.999^2000 = 0.135"),
			line("step 5000: Adam 0.3509 η, AMSGrad 0.0323 η"),
			line(" 5    4.996       -      0.0991     0.3635    2.3951"),
			line(" 6    5.994    0.0258    0.0987     0.0021    2.3972"),
			image, // RAdam step lengths
			line("NAdam  first θ > 3 at step  64; loss after 100 steps 2.2e-05, after 300 4.7e-21"),
			line("Optimal Theta:  0.9375530481338501"),
			image, // θ against 0.01·t
			line("lr = 0.01 1000 steps: θ = 2.9991078 (step 100 of this run: 0.9375530)"),
			line("lr = 0.1   300 steps: θ = 3.0000007"),
		},
		images: 8,
	}
}
