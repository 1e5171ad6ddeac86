package lesson

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/descentlab/descent/pkg/autograd"
	"github.com/descentlab/descent/pkg/data"
	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/schedule"
	"github.com/descentlab/descent/pkg/tensor"
	"github.com/descentlab/descent/plotting"
)

// The training helpers compute in float64, as the lessons do.

// Batch is one mini-batch of a [Loop], ready for a forward pass. The loop
// reuses its slices from batch to batch: copy what must outlive the step.
type Batch struct {
	// Epoch is the epoch the batch belongs to, counted from 1.
	Epoch int
	// Step is the number of the optimizer step the batch is for, counted
	// from 1 over the whole loop.
	Step int
	// Rows are the indices of the batch's rows in the dataset.
	Rows []int
	// X holds the batch's inputs, of shape [len(Rows), features].
	X *autograd.Var[float64]
	// Y holds the batch's targets, one per row.
	Y []float64
	// Labels holds the batch's class labels, one per row; nil for a
	// regression dataset.
	Labels []int
	// Loss is for the loop's body to fill in with the batch's loss, for
	// [Loop.AfterStep] to read. The loop sets it to NaN before each batch.
	Loss float64
}

// Loop is a mini-batch training loop over a dataset: epochs of batches from
// [data.NewBatches], shuffled from Seed, with hooks that run after each step
// and after each epoch. Range over [Loop.Batches] and write the step in the
// body (zero the gradients, compute the loss, backpropagate, step); then
// check [Loop.Err], as after a bufio.Scanner.
//
// Configure a Loop with its exported fields before ranging over it; the
// zero value of an unset field is its documented default.
type Loop struct {
	// Epochs is the number of passes over the data. If 0 and Steps > 0, the
	// loop runs as many epochs as Steps needs.
	Epochs int
	// Steps, if positive, ends the loop after that many steps, in the middle
	// of an epoch if need be. If both Epochs and Steps are set, the loop ends
	// at whichever comes first.
	Steps int
	// BatchSize is the number of rows of a batch (the last batch of an
	// epoch may be smaller, unless DropLast).
	BatchSize int
	// Seed seeds the shuffle: epoch e visits the rows in an order that
	// depends only on Seed and e.
	Seed uint64
	// DropLast drops the last batch of each epoch when it is smaller than
	// BatchSize, so that every step sees BatchSize rows.
	DropLast bool
	// AfterStep, if not nil, runs after the loop's body has handled a batch
	// (after the optimizer's Step): a learning-rate scheduler's Step, or a
	// record of the loss. Its time is not part of [Loop.Elapsed].
	AfterStep func(b *Batch) error
	// AfterEpoch, if not nil, runs after the last batch of every epoch with
	// the epoch's number (from 1): an evaluation, or ReduceLROnPlateau's
	// Step. It does not run for an epoch that Steps cut short. Its time is
	// not part of [Loop.Elapsed].
	AfterEpoch func(epoch int) error

	err      error
	elapsed  time.Duration
	perEpoch int
	done     int
}

// errStopped is the error of a loop whose body broke out of the range.
var errStopped = errors.New("lesson: the loop's body stopped before the end")

