package lesson_test

import (
	"fmt"

	"github.com/descentlab/descent/pkg/lesson"
)

// A scoreboard: numbers line up on the right, text on the left, and a string
// such as "never" can stand in a column of numbers.
func ExampleTable() {
	t := lesson.NewTable(
		lesson.Column{Name: "recipe"},
		lesson.Column{Name: "training loss", Format: "%.4f"},
		lesson.Column{Name: "test acc.", Format: "%.1f %%"},
		lesson.Column{Name: "first epoch ≥ 90 %"},
	)
	lesson.Check(t.Add("SGD, η = 0.5", 0.32934, 83.6, 14))
	lesson.Check(t.Add("Adam, η = 0.02", 0.12881, 92.0, 8))
	lesson.Check(t.Add("Adagrad, η = 0.001", 0.9126, 61.3, "never"))
	fmt.Print(t)
	// Output:
	// recipe              training loss  test acc.  first epoch ≥ 90 %
	// SGD, η = 0.5               0.3293     83.6 %  14
	// Adam, η = 0.02             0.1288     92.0 %  8
	// Adagrad, η = 0.001         0.9126     61.3 %  never
}

// Groups put a heading over consecutive columns, one group a function here.
func ExampleColumn_group() {
	t := lesson.NewTable(
		lesson.Column{Name: "racer"},
		lesson.Column{Name: "lr", Group: "rosenbrock", Align: lesson.AlignLeft},
		lesson.Column{Name: "loss", Group: "rosenbrock", Format: "%.2g", Align: lesson.AlignLeft},
		lesson.Column{Name: "lr", Group: "beale", Align: lesson.AlignLeft},
		lesson.Column{Name: "loss", Group: "beale", Format: "%.2g", Align: lesson.AlignLeft},
	)
	lesson.Check(t.Add("SGD", 0.001, 0.025, 0.03, 4.3e-26))
	lesson.Check(t.Add("momentum", 0.003, 7.9e-31, 0.01, 2e-30))
	fmt.Print(t)
	// Output:
	//          | rosenbrock     | beale
	// racer    | lr     loss    | lr    loss
	// SGD      | 0.001  0.025   | 0.03  4.3e-26
	// momentum | 0.003  7.9e-31 | 0.01  2e-30
}
