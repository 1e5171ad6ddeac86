package nbtest_test

func init() {
	expected["01-gradient-descent-and-optimization.ipynb"] = expectation{
		sequence: []step{
			// The document's first cell (plain gradient descent, float64), then its loss history.
			line("Optimal Theta:  2.9999999993888893"), image,
			// The three regimes of the learning rate: fastest at η = 0.5, overshooting and slower again up to 1,
			// a two-cycle at 1, divergence beyond.
			line("  η  factor 1 − 2η  θ after steps 1, 2, 3  |θ − 3| after 20 steps"),
			line("0.1            0.8  [0.6 1.08 1.464]                        0.035"),
			line("0.3            0.4  [1.8 2.52 2.808]                      3.3e-08"),
			line("0.5            0.0  [3 3 3]                                     0"),
			line("0.7           -0.4  [4.2 2.52 3.192]                      3.3e-08"),
			line("0.9           -0.8  [5.4 1.08 4.536]                        0.035"),
			line("  1           -1.0  [6 0 6]                                     3"),
			line("1.1           -1.2  [6.6 -1.32 8.184]                     1.2e+02"),
			// The document's second cell (autograd + Adam, float32), then the loss histories.
			line("Optimal Theta:  0.9375530481338501"),
			line("lr = 0.01  θ after 100 iterations = 0.937553, loss 4.29"),
			line("lr = 0.1   θ after 100 iterations = 2.980655, loss 0.000422"),
			line("lr = 0.1   the loss dips at iterations [40 81]"),
			line("Optimal Theta (float64):  0.9375536000235248"),
		},
		images: 2,
	}
}