// Batches returns the batches of every epoch over ds, in order. Ranging over
// it runs the loop; once the range ends, [Loop.Err] says whether it ran to
// the end. A configuration error (no epochs or steps, a batch size out of
// range) or an error from a hook ends the range early, and Err returns it.
// So does a break or a return in the body, which is the body's own business:
// Err then reports that the loop stopped early, to tell the two apart.
func (l *Loop) Batches(ds *data.Dataset[float64]) iter.Seq[*Batch] {
	return func(yield func(*Batch) bool) {
		l.err, l.elapsed, l.done = nil, 0, 0
		if l.err = l.check(ds); l.err != nil {
			return
		}
		bs, err := data.NewBatches(ds.Len(), l.BatchSize, l.batchOptions()...)
		if err != nil {
			l.err = fmt.Errorf("lesson: %w", err)
			return
		}
		l.perEpoch = bs.NumBatches()
		epochs := l.Epochs
		if l.Steps > 0 {
			need := (l.Steps + l.perEpoch - 1) / l.perEpoch
			if epochs == 0 || need < epochs {
				epochs = need
			}
		}
		f := ds.Features()
		x, y := make([]float64, l.BatchSize*f), make([]float64, l.BatchSize)
		var labels []int
		if ds.Labels != nil {
			labels = make([]int, l.BatchSize)
		}
		b := &Batch{}
		for epoch := 1; epoch <= epochs; epoch++ {
			taken := 0 // batches of this epoch
			for rows := range bs.Epoch() {
				n := len(rows)
				if err := ds.Gather(x[:n*f], y[:n], rows); err != nil {
					l.err = fmt.Errorf("lesson: %w", err)
					return
				}
				*b = Batch{Epoch: epoch, Step: l.done + 1, Rows: rows, Y: y[:n], Loss: math.NaN(),
					X: autograd.FromValues([]int{n, f}, x[:n*f])}
				if labels != nil {
					if err := ds.GatherLabels(labels[:n], rows); err != nil {
						l.err = fmt.Errorf("lesson: %w", err)
						return
					}
					b.Labels = labels[:n]
				}
				start := time.Now()
				more := yield(b)
				l.elapsed += time.Since(start)
				if !more {
					l.err = errStopped
					return
				}
				l.done++
				taken++
				if l.AfterStep != nil {
					if err := l.AfterStep(b); err != nil {
						l.err = err
						return
					}
				}
				if l.Steps > 0 && l.done == l.Steps {
					break
				}
			}
			if taken < l.perEpoch {
				return // Steps ended the loop in the middle of this epoch
			}
			if l.AfterEpoch != nil {
				if err := l.AfterEpoch(epoch); err != nil {
					l.err = err
					return
				}
			}
		}
	}
}

func (l *Loop) check(ds *data.Dataset[float64]) error {
	switch {
	case ds == nil:
		return errors.New("lesson: Loop over a nil dataset")
	case l.Epochs < 0 || l.Steps < 0:
		return fmt.Errorf("lesson: Loop with %d epochs and %d steps, want neither negative", l.Epochs, l.Steps)
	case l.Epochs == 0 && l.Steps == 0:
		return errors.New("lesson: Loop with neither Epochs nor Steps set: it would take no step")
	case l.BatchSize < 1:
		return fmt.Errorf("lesson: Loop with batch size %d, want at least 1", l.BatchSize)
	}
	return nil
}

func (l *Loop) batchOptions() []data.BatchOption {
	opts := []data.BatchOption{data.Shuffle(l.Seed)}
	if l.DropLast {
		opts = append(opts, data.DropLast())
	}
	return opts
}

// Err returns the error that ended the last range over [Loop.Batches], or
// nil if it ran to the end.
func (l *Loop) Err() error { return l.err }

// Done returns the number of steps the last range over [Loop.Batches] has
// taken so far: the batches whose body returned.
func (l *Loop) Done() int { return l.done }

// StepsPerEpoch returns the number of batches of an epoch, once a range over
// [Loop.Batches] has started (0 before).
func (l *Loop) StepsPerEpoch() int { return l.perEpoch }

// Elapsed returns the wall time spent in the loop's body so far: the time
// the training steps took, without the gathering of the batches and without
// the hooks (an evaluation on the whole dataset, say).
func (l *Loop) Elapsed() time.Duration { return l.elapsed }

// Argmax returns the index of the largest value of s, the first if several
// are equal, or -1 if s is empty. NaN is never the largest.
func Argmax(s []float64) int {
	best := -1
	for i, v := range s {
		if !math.IsNaN(v) && (best < 0 || v > s[best]) {
			best = i
		}
	}
	return best
}

// Accuracy returns the share of the rows of logits (row-major, classes
// scores a row) whose largest score is at the row's label.
func Accuracy(logits []float64, classes int, labels []int) (float64, error) {
	if classes < 1 || len(logits) != classes*len(labels) || len(labels) == 0 {
		return 0, fmt.Errorf("lesson: Accuracy of %d scores for %d labels in %d classes, want %d×%d ≥ 1 scores",
			len(logits), len(labels), classes, len(labels), classes)
	}
	correct := 0
	for i, label := range labels {
		if Argmax(logits[i*classes:(i+1)*classes]) == label {
			correct++
		}
	}
	return float64(correct) / float64(len(labels)), nil
}

// Classifier is a model that maps a batch of inputs, shape [n, features], to
// class scores (logits), shape [n, classes]; [autograd.MLP] is one.
type Classifier interface {
	Forward(x *autograd.Var[float64]) *autograd.Var[float64]
}

