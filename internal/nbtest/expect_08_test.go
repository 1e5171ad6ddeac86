package nbtest_test

// Lesson 08. Its text and its images mostly come from different cells, so their order is fixed; the slider
// panel prints a line and shows a figure in one cell, so its image is counted, not placed. Executed without a
// browser, the panel prints the line for its defaults (Adam at its tuned rate on Rosenbrock: the scoreboard's
// row) and keeps that figure (panels_test.go checks it is in the cell).
func init() {
	expected["08-the-race.ipynb"] = expectation{
		sequence: []step{
			line("11 racers: SGD, momentum, Nesterov, Adagrad, RMSprop, Adadelta, Adam, AdamW, Adamax, NAdam, RAdam"),
			line("SGD, lr = 0.001 on Rosenbrock: 3000 steps, final loss 0.0249"),
			line("SGD, lr = 0.01  on Rosenbrock: 6 steps, final loss +Inf"),
			line("          | rosenbrock                        | beale"),
			line("momentum  | 0.003  450     7.9e-31   2e-15    | 0.01   157     2e-30     3.7e-15"),
			line("Adam      | 0.03   2276    4.4e-11   1.5e-05  | 0.3    154     0         0"),
			line("RAdam     | 0.003  -       2.4       1.7      | 0.03   921     1.1e-30   2.7e-15"),
			image, // Rosenbrock after 500 steps
			image, // Rosenbrock small multiples
			image, // Rosenbrock losses
			image, // Beale trajectories
			image, // Beale losses
			image, // saddle trajectories
			line("SGD       | step 233    near 0.19   | step 931    near 0.00018"),
			line("RMSprop   | step 17     near 1.7    | step 18     near 1.7"),
			line("Adam      | step 76     near 1.6    | step 77     near 1.6"),
			// the panel, for its defaults: the same run as the scoreboard's Adam on Rosenbrock
			line("Adam, lr = 0.03 on Rosenbrock: finish at step 2276, final loss 4.4e-11 after 3000 steps"),
			image, // the live race's final figure
		},
		images: 8,
	}
}
