package autograd_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/descentlab/descent/pkg/autograd"
	"github.com/descentlab/descent/pkg/tensor"
)

// Gradient descent on (theta - 3)², with autograd computing the gradient and
// a hand-written SGD step. In float64 this is the document's first cell, and
// it prints the document's number.
func ExampleMSELoss() {
	theta := tensor.Scalar[float64]("theta", 0)
	const learningRate = 0.1
	for range 100 {
		theta.ZeroGrad()
		loss := autograd.MSELoss(autograd.Param(theta), autograd.Scalar(3.0))
		if err := loss.Backward(); err != nil {
			fmt.Println(err)
			return
		}
		theta.Value[0] -= float64(learningRate * theta.Grad[0])
	}
	fmt.Println("Optimal Theta: ", theta.Item())
	// Output: Optimal Theta:  2.9999999993888893
}

// An error in a chain of ops surfaces at Backward, naming the op and shapes.
func ExampleVar_Backward_error() {
	w := tensor.Zeros[float32]("w", 4, 3)
	b := tensor.Zeros[float32]("b", 4)
	loss := autograd.Sum(autograd.Tanh(autograd.Add(autograd.Param(w), autograd.Param(b))))
	fmt.Println(loss.Backward())
	fmt.Println(loss.Item())
	// Output:
	// autograd.Add: shapes [4 3] and [4] do not broadcast (they must be equal, or one must equal the trailing dimensions of the other)
	// NaN
}

// A small MLP learns XOR with softmax cross-entropy and plain SGD.
func ExampleMLP() {
	x := autograd.FromValues([]int{4, 2}, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	labels := []int{0, 1, 1, 0}
	net, err := autograd.NewMLP[float64]([]int{2, 8, 2}, autograd.Tanh, rand.New(rand.NewPCG(2024, 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	params := net.Parameters()
	for step := range 2000 {
		autograd.ZeroGrad(params)
		loss := autograd.SoftmaxCrossEntropy(net.Forward(x), labels)
		if err := loss.Backward(); err != nil {
			fmt.Println(err)
			return
		}
		if step%500 == 0 {
			fmt.Printf("step %4d: loss %.2g\n", step, loss.Item())
		}
		for _, p := range params {
			for i, g := range p.Grad {
				p.Value[i] -= float64(0.5 * g)
			}
		}
	}
	logits := net.Forward(x).Value() // [4 2], row-major
	for i := range labels {
		fmt.Printf("point %d: class %d, score gap %.1f\n", i, argmax(logits[2*i:2*i+2]), logits[2*i+1]-logits[2*i])
	}
	// Output:
	// step    0: loss 0.76
	// step  500: loss 0.004
	// step 1000: loss 0.0016
	// step 1500: loss 0.00099
	// point 0: class 0, score gap -7.4
	// point 1: class 1, score gap 7.2
	// point 2: class 1, score gap 7.3
	// point 3: class 0, score gap -7.1
}

func argmax(s []float64) int {
	best := 0
	for i, v := range s {
		if v > s[best] {
			best = i
		}
	}
	return best
}

// A Workspace lends every step's buffers and takes them back at Reset, so
// that the training loop allocates almost nothing after its first step.
func ExampleWorkspace() {
	xt := must(tensor.New("x", []int{4, 2}, []float32{0, 0, 0, 1, 1, 0, 1, 1}))
	labels := []int{0, 1, 1, 0}
	net, err := autograd.NewMLP[float32]([]int{2, 8, 2}, autograd.Tanh, rand.New(rand.NewPCG(2024, 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	params := net.Parameters()
	var ws autograd.Workspace[float32]
	var last float32
	for step := range 1000 {
		ws.Reset() // the previous step's Vars are spent from here on
		autograd.ZeroGrad(params)
		loss := autograd.SoftmaxCrossEntropy(net.Forward(ws.Const(xt)), labels)
		if err := loss.Backward(); err != nil {
			fmt.Println(err)
			return
		}
		last = loss.Item() // copied out: the loss Var is spent at the next Reset
		if step%250 == 0 {
			fmt.Printf("step %3d: loss %.2g\n", step, last)
		}
		for _, p := range params {
			for i, g := range p.Grad {
				p.Value[i] -= float32(0.5 * g)
			}
		}
	}
	fmt.Printf("final loss %.2g\n", last)
	// Output:
	// step   0: loss 0.76
	// step 250: loss 0.012
	// step 500: loss 0.004
	// step 750: loss 0.0023
	// final loss 0.0016
}

func must[V any](v V, err error) V {
	if err != nil {
		panic(err)
	}
	return v
}