// Evaluate returns the mean softmax cross-entropy of net's scores on the
// rows of a classification dataset and the share of them it classifies
// correctly (the class of its largest score).
func Evaluate(net Classifier, ds *data.Dataset[float64]) (loss, accuracy float64, err error) {
	if ds == nil || ds.Labels == nil {
		return 0, 0, errors.New("lesson: Evaluate needs a classification dataset (with labels)")
	}
	logits := net.Forward(autograd.FromValues([]int{ds.Len(), ds.Features()}, ds.X))
	l := autograd.SoftmaxCrossEntropy(logits, ds.Labels)
	if err := l.Err(); err != nil {
		return 0, 0, fmt.Errorf("lesson: Evaluate: %w", err)
	}
	accuracy, err = Accuracy(logits.Value(), ds.NumClasses, ds.Labels)
	return l.Item(), accuracy, err
}

// Predictor returns the class net predicts at a point (x, y) of the plane:
// the index of its largest score. It suits [plotting.ClassMapPlot] for a
// network of two inputs; it returns -1 where net fails.
func Predictor(net Classifier) func(x, y float64) int {
	return func(x, y float64) int {
		return Argmax(net.Forward(autograd.FromValues([]int{1, 2}, []float64{x, y})).Value())
	}
}

// Recipe is one way to train a network: an optimizer and, optionally, a
// learning-rate schedule.
type Recipe struct {
	// Name labels the recipe in tables and legends.
	Name string
	// Optimizer builds the optimizer for a network's parameters. [Every]
	// builds one for all of them.
	Optimizer func(net *autograd.MLP[float64]) (optim.Optimizer[float64], error)
	// PerStep, if not nil, attaches a scheduler that steps after every
	// optimizer step; steps is the run's total number of steps.
	PerStep func(opt optim.LRGroups, steps int) (schedule.Scheduler, error)
	// Plateau, if not nil, attaches a ReduceLROnPlateau that steps after
	// every epoch with the loss on the training set.
	Plateau func(opt optim.LRGroups) (*schedule.ReduceLROnPlateau, error)
}

// Every returns a [Recipe.Optimizer] that gives all of a network's
// parameters to the optimizer of pkg/optim whose torch class name is class
// ("SGD", "Adam", …), with opts.
func Every(class string, opts ...optim.Option) func(net *autograd.MLP[float64]) (optim.Optimizer[float64], error) {
	return func(net *autograd.MLP[float64]) (optim.Optimizer[float64], error) {
		return optim.New(class, net.Parameters(), opts...)
	}
}

// ExtraTestAccuracy names the extra of a [Run]'s history that holds the accuracy
// on the test set.
const ExtraTestAccuracy = "test accuracy"

// Run is a network being trained with a [Recipe] on a classification
// dataset, with its history: one record per epoch, record 0 the untrained
// network, each holding the loss on the training set, the learning rate of
// group 0 at the end of the epoch, the epoch ([plotting.ExtraEpoch]) and the
// accuracy on the test set ([ExtraTestAccuracy]).
type Run struct {
	// Net is the network, trained in place.
	Net *autograd.MLP[float64]
	// Opt is the recipe's optimizer for Net.
	Opt optim.Optimizer[float64]
	// History is the run's record, epoch by epoch.
	History *plotting.Trace

	loop              Loop
	trainSet, testSet *data.Dataset[float64]
	perStep           schedule.Scheduler
	plateau           *schedule.ReduceLROnPlateau
	started           bool
}

