package nbtest_test

// Lesson 03. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: the image listed comes from the one cell with a figure and no text, and the images of the cells that
// also print are counted but not placed in the sequence. The cell that plots against wall time is tagged "varies": its timings are not compared, but the
// three comparisons the text draws from them must hold on any machine.
func init() {
	expected["03-stochastic-and-mini-batch.ipynb"] = expectation{
		sequence: []step{
			line("512 rows, 3 features; true w = [1.5 1.75 0.5], b = -1"),
			line("epoch 0: [0 2 3 9] [8 4 6 7] [1 5]"),
			line("epoch 0 starts with rows [181 79 376 244 394 197]; every row exactly once: true"),
			line("loss at the start (w = 0, b = 0): 6.3363"),
			line("best possible loss:               0.0804"),
			image, // full batch, B = 32 and B = 1 by step
			line("  1            10.6004   10.6004               10.6004"),
			line("256             0.4886    0.6625                0.4689"),
			line("B =  1: the loss on the batch used ranges from 2e-06 to 70"),
			line("B = 32: the loss on the batch used ranges from 0.04 to 6.5"),
			line("B = 512: the loss is multiplied by [0.66 0.66 0.66 0.67 0.68] in the 5 epochs and ends 10.3 times above the floor"),
			line("B = 32:  the loss is first within 10 % of the floor after step 16"),
			line("B = 1:   from step 50 on, the loss stays between 0.08 and 0.60"),
			line("a step of B = 32 costs less than 32 steps of B = 1: true"),
			line("5 epochs of B = 1 take longer than 5 epochs of B = 32: true"),
			line("after 5 epochs B = 32 is within 1 % of the floor, full batch 5 times above it: true"),
			line("B \\ η    0.01     0.03      0.1        0.3          1"),
			line("    1  0.0833*  0.0877    0.101   diverged   diverged"),
			line("   32    1.05    0.102   0.0811*     0.086        1.1"),
			line("  128    4.01     1.59    0.118     0.0808*     0.798"),
			line("  512    5.65     4.46     1.83      0.119*      4.16"),
			line("λ_max = 2.046, so full batch needs η < 2/λ_max = 0.978; mean one-row curvature 2‖x̃ᵢ‖² = 7.65"),
		},
		images: 4,
	}
}
