package nbtest_test

// Lesson 03. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: each image is listed after the text of an earlier cell, and the lines after an image come from a
// later cell. The cell that plots against wall time is tagged "varies": only its image is counted.
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
			image, // batch loss against the loss on all rows
			image, // by epoch
			image, // by training time
			line("    1      0.0833*    0.0877      0.101   diverged   diverged"),
			line("  128        4.01       1.59      0.118     0.0808*     0.798"),
			line("  512        5.65       4.46       1.83      0.119*      4.16"),
		},
		images: 4,
	}
}
