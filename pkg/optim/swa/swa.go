// Package swa keeps an averaged copy of a model's parameters, for
// stochastic weight averaging (Izmailov et al., 2018, "Averaging Weights
// Leads to Wider Optima and Better Generalization",
// https://arxiv.org/abs/1803.05407) and exponential moving averages, as
// torch.optim.swa_utils.AveragedModel. Its SWALR scheduler is
// schedule.SWALR.
//
// The loop: step the optimizer as usual and, from the step where averaging
// starts, call Update after each step; Params are the averaged tensors, to
// evaluate or to copy into the model with CopyTo at the end.
//
//	avg, _ := swa.New(params) // torch: AveragedModel(model)
//	for step := range steps {
//		... // gradients
//		opt.Step()
//		if step >= start {
//			avg.Update() // torch: swa_model.update_parameters(model)
//			swaSched.Step()
//		}
//	}
//	avg.CopyTo(params)
//
// The averages follow torch 1.13 operation by operation, in the tensors'
// element type: the first Update copies the parameters; after that the
// running mean is a + (p - a)/(n + 1), n the number of updates so far, and
// the exponential moving average d*a + (1 - d)*p with d and 1 - d (computed
// in float64) rounded to the element type. The parity tests of package
// optim replay torch's recorded averages bit for bit.
//
// An Averaged implements optim.Stateful: optim.SaveFile(path, opt, sched,
// avg) saves it with the optimizer and the scheduler, and training resumes
// bit for bit. torch's update_bn, which recomputes batch-norm statistics for
// the averaged weights, has no counterpart: descent has no batch norm.
package swa

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
	"github.com/descentlab/descent/pkg/tensor"
)

// AvgFunc computes a custom average in place, torch's avg_fn: avg holds the
// average of the n updates so far (n >= 1), param the parameter's values now;
// it writes the new average into avg. The two slices have the same length.
// It is called from Update only, once per parameter tensor, from the
// goroutine that calls Update.
type AvgFunc[T tensor.Float] func(avg, param []T, n int)

// Averaged is an averaged copy of a set of parameter tensors, torch's
// AveragedModel: the running mean of their values after each Update
// (the default), an exponential moving average, or an average of your own.
//
// An Averaged is not safe for concurrent use. Update reads the model's
// tensors, so it must not overlap a write to them (an optimizer Step);
// Params may be read by any number of goroutines between Updates.
type Averaged[T tensor.Float] struct {
	model []*tensor.Tensor[T]
	avg   []*tensor.Tensor[T]
	n     int    // updates so far, torch's n_averaged
	kind  string // "mean", "ema" or the name of a custom AvgFunc
	decay float64
	fn    AvgFunc[T]
}

// New returns the running mean of params, torch's AveragedModel(model)
// with its default avg_fn. Until the first Update the averages are copies of
// the parameters' values now.
func New[T tensor.Float](params []*tensor.Tensor[T]) (*Averaged[T], error) {
	return newAveraged(params, "mean", 0, nil)
}

// NewEMA returns the exponential moving average of params with the given
// decay in [0, 1]: after the first Update (a copy), a = decay*a +
// (1-decay)*p, which torch writes AveragedModel(model, avg_fn=lambda a, p,
// n: decay*a + (1 - decay)*p).
func NewEMA[T tensor.Float](params []*tensor.Tensor[T], decay float64) (*Averaged[T], error) {
	if !(decay >= 0 && decay <= 1) {
		return nil, fmt.Errorf("swa: EMA: decay = %v is outside [0, 1]", decay)
	}
	return newAveraged(params, "ema", decay, nil)
}

// NewFunc returns an average of params computed by f after the first Update
// (a copy), torch's AveragedModel(model, avg_fn=f). name identifies the
// function in checkpoints: a checkpoint restores only into an Averaged with
// the same name (and must not be "mean" or "ema").
func NewFunc[T tensor.Float](params []*tensor.Tensor[T], name string, f AvgFunc[T]) (*Averaged[T], error) {
	if f == nil {
		return nil, errors.New("swa: NewFunc: the average function is nil")
	}
	if name == "" || name == "mean" || name == "ema" {
		return nil, fmt.Errorf("swa: NewFunc: name %q: want a name of your own, not empty, \"mean\" or \"ema\"", name)
	}
	return newAveraged(params, name, 0, f)
}

func newAveraged[T tensor.Float](params []*tensor.Tensor[T], kind string, decay float64, f AvgFunc[T]) (*Averaged[T], error) {
	if len(params) == 0 {
		return nil, errors.New("swa: no parameters to average")
	}
	a := &Averaged[T]{kind: kind, decay: decay, fn: f, model: append([]*tensor.Tensor[T](nil), params...)}
	for i, p := range params {
		if p == nil {
			return nil, fmt.Errorf("swa: parameter %d is nil", i)
		}
		if err := p.Check(); err != nil {
			return nil, fmt.Errorf("swa: parameter %d: %w", i, err)
		}
		c, err := tensor.New(p.Name, p.Shape, p.Value)
		if err != nil {
			return nil, fmt.Errorf("swa: parameter %d: %w", i, err)
		}
		a.avg = append(a.avg, c)
	}
	return a, nil
}

