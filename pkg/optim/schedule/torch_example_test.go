package schedule_test

import (
	"encoding/json"
	"fmt"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
)

// A scheduler read from a configuration in torch's terms: a warm-up over 3
// steps, then a cosine decay over 5.
func ExampleFromTorch() {
	config := `{"name": "SequentialLR", "params": {"milestones": [3], "schedulers": [
		{"name": "LinearLR", "params": {"start_factor": 0.25, "total_iters": 3}},
		{"name": "CosineAnnealingLR", "params": {"T_max": 5}}]}}`
	var spec struct {
		Name   string         `json:"name"`
		Params map[string]any `json:"params"`
	}
	if err := json.Unmarshal([]byte(config), &spec); err != nil {
		panic(err)
	}
	w := tensor.FromSlice("w", []float64{1})
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{w}, optim.LR(0.1))
	if err != nil {
		panic(err)
	}
	sched, err := schedule.FromTorch(opt, spec.Name, spec.Params)
	if err != nil {
		panic(err)
	}
	var lrs []float64
	for range 8 {
		lrs = append(lrs, opt.LR())
		// opt.Step() here, after the gradients
		if err := sched.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("%.4g\n", lrs)
	// Output: [0.025 0.05 0.075 0.1 0.09045 0.06545 0.03455 0.009549]
}
