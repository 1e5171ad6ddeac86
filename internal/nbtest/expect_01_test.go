package nbtest_test

func init() {
	expected["01-gradient-descent-and-optimization.ipynb"] = expectation{
		sequence: []step{
			// The document's first cell (plain gradient descent, float64), then its loss history.
			line("Optimal Theta:  2.9999999993888893"), image,
			// The document's second cell (autograd + Adam, float32), then the loss histories.
			line("Optimal Theta:  0.9375530481338501"), image,
			line("Optimal Theta (float64):  0.9375536000235248"),
		},
		images: 2,
	}
}
