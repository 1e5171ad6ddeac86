package nbtest_test

// Lesson 09. Within a cell GoNB may reorder text and images: the images listed come after a line of an earlier
// cell, and those of the cells that also print are counted, not placed.
func init() {
	expected["09-second-order-and-line-search.ipynb"] = expectation{
		sequence: []step{
			// one Newton step on a quadratic, from anywhere
			line("(θ − 3)² from θ₀ = 1e+06: after one Newton step θ = 3"),
			// the double well: a local minimum, the local maximum, a far jump where f'' ≈ 0
			line("x₀ = 2.00: x₁ = 1.5000, x₆ = 1.1309, f'(x₆) = +1.2e-13, f''(x₆) = +9.35, f(x₆) = -1.0702"),
			line("x₀ = 0.50: x₁ = 0.0000, x₆ = 0.1699, f'(x₆) = +0.0e+00, f''(x₆) = -5.65, f(x₆) = 0.0841"),
			line("x₀ = 0.72: x₁ = 8.9945, x₆ = 1.4886, f'(x₆) = +5.3e+00, f''(x₆) = +20.59, f(x₆) = -0.2487"),
			image, // Newton on the double well
			// Newton in 2-D: the quadratic's minimum, the saddle point
			line("quadratic2d from [-5 -2]: one Newton step to (9e-11, 2e-11), f = 1.3e-21; Hessian [0.2 0; 0 4]"),
			line("saddle from [1 0.5]: one Newton step to (-8e-12, -2e-12), f = 6.5e-23; Hessian [2 0; 0 -2]"),
			line("gradient descent at its best η = 0.476: f < 1e-6 after 81 steps"),
			// gonum's Newton, with its modified Hessian and line search
			line("gonum's Newton on rosenbrock  from [-1.2 1]   GradientThreshold after 22 steps at (1, 1), error: <nil>"),
			line("gonum's Newton on saddle      from [-2 0.01]  Failure           after  0 steps at (-2, 0.01), error: linesearch: failed to converge"),
			// the slice of Rosenbrock and the steps each test accepts
			line("Armijo, c₁ = 1e-4        holds for α in [[0.0001 0.3966]]"),
			line("strong Wolfe, c₂ = 0.1   holds for α in [[0.1618 0.2064]]"),
			line("the minimum of φ on the grid: α = 0.1835, φ = 4.128"),
			image, // the slice with the Armijo line and the accepted ranges
			line("*optimize.Backtracking   trials [1.0000 0.5000 0.2500]: accepts α = 0.2500, φ = 6.321; Armijo true, strong Wolfe (c₂ = 0.9) true"),
			line("*optimize.MoreThuente    trials [1.0000 0.1972]: accepts α = 0.1972, φ = 4.225; Armijo true, strong Wolfe (c₂ = 0.9) true"),
			// gonum's L-BFGS and BFGS, Adam, and optim.LBFGS on Rosenbrock, in evaluations
			line("LBFGS  f < 1e-10 after    33 iterations,    44 evaluations of f and    35 of ∇f; at the end f = 1.1e-26"),
			line("BFGS   f < 1e-10 after    37 iterations,    56 evaluations of f and    44 of ∇f; at the end f = 3.8e-24"),
			line("Adam   f < 1e-10 after  3645 iterations,  3646 evaluations of f and  3646 of ∇f; at the end f = 1.9e-20"),
			line("optim.LBFGS: f < 1e-10 after 44 evaluations of f and ∇f; at the end f = 4.9e-26 at (1.000000, 1.000000)"),
			image, // the three paths
			image, // loss against the evaluations of f, with optim.LBFGS
			// Adam's per-coordinate learning rates against Newton's 1/λ
			line("step   1: Adam's learning rates 0.1 along x₁, 0.0125 across x₂, ratio 8 (Newton's: 5, 0.25, ratio 20)"),
			line("step 200: Adam's learning rates 0.3425 along x₁, 0.06685 across x₂, ratio 5.12 (Newton's: 5, 0.25, ratio 20)"),
			image, // the learning rates over the steps
		},
		images: 5,
	}
}
