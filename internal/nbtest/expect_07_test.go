package nbtest_test

// Lesson 07. GoNB sends a cell's text and its images through different pipes, so within a cell their order
// may vary: the images listed come from cells without text, and the images of the cells that also print are
// counted but not placed in the sequence.
func init() {
	expected["07-schedules-and-a-small-network.ipynb"] = expectation{
		sequence: []step{
			line("ExponentialLR ends at η = 0.0049"),
			line("warm-up: η = 0.01 at step 0, 0.091 at step 9, 0.1 at step 10; momentum 0.90 throughout"),
			line("OneCycleLR: η = 0.004 at step 0, 0.1 at step 29 (the peak), 4e-07 at step 99; momentum 0.95, 0.85, 0.95"),
			line("675 training points, 225 test points, 2 features, 3 classes"),
			line("untrained network: 1251 parameters, training loss 1.0852 (ln 3 = 1.0986), training accuracy 0.465"),
			line("group 0: [0.weight 1.weight 2.weight], learning rate 0.01, weight decay 0.01"),
			line("group 1: [0.bias 1.bias 2.bias], learning rate 0.01, weight decay 0"),
			// The race: lesson.Table aligns the columns.
			line("recipe                         training loss  training acc.  test acc.  first epoch ≥ 90 % test acc."),
			line("SGD, η = 0.5                          0.3293         86.8 %     83.6 %  14"),
			line("SGD + momentum 0.9, η = 0.1           0.1705         94.2 %     92.0 %  20"),
			line("Adagrad, η = 0.2                      0.1176         95.3 %     92.0 %  9"),
			line("RMSprop, η = 0.02                     0.1253         95.4 %     91.6 %  9"),
			line("Adam, η = 0.02                        0.1288         94.8 %     92.0 %  8"),
			line("AdamW, η = 0.01                       0.1403         94.7 %     90.7 %  9"),
			line("Adam, one cycle up to η = 0.1         0.0900         97.6 %     95.1 %  11"),
			// The spikes the text points to in the loss plot.
			line("SGD, η = 0.5:                  the loss jumps up (×1.5 or more) at epochs [20 23]"),
			line("SGD + momentum 0.9, η = 0.1:   the loss jumps up (×1.5 or more) at epochs [25]"),
			line("Adam, one cycle up to η = 0.1: the loss jumps up (×1.5 or more) at epochs [16]"),
			line("Adam, η = 0.02:                training loss [0.219 0.197 0.129 0.138 0.158], test accuracy [84.0 91.6 92.0 92.0 90.2] %"),
			line("Adam, one cycle up to η = 0.1: training loss [0.095 0.093 0.090 0.097 0.092], test accuracy [93.3 94.2 95.1 92.9 93.3] %"),
			line("constant η = 0.2:   training loss 0.2548, test accuracy 89.3 %"),
			line("ReduceLROnPlateau:  training loss 0.1122, test accuracy 94.7 %"),
			line("from epoch 13 on: η = 0.1"),
			line("from epoch 24 on: η = 0.05"),
			line("from epoch 28 on: η = 0.025"),
			line("training loss at epochs 8 to 12: [0.44 0.31 0.61 0.43 0.44]; at the constant rate from epoch 13 on: between 0.20 and 0.57"),
			line("ReduceLROnPlateau, training loss at epochs 13 to 15: [0.35 0.21 0.22]"),
			line("Adam, one cycle up to η = 0.1: test accuracy 95.1 %, 214 of 225 test points right"),
		},
		images: 7,
	}
}
