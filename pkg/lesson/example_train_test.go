package lesson_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/descentlab/descent/pkg/autograd"
	"github.com/descentlab/descent/pkg/data"
	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// The loop yields the batches; its body is the training step of every lesson:
// zero the gradients, compute the loss, backpropagate, step.
func ExampleLoop() {
	ds, truth, err := data.Regression[float64](256, 2, 0.01, 5)
	lesson.Check(err)
	w, b := tensor.Zeros[float64]("w", 2, 1), tensor.Zeros[float64]("b", 1)
	opt := lesson.Must(optim.NewSGD([]*tensor.Tensor[float64]{w, b}, optim.LR(0.1)))

	loop := lesson.Loop{Epochs: 10, BatchSize: 16, Seed: 2}
	for batch := range loop.Batches(ds) {
		n := len(batch.Rows)
		opt.ZeroGrad()
		pred := autograd.Reshape(autograd.Add(autograd.MatMul(batch.X, autograd.Param(w)), autograd.Param(b)), n)
		loss := autograd.MSELoss(pred, autograd.FromValues([]int{n}, batch.Y))
		lesson.Check(loss.Backward())
		lesson.Check(opt.Step())
	}
	lesson.Check(loop.Err())
	fmt.Printf("%d steps; w = (%.2f, %.2f), b = %.2f; true w = %v, b = %v\n",
		loop.Done(), w.Value[0], w.Value[1], b.Value[0], truth.Weight, truth.Bias)
	// Output:
	// 160 steps; w = (1.50, -1.75), b = 0.50; true w = [1.5 -1.75], b = 0.5
}

// A run of a recipe: the optimizer and its schedule come from the recipe,
// the evaluation after every epoch from the run, and the loop stays in view.
func ExampleNewRun() {
	ds, err := data.MultiClass[float64](300, 3, 0.2, 1)
	lesson.Check(err)
	train, test, err := ds.Split(0.25, 1)
	lesson.Check(err)
	net, err := autograd.NewMLP[float64]([]int{2, 16, 3}, autograd.ReLU, rand.New(rand.NewPCG(1, 2)))
	lesson.Check(err)

	recipe := lesson.Recipe{Name: "Adam, one cycle up to η = 0.05", Optimizer: lesson.Every("Adam"),
		PerStep: func(opt optim.LRGroups, steps int) (schedule.Scheduler, error) {
			return schedule.NewOneCycleLR(opt, 0.05, steps)
		}}
	run, err := lesson.NewRun(recipe, net, train, test, lesson.Loop{Epochs: 20, BatchSize: 32, Seed: 3, DropLast: true})
	lesson.Check(err)
	for b := range run.Batches() {
		run.Opt.ZeroGrad()
		loss := autograd.SoftmaxCrossEntropy(run.Net.Forward(b.X), b.Labels)
		lesson.Check(loss.Backward())
		lesson.Check(run.Opt.Step())
	}
	lesson.Check(run.Err())

	losses, accs := run.History.Losses(), run.Accuracies()
	fmt.Printf("%s: %d records; training loss %.2f → %.2f, test accuracy %.0f %% → %.0f %%\n",
		run.History.Name, run.History.Len(), losses[0], losses[20], 100*accs[0], 100*accs[20])
	// Output:
	// Adam, one cycle up to η = 0.05: 21 records; training loss 1.07 → 0.39, test accuracy 29 % → 89 %
}

func ExampleAccuracy() {
	logits := []float64{
		0.1, 0.9, 0.0, // predicts class 1
		2.0, 1.0, 0.0, // class 0
		0.0, 0.0, 1.0, // class 2
	}
	acc, err := lesson.Accuracy(logits, 3, []int{1, 0, 0})
	lesson.Check(err)
	fmt.Printf("%.3f\n", acc)
	// Output:
	// 0.667
}

func ExampleArgmax() {
	fmt.Println(lesson.Argmax([]float64{0.2, 1.5, 1.5, -3}), lesson.Argmax(nil))
	// Output:
	// 1 -1
}
