package optim_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/tensor"
)

// TestConcurrentStep runs Step on one optimizer from two goroutines at once
// (issue 20, item 5): where two calls overlap, one of them must fail with
// ErrConcurrentUse instead of racing (go test -race checks that nothing
// races), and the optimizer must have taken exactly the steps that
// succeeded.
func TestConcurrentStep(t *testing.T) {
	for _, name := range steppers() {
		t.Run(name, func(t *testing.T) {
			p := tensor.Zeros[float32]("p", 1<<20) // a step long enough for the two to overlap
			for i := range p.Grad {
				p.Grad[i] = float32(i%7) - 3
			}
			opt, err := optim.New(name, []*tensor.Tensor[float32]{p}, optim.LR(1e-3))
			if err != nil {
				t.Fatal(err)
			}
			var (
				wg         sync.WaitGroup
				mu         sync.Mutex
				ok, denied int
			)
			for range 2 {
				wg.Go(func() {
					for range 5000 { // until both a success and a refusal are seen: overlap is a matter of timing
						err := opt.Step()
						mu.Lock()
						switch {
						case err == nil:
							ok++
						case errors.Is(err, optim.ErrConcurrentUse):
							denied++
						default:
							t.Errorf("Step: %v", err)
						}
						stop := denied > 0 && ok > 0
						mu.Unlock()
						if stop {
							return
						}
					}
				})
			}
			wg.Wait()
			if denied == 0 {
				t.Fatalf("%d Steps from two goroutines, none refused with ErrConcurrentUse", ok)
			}
			if opt.StepCount() != ok {
				t.Errorf("step count %d after %d successful Steps", opt.StepCount(), ok)
			}
		})
	}
}

// TestConcurrentMisuse checks the other calls that take the optimizer: run
// against a Step in another goroutine, each fails with ErrConcurrentUse
// (ZeroGrad panics with it) at least once, and never races.
func TestConcurrentMisuse(t *testing.T) {
	p := tensor.Zeros[float64]("p", 1<<18)
	opt, err := optim.NewAdam([]*tensor.Tensor[float64]{p})
	if err != nil {
		t.Fatal(err)
	}
	if err := opt.Step(); err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"ZeroGrad": func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err, _ = r.(error)
					if err == nil {
						t.Errorf("ZeroGrad panicked with %v, not an error", r)
					}
				}
			}()
			opt.ZeroGrad()
			return nil
		},
		"SetLR":            func() error { return opt.SetLR(1e-3) },
		"SetGroupLR":       func() error { return opt.SetGroupLR(0, 1e-3) },
		"SetGroupMomentum": func() error { return opt.SetGroupMomentum(0, 0.9) },
		"MarshalBinary":    func() error { _, err := opt.MarshalBinary(); return err },
		"UnmarshalBinary": func() error {
			return opt.UnmarshalBinary([]byte("not a checkpoint")) // fails anyway, but only after taking the optimizer
		},
		"State": func() error { _, err := optim.State[float64](opt, 0); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			stop, done := make(chan struct{}), make(chan struct{})
			go func() {
				defer close(done)
				for {
					select {
					case <-stop:
						return
					default:
					}
					if err := opt.Step(); err != nil && !errors.Is(err, optim.ErrConcurrentUse) {
						t.Errorf("Step: %v", err)
					}
				}
			}()
			seen := false
			for deadline := time.Now().Add(20 * time.Second); !seen && time.Now().Before(deadline); {
				seen = errors.Is(call(), optim.ErrConcurrentUse)
				time.Sleep(20 * time.Microsecond) // leave the optimizer to Step most of the time
			}
			close(stop)
			<-done
			if !seen {
				t.Errorf("%s: never refused in 20 s of Steps in another goroutine", name)
			}
		})
	}
}