// Update adds the parameters' values now to the average, torch's
// update_parameters: the first call copies them. It returns an error, and
// changes nothing, if a parameter tensor no longer has the size it had when
// the Averaged was built. It allocates nothing.
func (a *Averaged[T]) Update() error {
	for i, p := range a.model {
		if len(p.Value) != len(a.avg[i].Value) {
			return fmt.Errorf("swa: Update: parameter %d (%s) has %d values, it had %d", i, p.Name, len(p.Value), len(a.avg[i].Value))
		}
	}
	for i, p := range a.model {
		avg, m := a.avg[i].Value, p.Value
		switch {
		case a.n == 0:
			copy(avg, m)
		case a.fn != nil:
			a.fn(avg, m, a.n)
		case a.kind == "ema":
			d, e := T(a.decay), T(1-a.decay)
			for j, x := range m {
				avg[j] = T(d*avg[j]) + T(e*x)
			}
		default:
			n1 := T(a.n + 1)
			for j, x := range m {
				avg[j] += (x - avg[j]) / n1
			}
		}
	}
	a.n++
	return nil
}

// NumAveraged returns the number of Updates so far, torch's n_averaged.
func (a *Averaged[T]) NumAveraged() int { return a.n }

// Params returns the averaged tensors, one per parameter, in order, with the
// parameters' names and shapes. They are the Averaged's own: read them
// (Value) between Updates; writing them changes the average.
func (a *Averaged[T]) Params() []*tensor.Tensor[T] { return a.avg }

// CopyTo copies the averages into dst, one tensor per parameter with the
// same number of values (usually the model's parameters, for evaluation or
// at the end of training). On error nothing is copied.
func (a *Averaged[T]) CopyTo(dst []*tensor.Tensor[T]) error {
	if len(dst) != len(a.avg) {
		return fmt.Errorf("swa: CopyTo: %d tensors, the average has %d", len(dst), len(a.avg))
	}
	for i, d := range dst {
		if d == nil || len(d.Value) != len(a.avg[i].Value) {
			return fmt.Errorf("swa: CopyTo: tensor %d is nil or has another size than the %d values of %s", i, len(a.avg[i].Value), a.avg[i].Name)
		}
	}
	for i, d := range dst {
		copy(d.Value, a.avg[i].Value)
	}
	return nil
}

// MarshalBinary encodes the averages, the number of updates and the kind of
// average (a record of kind 'A', see ../checkpoint.md).
func (a *Averaged[T]) MarshalBinary() ([]byte, error) {
	var e ckpt.Encoder
	e.String("AveragedModel")
	e.Uint8(uint8(elemSize[T]()))
	e.String(a.kind)
	e.Float64(a.decay)
	e.Int64(int64(a.n))
	e.Len(len(a.avg))
	for _, t := range a.avg {
		e.String(t.Name)
		e.Len(len(t.Value))
		ckpt.Floats(&e, t.Value)
	}
	return ckpt.Seal(ckpt.KindAverage, e.Bytes()), nil
}

// UnmarshalBinary restores the state MarshalBinary encoded into an Averaged
// of the same element type, kind of average (and decay, or function name)
// and parameter sizes. A state of another kind is an error wrapping
// optim.ErrMismatch, a damaged one optim.ErrCorrupt (or optim.ErrVersion); on
// error nothing changes.
func (a *Averaged[T]) UnmarshalBinary(data []byte) error {
	body, err := ckpt.Open(data, ckpt.KindAverage)
	if err != nil {
		var ke *ckpt.KindError
		if errors.As(err, &ke) {
			return fmt.Errorf("swa: restore: %w: %v", optim.ErrMismatch, err)
		}
		return fmt.Errorf("swa: restore: %w", err)
	}
	d := ckpt.NewDecoder(body)
	d.Expect("the record", "AveragedModel")
	size := int(d.Uint8())
	kind := d.String()
	decay := d.Float64()
	n := d.Int64()
	count := d.Len(8)
	if d.Err() != nil {
		return corrupt(d.Err())
	}
	switch {
	case size != elemSize[T]():
		return mismatch("it holds %d-byte values, this average %d-byte ones", size, elemSize[T]())
	case kind != a.kind || math.Float64bits(decay) != math.Float64bits(a.decay):
		return mismatch("it is an average of kind %q (decay %v), this one %q (decay %v)", kind, decay, a.kind, a.decay)
	case count != len(a.avg):
		return mismatch("it averages %d tensors, this one %d", count, len(a.avg))
	case n < 0 || n > math.MaxInt32:
		return corrupt(fmt.Errorf("the number of updates %d is out of range", n))
	}
	vals := make([][]T, count)
	for i := range vals {
		_ = d.String() // the tensor's name, for people reading the file
		k := d.Len(size)
		if d.Err() == nil && k != len(a.avg[i].Value) {
			return mismatch("tensor %d has %d values, this one %d", i, k, len(a.avg[i].Value))
		}
		vals[i] = ckpt.ReadFloats[T](d, k)
	}
	if err := d.Finish(); err != nil {
		return corrupt(err)
	}
	for i, v := range vals {
		copy(a.avg[i].Value, v)
	}
	a.n = int(n)
	return nil
}

func mismatch(format string, args ...any) error {
	return fmt.Errorf("swa: restore: %w: %s", optim.ErrMismatch, fmt.Sprintf(format, args...))
}

func corrupt(err error) error {
	if errors.Is(err, optim.ErrCorrupt) {
		return fmt.Errorf("swa: restore: %w", err)
	}
	return fmt.Errorf("swa: restore: %w: %v", optim.ErrCorrupt, err)
}

// elemSize returns the size in bytes of T's values: 4 or 8.
func elemSize[T tensor.Float]() int {
	var probe T = 1 + 0x1p-30 // exact in float64, rounds to 1 in float32
	if probe == 1 {
		return 4
	}
	return 8
}

var _ optim.Stateful = (*Averaged[float64])(nil)
