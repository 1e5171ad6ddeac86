package optim_test

import (
	"errors"
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// Adam's moments m (exp_avg) and v (exp_avg_sq) on f(w) = w1² + w2², read
// after each step as torch's optimizer.state[w]["exp_avg"]: m follows the
// gradient 2w, v its square, both starting from zero.
func ExampleState() {
	w := tensor.FromSlice("w", []float64{1, -2})
	opt, err := optim.NewAdam([]*tensor.Tensor[float64]{w}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	if _, err := optim.State(opt, 0); errors.Is(err, optim.ErrNoState) {
		fmt.Println(err)
	}
	for range 3 {
		for i, x := range w.Value {
			w.Grad[i] = 2 * x
		}
		if err := opt.Step(); err != nil {
			panic(err)
		}
		st, err := optim.State(opt, 0)
		if err != nil {
			panic(err)
		}
		fmt.Printf("step %d: m = %.4g, v = %.4g\n", opt.StepCount(), st["exp_avg"], st["exp_avg_sq"])
	}
	// Output:
	// optim: Adam: State of "w": no optimizer state before the first Step
	// step 1: m = [0.2 -0.4], v = [0.004 0.016]
	// step 2: m = [0.36 -0.74], v = [0.007236 0.03042]
	// step 3: m = [0.4841 -1.026], v = [0.009791 0.04336]
}
