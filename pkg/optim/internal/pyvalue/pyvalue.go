// Package pyvalue reads the values of torch's keyword arguments as Go
// receives them: decoded from JSON (float64, json.Number, []any) or written
// in Go (int, float32, []float64, ...). package optim's OptionFromTorch and
// package schedule's FromTorch share it.
package pyvalue

import (
	"encoding/json"
	"math"
)

// Float returns v as a float64 if it is a number.
func Float(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// Int returns v as an int if it is a whole number of at most 2^53 in
// magnitude (the integers a float64 from JSON holds exactly).
func Int(v any) (int, bool) {
	if n, ok := v.(int); ok {
		return n, true
	}
	x, ok := Float(v)
	if !ok || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
		return 0, false
	}
	return int(x), true
}

// List returns v as a list if it is one: []any, []float64 or []int.
func List(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []float64:
		return anys(x), true
	case []int:
		return anys(x), true
	}
	return nil, false
}

func anys[E any](s []E) []any {
	out := make([]any, len(s))
	for i, e := range s {
		out[i] = e
	}
	return out
}