// NewRun prepares a run of recipe r on net: it builds the optimizer and the
// schedulers, and records the untrained network as epoch 0. The run takes
// loop's Epochs, BatchSize, Seed and DropLast for [Run.Batches]; loop's
// hooks must be nil (the run sets its own) and so must its Steps.
func NewRun(r Recipe, net *autograd.MLP[float64], trainSet, testSet *data.Dataset[float64], loop Loop) (*Run, error) {
	switch {
	case r.Optimizer == nil:
		return nil, fmt.Errorf("lesson: recipe %q has no Optimizer", r.Name)
	case net == nil:
		return nil, errors.New("lesson: NewRun with a nil network")
	case trainSet == nil || testSet == nil:
		return nil, errors.New("lesson: NewRun needs a training set and a test set")
	case loop.AfterStep != nil || loop.AfterEpoch != nil:
		return nil, errors.New("lesson: NewRun sets the loop's hooks: leave AfterStep and AfterEpoch nil")
	case loop.Epochs < 1 || loop.Steps != 0:
		return nil, fmt.Errorf("lesson: NewRun with %d epochs and %d steps, want Epochs ≥ 1 and no Steps", loop.Epochs, loop.Steps)
	}
	if err := loop.check(trainSet); err != nil {
		return nil, err
	}
	bs, err := data.NewBatches(trainSet.Len(), loop.BatchSize, loop.batchOptions()...)
	if err != nil {
		return nil, fmt.Errorf("lesson: %w", err)
	}
	opt, err := r.Optimizer(net)
	if err != nil {
		return nil, err
	}
	run := &Run{Net: net, Opt: opt, History: plotting.NewTrace(r.Name), loop: loop, trainSet: trainSet, testSet: testSet}
	if r.PerStep != nil {
		if run.perStep, err = r.PerStep(opt, loop.Epochs*bs.NumBatches()); err != nil {
			return nil, err
		}
	}
	if r.Plateau != nil {
		if run.plateau, err = r.Plateau(opt); err != nil {
			return nil, err
		}
	}
	if _, err := run.record(0); err != nil {
		return nil, err
	}
	run.loop.AfterStep = run.afterStep
	run.loop.AfterEpoch = run.afterEpoch
	return run, nil
}

// Batches returns the batches of the run's epochs over the training set, as
// [Loop.Batches]. After each step it steps the recipe's per-step scheduler;
// after each epoch it records the epoch in History and steps the plateau
// scheduler with the training loss. A run can be ranged over once; a second
// range yields nothing and sets [Run.Err].
func (r *Run) Batches() iter.Seq[*Batch] {
	if r.started {
		return func(func(*Batch) bool) {
			r.loop.err = errors.New("lesson: a Run's batches can be ranged over once")
		}
	}
	r.started = true
	return r.loop.Batches(r.trainSet)
}

// Err returns the error that ended the run's batches early, or nil.
func (r *Run) Err() error { return r.loop.Err() }

// Accuracies returns the test accuracy after every epoch, from epoch 0.
func (r *Run) Accuracies() []float64 {
	a, _ := r.History.Extra(ExtraTestAccuracy)
	return a
}

func (r *Run) afterStep(*Batch) error {
	if r.perStep == nil {
		return nil
	}
	return r.perStep.Step()
}

func (r *Run) afterEpoch(epoch int) error {
	loss, err := r.record(epoch)
	if err != nil || r.plateau == nil {
		return err
	}
	return r.plateau.Step(loss)
}

// record evaluates the network and records epoch in the history; it returns
// the loss on the training set.
func (r *Run) record(epoch int) (float64, error) {
	loss, _, err := Evaluate(r.Net, r.trainSet)
	if err != nil {
		return 0, err
	}
	_, acc, err := Evaluate(r.Net, r.testSet)
	if err != nil {
		return 0, err
	}
	return loss, r.History.Record(epoch, loss, nil, r.Opt.LR(),
		plotting.Extra{Name: plotting.ExtraEpoch, Value: float64(epoch)},
		plotting.Extra{Name: ExtraTestAccuracy, Value: acc})
}

// CountParams returns the number of scalar parameters in the tensors.
func CountParams(params []*tensor.Tensor[float64]) int {
	n := 0
	for _, p := range params {
		n += len(p.Value)
	}
	return n
}

// ClassMap draws the points of a classification dataset of two features by
// class, over box (the zero Box fits the points). If predict is not nil, it
// paints the plane by the class predict returns (see [Predictor]), draws the
// boundaries between the classes and rings the points predict gets wrong.
func ClassMap(title string, ds *data.Dataset[float64], box plotting.Box, predict func(x, y float64) int) (*plotting.Figure, error) {
	if ds == nil || ds.Labels == nil || ds.Features() != 2 {
		return nil, errors.New("lesson: ClassMap needs a classification dataset of two features")
	}
	x, y := make([]float64, ds.Len()), make([]float64, ds.Len())
	for i := range x {
		x[i], y[i] = ds.Row(i)[0], ds.Row(i)[1]
	}
	points, err := plotting.PointsByClass(x, y, ds.Labels)
	if err != nil {
		return nil, err
	}
	cp := plotting.ClassMapPlot{Title: title, XLabel: "x₁", YLabel: "x₂", Box: box, EqualAspect: true,
		RingMisclassified: predict != nil}
	return cp.Figure(predict, points...)
}
