package nbtest_test

func init() {
	expected["01-gradient-descent-and-optimization.ipynb"] = expectation{
		sequence: []step{
			line("Optimal Theta:  2.9999999993888893"), image,
		},
		images: 1,
	}
}
