package nbtest_test

// Lesson 06. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// varies: each image below is listed right after a line from a text-only cell, and the line after it comes from
// a later cell than the image.
func init() {
	expected["06-adam-and-its-family.ipynb"] = expectation{
		sequence: []step{
			line("[1 1 1]"),
			line(" 1  0.20000  0.004000   2    4    1.0000  3.1623  1.000000"),
			line(" 5  0.81902  0.019960   2    4    1.0000  5.7971  1.000000"),
			image, // bias correction
			line("Adam  after 100 steps: A = 0.973, B = 0.230; after 2000: A = 0.804, B = 0.000"),
			line("AdamW after 100 steps: A = 0.889, B = 0.889; after 2000: A = 0.133, B = 0.133"),
			line("step 5000: Adam 0.3509 η, AMSGrad 0.0323 η"),
			line(" 5    4.996       -      0.0991     0.3635    2.3951"),
			line(" 6    5.994    0.0258    0.0987     0.0021    2.3972"),
			image, // RAdam step lengths
			line("NAdam  first θ > 3 at step  64; loss after 100 steps 2.2e-05, after 300 4.7e-21"),
			line("Optimal Theta:  0.9375530481338501"),
			image, // θ against 0.01·t
			line("lr = 0.01 1000 steps: θ = 2.9991078"),
			line("lr = 0.1   300 steps: θ = 3.0000007"),
		},
		images: 7,
	}
}
