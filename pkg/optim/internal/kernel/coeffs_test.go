package kernel

import (
	"reflect"
	"testing"
)

// TestCoeffsLayout checks the layout the assembly kernels read the
// coefficients by (COEFF in kernel_amd64.h): counting the fields of an
// embedded Grad in place, field i of every coefficient struct starts at i
// times the element size, whatever the element type.
func TestCoeffsLayout(t *testing.T) {
	for _, c := range []any{
		AdamCoeffs[float32]{}, AdamCoeffs[float64]{},
		SGDCoeffs[float32]{}, SGDCoeffs[float64]{},
		RMSpropCoeffs[float32]{}, RMSpropCoeffs[float64]{},
		AdagradCoeffs[float32]{}, AdagradCoeffs[float64]{},
		AdadeltaCoeffs[float32]{}, AdadeltaCoeffs[float64]{},
		AdamaxCoeffs[float32]{}, AdamaxCoeffs[float64]{},
		NAdamCoeffs[float32]{}, NAdamCoeffs[float64]{},
		RAdamCoeffs[float32]{}, RAdamCoeffs[float64]{},
	} {
		typ := reflect.TypeOf(c)
		size := typ.FieldByIndex([]int{0, 1}).Type.Size() // Grad.WeightDecay
		i := 0
		for f := range flatFields(typ, 0) {
			if f.Type.Kind() != reflect.Bool && f.Offset != uintptr(i)*size {
				t.Errorf("%v: field %d (%s) at byte %d, want %d", typ, i, f.Name, f.Offset, uintptr(i)*size)
			}
			i++
		}
	}
}

// flatFields yields the fields of struct type typ, those of embedded
// structs in their place, with offsets from the start of the outermost
// struct, which is base bytes before typ.
func flatFields(typ reflect.Type, base uintptr) func(yield func(reflect.StructField) bool) {
	return func(yield func(reflect.StructField) bool) {
		for f := range typ.Fields() {
			f.Offset += base
			if f.Anonymous {
				for g := range flatFields(f.Type, f.Offset) {
					if !yield(g) {
						return
					}
				}
			} else if !yield(f) {
				return
			}
		}
	}
}
