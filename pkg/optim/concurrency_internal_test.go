package optim

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// TestBusyRefusesEverything holds an optimizer as a running call does and
// checks that every call that takes it is refused with ErrConcurrentUse,
// names itself, and changes nothing.
func TestBusyRefusesEverything(t *testing.T) {
	p := tensor.FromSlice("p", []float64{1, 2, 3})
	opt, err := NewAdam([]*tensor.Tensor[float64]{p})
	if err != nil {
		t.Fatal(err)
	}
	p.Grad[0] = 1
	if err := opt.Step(); err != nil {
		t.Fatal(err)
	}
	saved, _ := opt.MarshalBinary()
	values, grads := slices.Clone(p.Value), slices.Clone(p.Grad)
	opt.busy.Store(true)
	for what, call := range map[string]func() error{
		"Step":             opt.Step,
		"SetLR":            func() error { return opt.SetLR(0.5) },
		"SetGroupLR":       func() error { return opt.SetGroupLR(0, 0.5) },
		"SetGroupMomentum": func() error { return opt.SetGroupMomentum(0, 0.5) },
		"MarshalBinary":    func() error { _, err := opt.MarshalBinary(); return err },
		"UnmarshalBinary":  func() error { return opt.UnmarshalBinary(saved) },
		"State":            func() error { _, err := State[float64](opt, 0); return err },
		"ZeroGrad": func() (err error) {
			defer func() { err, _ = recover().(error) }()
			opt.ZeroGrad()
			return nil
		},
	} {
		err := call()
		if !errors.Is(err, ErrConcurrentUse) || !strings.Contains(err.Error(), "optim: Adam: "+what+": ") {
			t.Errorf("%s on a busy optimizer: error %v, want ErrConcurrentUse naming the call", what, err)
		}
	}
	opt.busy.Store(false)
	if !slices.Equal(p.Value, values) || !slices.Equal(p.Grad, grads) || opt.StepCount() != 1 || opt.LR() != 1e-3 {
		t.Error("a refused call changed the optimizer")
	}
	if now, _ := opt.MarshalBinary(); !bytes.Equal(now, saved) {
		t.Error("a refused call changed the optimizer's state")
	}
}
