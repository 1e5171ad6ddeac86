package lesson

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/descentlab/descent/pkg/autograd"
	"github.com/descentlab/descent/pkg/data"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
	"github.com/descentlab/descent/plotting"
)

func TestArgmax(t *testing.T) {
	for _, c := range []struct {
		s    []float64
		want int
	}{
		{nil, -1},
		{[]float64{3}, 0},
		{[]float64{1, 3, 2}, 1},
		{[]float64{2, 5, 5}, 1},            // the first of equal values
		{[]float64{math.NaN(), -1, -2}, 1}, // NaN is never the largest
		{[]float64{math.NaN(), math.NaN()}, -1},
		{[]float64{math.Inf(-1), math.Inf(1)}, 1},
	} {
		if got := Argmax(c.s); got != c.want {
			t.Errorf("Argmax(%v) = %d, want %d", c.s, got, c.want)
		}
	}
}

func TestAccuracyCounts(t *testing.T) {
	logits := []float64{
		0.1, 0.9, 0.0, // 1
		2.0, 1.0, 0.0, // 0
		0.0, 0.0, 1.0, // 2
		0.5, 0.4, 0.3, // 0
	}
	got, err := Accuracy(logits, 3, []int{1, 0, 1, 2})
	if err != nil || got != 0.5 {
		t.Errorf("Accuracy = %v, %v; want 0.5", got, err)
	}
	for _, c := range []struct {
		logits  []float64
		classes int
		labels  []int
	}{
		{logits, 3, []int{1, 0, 1}}, // too few labels
		{logits, 0, []int{1}},
		{nil, 3, nil},
	} {
		if _, err := Accuracy(c.logits, c.classes, c.labels); err == nil {
			t.Errorf("Accuracy(%d scores, %d classes, %d labels): no error", len(c.logits), c.classes, len(c.labels))
		}
	}
}

// fixed is a classifier that returns the same scores for every row, whatever its input.
type fixed []float64

func (f fixed) Forward(x *autograd.Var[float64]) *autograd.Var[float64] {
	n := x.Shape()[0]
	var v []float64
	for range n {
		v = append(v, f...)
	}
	return autograd.FromValues([]int{n, len(f)}, v)
}

