package testfunc

// All returns one instance of every function in the package, in a fixed
// order, for tables that loop over them. The general quadratic is the
// three-dimensional instance of [Quadratic3D] and the n-dimensional
// Rosenbrock function has n = 4. Saddle has no minima: a convergence table
// should skip functions whose Minima is empty.
func All() []Function {
	rosen4, err := NewRosenbrockN(4)
	if err != nil {
		panic(err) // unreachable: 4 is a valid dimension
	}
	return []Function{
		Parabola{},
		IllConditioned{},
		Quadratic3D(),
		Rosenbrock{},
		rosen4,
		Beale{},
		Saddle{},
		Himmelblau{},
		DoubleWell{},
	}
}

// Quadratic3D returns the quadratic ½·xᵀAx − bᵀx with
//
//	A = [4 1 0; 1 3 1; 0 1 2],   b = (3, 0, 3),
//
// whose minimum is f(1, −1, 2) = −4.5; it starts at the origin. The
// eigenvalues of A are 3 − √3, 3 and 3 + √3 (condition number ≈ 3.7).
func Quadratic3D() *Quadratic {
	q, err := NewQuadratic(
		[]float64{
			4, 1, 0,
			1, 3, 1,
			0, 1, 2,
		},
		[]float64{3, 0, 3},
		[]float64{0, 0, 0},
	)
	if err != nil {
		panic(err) // unreachable: A is symmetric positive definite
	}
	return q
}
