package autograd

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/tensor"
)

// mlpStep is one training step of a 784-128-10 ReLU MLP on a batch of 64
// in float32 (the benchmark's), with the graph on ws if ws is not nil. It
// returns the loss.
type mlpStep struct {
	net    *MLP[float32]
	params []*tensor.Tensor[float32]
	x      *tensor.Tensor[float32]
	labels []int
}

func newMLPStep(t testing.TB, seed uint64) *mlpStep {
	const batch, in, hidden, classes = 64, 784, 128, 10
	r := rand.New(rand.NewPCG(seed, 2))
	net, err := NewMLP[float32]([]int{in, hidden, classes}, ReLU, r)
	if err != nil {
		t.Fatal(err)
	}
	xs := make([]float32, batch*in)
	for i := range xs {
		xs[i] = float32(r.Float64())
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = r.IntN(classes)
	}
	return &mlpStep{net, net.Parameters(), must(tensor.New("x", []int{batch, in}, xs)), labels}
}

func (s *mlpStep) run(t testing.TB, ws *Workspace[float32]) float32 {
	params := s.params
	ZeroGrad(params)
	var x *Var[float32]
	if ws != nil {
		ws.Reset()
		x = ws.Const(s.x)
	} else {
		x = Const(s.x)
	}
	loss := SoftmaxCrossEntropy(s.net.Forward(x), s.labels)
	if err := loss.Backward(); err != nil {
		t.Fatal(err)
	}
	for _, p := range params {
		for i, g := range p.Grad {
			p.Value[i] -= float32(0.01 * g)
		}
	}
	return loss.Item()
}

// TestWorkspaceSameResults trains two copies of the MLP for a few steps,
// one on a workspace: losses and parameters must agree bit for bit.
func TestWorkspaceSameResults(t *testing.T) {
	plain, onWS := newMLPStep(t, 1), newMLPStep(t, 1)
	var ws Workspace[float32]
	for step := range 5 {
		l1, l2 := plain.run(t, nil), onWS.run(t, &ws)
		if math.Float32bits(l1) != math.Float32bits(l2) {
			t.Fatalf("step %d: loss %v, on a workspace %v", step, l1, l2)
		}
	}
	p1, p2 := plain.net.Parameters(), onWS.net.Parameters()
	for i := range p1 {
		if !slices.Equal(p1[i].Value, p2[i].Value) {
			t.Errorf("%s differs after 5 steps on a workspace", p1[i].Name)
		}
	}
}

// TestWorkspaceAllocations checks that a training step on a workspace
// allocates only the Vars and closures of its ops and its leaves' Vars,
// none of the buffers, and no scratch memory for Backward.
func TestWorkspaceAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	s := newMLPStep(t, 2)
	var ws Workspace[float32]
	s.run(t, &ws)
	s.run(t, &ws)    // the second Reset merges the first step's chunks
	const ops = 6    // 2 × (MatMul, Add), ReLU, SoftmaxCrossEntropy
	const leaves = 5 // the data and, in each Linear, the weight and the bias
	if allocs := testing.AllocsPerRun(10, func() { s.run(t, &ws) }); allocs > 2*ops+leaves {
		t.Errorf("a step on a workspace allocates %v times, want at most %d (a Var and a closure per op, a Var per leaf)", allocs, 2*ops+leaves)
	}
	// Without the workspace the buffers are allocated anew.
	if allocs := testing.AllocsPerRun(10, func() { s.run(t, nil) }); allocs <= 2*ops+leaves {
		t.Errorf("a step without a workspace allocates only %v times: the test measures nothing", allocs)
	}
}

// TestWorkspaceSpentVars checks that Vars made before a Reset are refused by
// ops and by Backward, and expose no values.
func TestWorkspaceSpentVars(t *testing.T) {
	var ws Workspace[float64]
	w := tensor.FromSlice("w", []float64{1, 2})
	h := Square(ws.Param(w))
	loss := Sum(h)
	if err := loss.BackwardRetain(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.Grad, []float64{2, 4}) || loss.Item() != 5 {
		t.Fatalf("before Reset: loss %v, grad %v; want 5, [2 4]", loss.Item(), w.Grad)
	}
	ws.Reset()
	if err := loss.Backward(); !errors.Is(err, errSpent) {
		t.Errorf("Backward after Reset: %v, want the spent-Var error", err)
	}
	if err := Mean(h).Err(); err == nil || !strings.Contains(err.Error(), "autograd.Mean: input 0") || !strings.Contains(err.Error(), "Reset") {
		t.Errorf("an op on a spent Var: %v, want an error naming Mean and the Reset", err)
	}
	if h.Value() != nil || h.Grad() != nil || h.Shape() != nil || h.Tensor() != nil || !math.IsNaN(h.Item()) {
		t.Error("a spent Var exposes its buffers")
	}
	if !slices.Equal(w.Grad, []float64{2, 4}) {
		t.Errorf("the parameter's gradient changed to %v", w.Grad)
	}
	// A fresh leaf on the same workspace works again.
	if err := Sum(Square(ws.Param(w))).Backward(); err != nil || !slices.Equal(w.Grad, []float64{4, 8}) {
		t.Errorf("after Reset, a new graph: err %v, grad %v; want nil, [4 8]", err, w.Grad)
	}
}

// TestWorkspaceMixed checks a graph over two workspaces: after the other
// one's Reset, Backward refuses to walk into its spent Vars.
func TestWorkspaceMixed(t *testing.T) {
	var ws1, ws2 Workspace[float64]
	w := tensor.FromSlice("w", []float64{1, 2})
	h := Square(ws2.Param(w)) // on ws2
	loss := Sum(Mul(ws1.Const(tensor.FromSlice("c", []float64{3, 4})), h))
	ws2.Reset()
	if err := loss.Backward(); !errors.Is(err, errSpent) {
		t.Errorf("Backward through a Var spent by another workspace's Reset: %v, want the spent-Var error", err)
	}
	if !slices.Equal(w.Grad, []float64{0, 0}) {
		t.Errorf("the parameter's gradient changed to %v", w.Grad)
	}
}
