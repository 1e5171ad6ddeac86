package testfunc_test

import (
	"fmt"

	"github.com/descentlab/descent/pkg/testfunc"
)

// Plain gradient descent on the ill-conditioned quadratic: the steep x₂
// direction converges within a few steps, the shallow x₁ direction crawls.
func Example() {
	f := testfunc.IllConditioned{}
	x := f.Start()
	grad := make([]float64, f.Dim())
	const lr = 0.1
	for step := 1; step <= 100; step++ {
		f.Grad(grad, x)
		for i := range x {
			x[i] -= lr * grad[i]
		}
		if step == 10 || step == 100 {
			fmt.Printf("step %3d: x = (%.4g, %.4g), f = %.4g\n", step, x[0], x[1], f.Func(x))
		}
	}
	// Output:
	// step  10: x = (-4.085, -0.01209), f = 1.669
	// step 100: x = (-0.6631, -1.307e-22), f = 0.04397
}

func ExampleAll() {
	for _, f := range testfunc.All() {
		fmt.Printf("%-13s dim %d  f(start) = %-8.4g minima %d\n", f.Name(), f.Dim(), f.Func(f.Start()), len(f.Minima()))
	}
	// Output:
	// quadratic     dim 1  f(start) = 9        minima 1
	// quadratic2d   dim 2  f(start) = 10.5     minima 1
	// quadratic-3d  dim 3  f(start) = 0        minima 1
	// rosenbrock    dim 2  f(start) = 24.2     minima 1
	// rosenbrock-4d dim 4  f(start) = 532.4    minima 1
	// beale         dim 2  f(start) = 14.2     minima 1
	// saddle        dim 2  f(start) = 4        minima 0
	// himmelblau    dim 2  f(start) = 170      minima 4
	// double-well   dim 1  f(start) = 6        minima 2
}

func ExampleRosenbrock() {
	f := testfunc.Rosenbrock{}
	x := f.Start()
	grad := make([]float64, 2)
	f.Grad(grad, x)
	fmt.Printf("f(%.4g, %.4g) = %.4g, ∇f = (%.4g, %.4g)\n", x[0], x[1], f.Func(x), grad[0], grad[1])
	m := f.Minima()[0]
	fmt.Printf("minimum f(%.4g, %.4g) = %.4g\n", m.X[0], m.X[1], m.F)
	xmin, xmax, ymin, ymax := f.Bounds()
	fmt.Printf("plot box [%.4g, %.4g] × [%.4g, %.4g]\n", xmin, xmax, ymin, ymax)
	// Output:
	// f(-1.2, 1) = 24.2, ∇f = (-215.6, -88)
	// minimum f(1, 1) = 0
	// plot box [-2, 2] × [-1, 3]
}

func ExampleNewQuadratic() {
	// f(x) = ½(2x₁² + 8x₂²) − (2x₁ + 4x₂), minimised at A⁻¹b = (1, 0.5).
	q, err := testfunc.NewQuadratic([]float64{2, 0, 0, 8}, []float64{2, 4}, []float64{0, 0})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := q.Minima()[0]
	fmt.Printf("%s: minimum f(%.4g, %.4g) = %.4g\n", q.Name(), m.X[0], m.X[1], m.F)

	_, err = testfunc.NewQuadratic([]float64{1, 2, 2, 1}, []float64{0, 0}, []float64{0, 0})
	fmt.Println(err)
	// Output:
	// quadratic-2d: minimum f(1, 0.5) = -2
	// testfunc: quadratic A is not positive definite
}

func ExampleCheckDim() {
	f := testfunc.Beale{}
	fmt.Println(testfunc.CheckDim(f, []float64{1, 2, 3}, nil))
	// Output:
	// testfunc: beale takes x of length 2, got 3
}
