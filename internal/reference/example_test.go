package reference_test

import (
	"fmt"

	"github.com/descentlab/descent/internal/reference"
)

// The error of a parameter trajectory against a reference one. The second
// parameter passes through zero, where the floor 0.1*S = 0.2 keeps the
// relative error meaningful.
func ExampleMaxErr() {
	ref := [][]float64{{2.0, 0.5}, {1.5, 0.0}}
	got := [][]float64{{2.0, 0.5}, {1.5, 1e-6}}
	w, err := reference.MaxErr(ref, got, reference.Floor)
	if err != nil {
		fmt.Println(err)
		return
	}
	tol, _ := reference.Tolerance("float32")
	fmt.Printf("error %.4g at step %d element %d; float32 tolerance %g: pass %v\n", w.Err, w.Step, w.Elem, tol, w.Err <= tol)
	// Output: error 5e-06 at step 1 element 1; float32 tolerance 1e-05: pass true
}
