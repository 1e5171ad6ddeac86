package plotting

import (
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/plot"
)

// labels returns the labelled ticks' labels.
func labels(ticks []plot.Tick) []string {
	var l []string
	for _, t := range ticks {
		if t.Label != "" {
			l = append(l, t.Label)
		}
	}
	return l
}

func TestLinearTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{0, 199, []string{"0", "50", "100", "150"}},
		{0, 39, []string{"0", "10", "20", "30"}},
		{0.013, 0.1, []string{"0.02", "0.04", "0.06", "0.08", "0.10"}},
		{-2, 2, []string{"−2", "−1", "0", "1", "2"}},
		{0, 3e6, []string{"0", "1e6", "2e6", "3e6"}},
		{-0.5, 0.25, []string{"−0.4", "−0.2", "0", "0.2"}},
	}
	for _, tt := range tests {
		if got := labels(linearTicks{}.Ticks(tt.min, tt.max)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Ticks(%v, %v) labels = %q, want %q", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{1.1e-4, 2, []string{"0.001", "0.01", "0.1", "1"}},
		{0.2, 9, []string{"0.2", "0.5", "1", "2", "5"}},
		{1e-17, 9, []string{"1e−15", "1e−12", "1e−9", "1e−6", "0.001", "1"}},
		{0.3, 0.8, []string{"0.3", "0.4", "0.5", "0.6", "0.7", "0.8"}}, // less than a factor 5: decimal ticks
		{1, 1e130, []string{"1", "1e20", "1e40", "1e60", "1e80", "1e100", "1e120"}},
		// math.Pow10(-25) is not the double nearest 1e-25; the labels must still read 1e−25.
		{1e-26, 1e-24, []string{"1e−26", "2e−26", "5e−26", "1e−25", "2e−25", "5e−25", "1e−24"}},
		{1e-30, 1e-20, []string{"1e−30", "1e−28", "1e−26", "1e−24", "1e−22", "1e−20"}},
	}
	for _, tt := range tests {
		if got := labels(logTicks{}.Ticks(tt.min, tt.max)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Ticks(%v, %v) labels = %q, want %q", tt.min, tt.max, got, tt.want)
		}
	}
}

// TestTicksDegenerate checks that ranges gonum/plot's tickers panic on give
// no ticks instead.
func TestTicksDegenerate(t *testing.T) {
	for _, r := range [][2]float64{{1, 1}, {2, 1}, {0, inf}, {nan, 1}} {
		if got := (linearTicks{}).Ticks(r[0], r[1]); got != nil {
			t.Errorf("linear Ticks(%v, %v) = %v, want none", r[0], r[1], got)
		}
	}
	for _, r := range [][2]float64{{0, 1}, {-1, 1}, {1, 1}, {1, inf}} {
		if got := (logTicks{}).Ticks(r[0], r[1]); got != nil {
			t.Errorf("log Ticks(%v, %v) = %v, want none", r[0], r[1], got)
		}
	}
}

// TestLinearTicksAtTheEndsOfFloat64 covers ranges where the tick
// arithmetic loses precision, found by FuzzLossPlot: a range as narrow as
// one float at 10²⁰ (its tick index could not be counted up, and the loop
// never ended) and a subnormal range (it gave a tick at 0, outside the
// range, which a log axis cannot draw). Every tick must lie in the range.
func TestLinearTicksAtTheEndsOfFloat64(t *testing.T) {
	for _, r := range [][2]float64{
		{1e20, math.Nextafter(1e20, math.Inf(1))},
		{-1e300, math.Nextafter(-1e300, 0)},
		{5e-324, 2e-323},
		{-2e-323, -5e-324},
	} {
		for _, tk := range (linearTicks{}).Ticks(r[0], r[1]) {
			if tk.Value < r[0] || tk.Value > r[1] {
				t.Errorf("Ticks(%g, %g) has a tick at %g, outside the range", r[0], r[1], tk.Value)
			}
		}
	}
}

// TestBigLinearTickLabels checks that labels in exponent form are rounded
// to the step: the tick values k·step carry rounding errors at large
// magnitudes, which printed as "−3.9999999999999995e231" and, found by
// FuzzPointsByClass, took most of a small figure's width.
func TestBigLinearTickLabels(t *testing.T) {
	got := labels((linearTicks{}).Ticks(-4.657554276902193e+231, -1.552518092300731e+231))
	want := []string{"−4e231", "−3e231", "−2e231"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
	got = labels((linearTicks{}).Ticks(1.2e7, 1.9e7))
	want = []string{"1.2e7", "1.4e7", "1.6e7", "1.8e7"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
}
