package reference

import (
	"slices"
	"testing"
)

func TestParamsRoundTrip(t *testing.T) {
	layout := []Tensor{{"W", []int{2, 3}}, {"b", []int{2}}, {"s", nil}}
	row := []float64{1, 2, 3, 4, 5, 6, 0.1, -0.5, 7}
	p32, err := Params[float32](layout, row)
	if err != nil {
		t.Fatal(err)
	}
	if len(p32) != 3 || p32[0].Name != "W" || !slices.Equal(p32[0].Shape, []int{2, 3}) || p32[0].Value[5] != 6 ||
		p32[1].Value[0] != float32(0.1) || len(p32[2].Shape) != 0 || p32[2].Value[0] != 7 {
		t.Errorf("Params[float32] = %v", p32)
	}
	if len(p32[0].Grad) != 6 {
		t.Errorf("W has %d gradient values, want 6", len(p32[0].Grad))
	}
	p64, err := Params[float64](layout, row)
	if err != nil {
		t.Fatal(err)
	}
	if got := Flatten(p64); !slices.Equal(got, row) {
		t.Errorf("Flatten(Params[float64](row)) = %v, want %v", got, row)
	}
	if got := Flatten(p32); got[6] != float64(float32(0.1)) || got[8] != 7 {
		t.Errorf("Flatten(Params[float32](row)) = %v", got)
	}
	row[0] = 100
	if p64[0].Value[0] != 1 {
		t.Error("Params shares memory with the row")
	}
}

func TestParamsRejects(t *testing.T) {
	layout := []Tensor{{"W", []int{2}}, {"b", []int{1}}}
	for _, row := range [][]float64{{1, 2}, {1, 2, 3, 4}, nil} {
		if _, err := Params[float64](layout, row); err == nil {
			t.Errorf("Params(%v) for 3 values: no error", row)
		}
	}
	if _, err := Params[float64]([]Tensor{{"W", []int{-1}}}, []float64{1}); err == nil {
		t.Error("negative shape: no error")
	}
}
