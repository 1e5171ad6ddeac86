package autograd

import (
	"math"
	"sync"
	"testing"
)

// TestConcurrentForward runs the documented concurrent use: goroutines
// building graphs over the same parameters and data, each on its own
// workspace or none, while nothing writes to the shared tensors. Under -race
// it checks that the ops (and MatMul's shared scratch pool) only read their
// inputs; the results must equal a serial run's.
func TestConcurrentForward(t *testing.T) {
	s := newMLPStep(t, 3)
	want := SoftmaxCrossEntropy(s.net.Forward(Const(s.x)), s.labels).Item()
	var wg sync.WaitGroup
	got := make([]float32, 4)
	for g := range got {
		wg.Go(func() {
			var ws Workspace[float32]
			for range 3 {
				x := Const(s.x)
				if g%2 == 1 {
					ws.Reset()
					x = ws.Const(s.x)
				}
				got[g] = SoftmaxCrossEntropy(s.net.Forward(x), s.labels).Item()
			}
		})
	}
	wg.Wait()
	for g, v := range got {
		if math.Float32bits(v) != math.Float32bits(want) {
			t.Errorf("goroutine %d: loss %v, serial %v", g, v, want)
		}
	}
}
