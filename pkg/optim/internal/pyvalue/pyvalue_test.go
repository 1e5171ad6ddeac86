package pyvalue

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
)

func TestFloat(t *testing.T) {
	for _, c := range []struct {
		v    any
		want float64
		ok   bool
	}{
		{0.5, 0.5, true}, {float32(0.25), 0.25, true}, {3, 3, true}, {int32(-2), -2, true}, {int64(1 << 40), 1 << 40, true},
		{json.Number("1e-3"), 1e-3, true}, {json.Number("x"), 0, false}, {"0.5", 0, false}, {true, 0, false}, {nil, 0, false},
	} {
		if got, ok := Float(c.v); got != c.want || ok != c.ok {
			t.Errorf("Float(%#v) = %v, %v; want %v, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

func TestInt(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
		ok   bool
	}{
		{7, 7, true}, {30.0, 30, true}, {json.Number("12"), 12, true}, {2.5, 0, false},
		{float64(1 << 53), 1 << 53, true}, {float64(1 << 54), 0, false}, {math.NaN(), 0, false}, {"3", 0, false},
	} {
		if got, ok := Int(c.v); got != c.want || ok != c.ok {
			t.Errorf("Int(%#v) = %v, %v; want %v, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

func TestList(t *testing.T) {
	for _, c := range []struct {
		v    any
		want []any
		ok   bool
	}{
		{[]any{1.0, "a"}, []any{1.0, "a"}, true}, {[]float64{1, 2}, []any{1.0, 2.0}, true},
		{[]int{3}, []any{3}, true}, {[]string{"a"}, nil, false}, {2.0, nil, false},
	} {
		if got, ok := List(c.v); !slices.Equal(got, c.want) || ok != c.ok {
			t.Errorf("List(%#v) = %v, %v; want %v, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}