func TestEvaluate(t *testing.T) {
	ds, err := data.NewLabeled([]float64{0, 0, 1, 1, 2, 2, 3, 3}, 2, []int{0, 1, 1, 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	scores := fixed{0, math.Log(3)} // probabilities 1/4 and 3/4
	loss, acc, err := Evaluate(scores, ds)
	if err != nil {
		t.Fatal(err)
	}
	wantLoss := (-math.Log(0.25) - 3*math.Log(0.75)) / 4
	if math.Abs(loss-wantLoss) > 1e-12 || acc != 0.75 {
		t.Errorf("Evaluate = %v, %v; want %v, 0.75", loss, acc, wantLoss)
	}
	if _, _, err := Evaluate(fixed{0, 1, 2}, ds); err == nil {
		t.Error("Evaluate with three scores for two classes: no error")
	}
	reg, err := data.New([]float64{1, 2}, 1, []float64{3, 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Evaluate(scores, reg); err == nil {
		t.Error("Evaluate on a regression dataset: no error")
	}
	if _, _, err := Evaluate(fixed{}, ds); err == nil {
		t.Error("Evaluate with no scores: no error")
	}
}

func TestPredictor(t *testing.T) {
	p := Predictor(fixed{0.1, 0.7, 0.2})
	if got := p(3, -1); got != 1 {
		t.Errorf("Predictor = %d, want 1", got)
	}
}

// regression returns a small regression dataset of n rows.
func regression(t *testing.T, n int) *data.Dataset[float64] {
	t.Helper()
	ds, _, err := data.Regression[float64](n, 2, 0.1, 3)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestLoopVisitsEveryRowEachEpoch(t *testing.T) {
	ds := regression(t, 10)
	var epochs []int
	seen := map[int][]int{}
	var steps []int
	l := &Loop{Epochs: 3, BatchSize: 4, Seed: 1,
		AfterStep:  func(b *Batch) error { steps = append(steps, b.Step); return nil },
		AfterEpoch: func(e int) error { epochs = append(epochs, e); return nil },
	}
	for b := range l.Batches(ds) {
		if got := b.X.Shape(); !slices.Equal(got, []int{len(b.Rows), 2}) {
			t.Fatalf("batch X of shape %v for %d rows", got, len(b.Rows))
		}
		for i, r := range b.Rows {
			if !slices.Equal(b.X.Value()[2*i:2*i+2], ds.Row(r)) || b.Y[i] != ds.Y[r] {
				t.Fatalf("batch row %d is not dataset row %d", i, r)
			}
		}
		if b.Labels != nil {
			t.Fatal("labels in a regression batch")
		}
		if !math.IsNaN(b.Loss) {
			t.Fatalf("batch loss %v before the body set it, want NaN", b.Loss)
		}
		seen[b.Epoch] = append(seen[b.Epoch], b.Rows...)
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(epochs, []int{1, 2, 3}) {
		t.Errorf("AfterEpoch ran for %v, want [1 2 3]", epochs)
	}
	if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9}; !slices.Equal(steps, want) {
		t.Errorf("AfterStep saw steps %v, want %v", steps, want)
	}
	if l.Done() != 9 || l.StepsPerEpoch() != 3 {
		t.Errorf("Done() = %d, StepsPerEpoch() = %d; want 9, 3", l.Done(), l.StepsPerEpoch())
	}
	for e := 1; e <= 3; e++ {
		rows := slices.Sorted(slices.Values(seen[e]))
		if !slices.Equal(rows, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
			t.Errorf("epoch %d visited %v, want every row once", e, rows)
		}
	}
	if slices.Equal(seen[1], seen[2]) {
		t.Error("epochs 1 and 2 visited the rows in the same order: no shuffle")
	}
}

func TestLoopStepsAndDropLast(t *testing.T) {
	ds := regression(t, 10)
	for _, c := range []struct {
		loop          Loop
		steps, epochs int
		sizes         []int
	}{
		{Loop{Steps: 5, BatchSize: 4}, 5, 1, []int{4, 4, 2, 4, 4}}, // mid-epoch; the epoch hook runs only at ends of epochs
		{Loop{Epochs: 2, Steps: 100, BatchSize: 4}, 6, 2, []int{4, 4, 2, 4, 4, 2}},
		{Loop{Epochs: 2, BatchSize: 4, DropLast: true}, 4, 2, []int{4, 4, 4, 4}},
	} {
		l := c.loop
		epochs := 0
		l.AfterEpoch = func(int) error { epochs++; return nil }
		var sizes []int
		for b := range l.Batches(ds) {
			sizes = append(sizes, len(b.Rows))
		}
		if err := l.Err(); err != nil || l.Done() != c.steps || epochs != c.epochs || !slices.Equal(sizes, c.sizes) {
			t.Errorf("%+v: %d steps, %d epochs, sizes %v, err %v; want %d, %d, %v",
				c.loop, l.Done(), epochs, sizes, err, c.steps, c.epochs, c.sizes)
		}
	}
}

func TestLoopErrors(t *testing.T) {
	ds := regression(t, 10)
	for _, l := range []*Loop{
		{BatchSize: 4},
		{Epochs: -1, BatchSize: 4},
		{Epochs: 1},
		{Epochs: 1, BatchSize: 11, DropLast: true},
	} {
		n := 0
		for range l.Batches(ds) {
			n++
		}
		if l.Err() == nil || n != 0 {
			t.Errorf("%+v: %d batches, err %v; want none and an error", *l, n, l.Err())
		}
	}
	l := &Loop{Epochs: 1, BatchSize: 4}
	for range l.Batches(nil) {
		t.Fatal("a batch of a nil dataset")
	}
	if l.Err() == nil {
		t.Error("a loop over a nil dataset: no error")
	}
}

func TestLoopHookErrorStops(t *testing.T) {
	ds := regression(t, 10)
	boom := errors.New("boom")
	l := &Loop{Epochs: 5, BatchSize: 4, AfterStep: func(b *Batch) error {
		if b.Step == 2 {
			return boom
		}
		return nil
	}}
	n := 0
	for range l.Batches(ds) {
		n++
	}
	if !errors.Is(l.Err(), boom) || n != 2 {
		t.Errorf("%d batches, err %v; want 2 and boom", n, l.Err())
	}
	l = &Loop{Epochs: 5, BatchSize: 4, AfterEpoch: func(int) error { return boom }}
	n = 0
	for range l.Batches(ds) {
		n++
	}
	if !errors.Is(l.Err(), boom) || n != 3 {
		t.Errorf("%d batches, err %v; want 3 (one epoch) and boom", n, l.Err())
	}
}

func TestLoopBreakIsReported(t *testing.T) {
	ds := regression(t, 10)
	l := &Loop{Epochs: 2, BatchSize: 4}
	for range l.Batches(ds) {
		break
	}
	if l.Err() == nil || l.Done() != 0 {
		t.Errorf("after a break: Done() = %d, err %v; want 0 and an error", l.Done(), l.Err())
	}
	// A second range starts afresh.
	for range l.Batches(ds) {
	}
	if l.Err() != nil || l.Done() != 6 {
		t.Errorf("second range: Done() = %d, err %v; want 6, nil", l.Done(), l.Err())
	}
}

func TestLoopElapsedLeavesOutTheHooks(t *testing.T) {
	ds := regression(t, 10)
	const pause = 20 * time.Millisecond
	l := &Loop{Epochs: 1, BatchSize: 4, AfterStep: func(*Batch) error { time.Sleep(pause); return nil }}
	start := time.Now()
	for range l.Batches(ds) {
	}
	total := time.Since(start)
	if l.Elapsed() <= 0 || l.Elapsed() >= 3*pause || total < 3*pause {
		t.Errorf("Elapsed() = %v over %v in all, with hooks of 3×%v; want the hooks left out", l.Elapsed(), total, pause)
	}
}

// TestLoopTrains fits a linear model with SGD: the loop's batches are the data the optimizer needs.
func TestLoopTrains(t *testing.T) {
	ds, truth, err := data.Regression[float64](256, 2, 0.01, 5)
	if err != nil {
		t.Fatal(err)
	}
	w, b := tensor.Zeros[float64]("w", 2, 1), tensor.Zeros[float64]("b", 1)
	opt, err := optim.NewSGD([]*tensor.Tensor[float64]{w, b}, optim.LR(0.1))
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	l := &Loop{Epochs: 10, BatchSize: 16, Seed: 2, AfterStep: func(b *Batch) error {
		losses = append(losses, b.Loss)
		return nil
	}}
	for batch := range l.Batches(ds) {
		opt.ZeroGrad()
		n := len(batch.Rows)
		pred := autograd.Reshape(autograd.Add(autograd.MatMul(batch.X, autograd.Param(w)), autograd.Param(b)), n)
		loss := autograd.MSELoss(pred, autograd.FromValues([]int{n}, batch.Y))
		if err := loss.Backward(); err != nil {
			t.Fatal(err)
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		batch.Loss = loss.Item()
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	if len(losses) != 160 {
		t.Fatalf("%d losses recorded, want 160", len(losses))
	}
	for j := range 2 {
		if math.Abs(w.Value[j]-truth.Weight[j]) > 0.01 {
			t.Errorf("w[%d] = %v, want about %v", j, w.Value[j], truth.Weight[j])
		}
	}
	if math.Abs(b.Value[0]-truth.Bias) > 0.01 || losses[len(losses)-1] > 1e-3 {
		t.Errorf("b = %v (want about %v), last batch loss %v", b.Value[0], truth.Bias, losses[len(losses)-1])
	}
}

// spiral returns a small three-class problem and a network for it.
func spiral(t *testing.T) (train, test *data.Dataset[float64], net *autograd.MLP[float64]) {
	t.Helper()
	ds, err := data.MultiClass[float64](120, 3, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err = ds.Split(0.25, 1)
	if err != nil {
		t.Fatal(err)
	}
	net, err = autograd.NewMLP[float64]([]int{2, 16, 3}, autograd.ReLU, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return train, test, net
}

// trainRun is the training loop of lesson 07 on a Run.
func trainRun(t *testing.T, run *Run) {
	t.Helper()
	for b := range run.Batches() {
		run.Opt.ZeroGrad()
		loss := autograd.SoftmaxCrossEntropy(run.Net.Forward(b.X), b.Labels)
		if err := loss.Backward(); err != nil {
			t.Fatal(err)
		}
		if err := run.Opt.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if err := run.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestRunRecordsEveryEpochAndSteps(t *testing.T) {
	train, test, net := spiral(t)
	r := Recipe{Name: "Adam, one cycle", Optimizer: Every("Adam"),
		PerStep: func(opt optim.LRGroups, steps int) (schedule.Scheduler, error) {
			if steps != 5*2 { // 90 training rows in batches of 32, the last dropped
				t.Errorf("PerStep given %d steps, want 10", steps)
			}
			return schedule.NewOneCycleLR(opt, 0.1, steps)
		}}
	run, err := NewRun(r, net, train, test, Loop{Epochs: 5, BatchSize: 32, Seed: 3, DropLast: true})
	if err != nil {
		t.Fatal(err)
	}
	trainRun(t, run)
	h := run.History
	if h.Len() != 6 || h.Name != r.Name {
		t.Fatalf("history %q of %d records, want %q of 6", h.Name, h.Len(), r.Name)
	}
	lrs := h.LRs()
	// One cycle over 10 steps peaks after step 2, the end of epoch 1, and then anneals.
	if math.Abs(lrs[0]-0.1/25) > 1e-15 || math.Abs(lrs[1]-0.1) > 1e-15 || !(lrs[4] < lrs[3] && lrs[3] < lrs[2]) {
		t.Errorf("learning rates %v: want one cycle's 0.004 at the start, 0.1 after epoch 1, then falling", lrs)
	}
	if run.Opt.StepCount() != 10 {
		t.Errorf("%d optimizer steps, want 10", run.Opt.StepCount())
	}
	losses, accs := h.Losses(), run.Accuracies()
	if len(accs) != 6 || losses[5] >= losses[0] {
		t.Errorf("losses %v, accuracies %v: want 6 records and a loss that fell", losses, accs)
	}
	wantLoss, wantAcc, err := Evaluate(net, train)
	if err != nil {
		t.Fatal(err)
	}
	_, testAcc, _ := Evaluate(net, test)
	if losses[5] != wantLoss || accs[5] != testAcc {
		t.Errorf("last record %v, %v; want the trained net's %v (train loss, acc. %v), %v", losses[5], accs[5], wantLoss, wantAcc, testAcc)
	}
	for range run.Batches() {
		t.Fatal("a second range over a run's batches yielded a batch")
	}
	if run.Err() == nil {
		t.Error("a second range over a run's batches: no error")
	}
}

func TestRunPlateau(t *testing.T) {
	train, test, net := spiral(t)
	var plateau *schedule.ReduceLROnPlateau
	r := Recipe{Name: "plateau", Optimizer: Every("SGD", optim.LR(2)), // far too large: the loss stalls
		Plateau: func(opt optim.LRGroups) (*schedule.ReduceLROnPlateau, error) {
			var err error
			plateau, err = schedule.NewReduceLROnPlateau(opt, schedule.Factor(0.5), schedule.Patience(0))
			return plateau, err
		}}
	run, err := NewRun(r, net, train, test, Loop{Epochs: 8, BatchSize: 16, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	trainRun(t, run)
	lrs := run.History.LRs()
	if lrs[0] != 2 || lrs[len(lrs)-1] >= 2 {
		t.Errorf("learning rates %v: want 2 at the start and a cut by the end", lrs)
	}
}

func TestNewRunErrors(t *testing.T) {
	train, test, net := spiral(t)
	good := Loop{Epochs: 1, BatchSize: 8}
	bad := errors.New("no optimizer today")
	for name, c := range map[string]struct {
		r    Recipe
		net  *autograd.MLP[float64]
		loop Loop
	}{
		"no optimizer":    {Recipe{}, net, good},
		"optimizer fails": {Recipe{Optimizer: func(*autograd.MLP[float64]) (optim.Optimizer[float64], error) { return nil, bad }}, net, good},
		"unknown class":   {Recipe{Optimizer: Every("Adamm")}, net, good},
		"nil network":     {Recipe{Optimizer: Every("SGD")}, nil, good},
		"hooks":           {Recipe{Optimizer: Every("SGD")}, net, Loop{Epochs: 1, BatchSize: 8, AfterEpoch: func(int) error { return nil }}},
		"steps":           {Recipe{Optimizer: Every("SGD")}, net, Loop{Epochs: 1, Steps: 3, BatchSize: 8}},
		"no epochs":       {Recipe{Optimizer: Every("SGD")}, net, Loop{BatchSize: 8}},
		"no batch size":   {Recipe{Optimizer: Every("SGD")}, net, Loop{Epochs: 1}},
		"bad per-step":    {Recipe{Optimizer: Every("SGD"), PerStep: func(opt optim.LRGroups, _ int) (schedule.Scheduler, error) { return schedule.NewStepLR(opt, 0, 0.5) }}, net, good},
		"bad plateau": {Recipe{Optimizer: Every("SGD"), Plateau: func(opt optim.LRGroups) (*schedule.ReduceLROnPlateau, error) {
			return schedule.NewReduceLROnPlateau(opt, schedule.Factor(2))
		}}, net, good},
	} {
		if _, err := NewRun(c.r, c.net, train, test, c.loop); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewRun(Recipe{Optimizer: Every("SGD")}, net, train, nil, good); err == nil {
		t.Error("no test set: no error")
	}
}

func TestCountParams(t *testing.T) {
	_, _, net := spiral(t)
	if got, want := CountParams(net.Parameters()), 2*16+16+16*3+3; got != want {
		t.Errorf("CountParams = %d, want %d", got, want)
	}
}

func TestClassMap(t *testing.T) {
	train, _, net := spiral(t)
	for _, predict := range []func(x, y float64) int{nil, Predictor(net)} {
		fig, err := ClassMap("spiral", train, plotting.Box{XMin: -1.3, XMax: 1.3, YMin: -1.3, YMax: 1.3}, predict)
		if err != nil || fig == nil {
			t.Fatalf("ClassMap: %v", err)
		}
	}
	if _, err := ClassMap("", regression(t, 10), plotting.Box{}, nil); err == nil {
		t.Error("ClassMap of a regression dataset: no error")
	}
}
