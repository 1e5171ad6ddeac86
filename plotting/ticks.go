package plotting

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// linearTicks labels a linear axis at about five round values (1, 2 or 5
// times a power of ten apart), with four or five minor ticks between.
// plot.DefaultTicks aims at three labels, which gives steps such as 0, 90,
// 180; and it panics on an empty range.
type linearTicks struct{}

// Ticks implements plot.Ticker.
func (linearTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil
	}
	raw := (max - min) / 5
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	m := 10.0
	for _, c := range []float64{1, 2, 5} {
		if c*mag >= raw {
			m = c
			break
		}
	}
	step := m * mag
	minor := step / 5
	if m == 2 {
		minor = step / 4
	}
	decimals := max0(-int(math.Floor(math.Log10(step) + 1e-9)))
	big := math.Max(math.Abs(min), math.Abs(max)) >= 1e6
	var ticks []plot.Tick
	eps := minor * 1e-6
	// Near the ends of float64 (subnormal ranges), the step may be rounded
	// far off the range; ticks outside it are left out.
	slack := 1e-6 * (max - min)
	first := math.Ceil((min - eps) / minor)
	if math.Abs(first) > 1<<52 || math.IsNaN(first) {
		// A range too narrow for its magnitude (1e20 to the next float):
		// the tick index would stop counting.
		return nil
	}
	for k := first; k*minor <= max+eps; k++ {
		v := k * minor
		if v < min-slack || v > max+slack {
			continue
		}
		t := plot.Tick{Value: v}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-6 {
			v = math.Round(r) * step
			t.Value = v
			t.Label = formatLinearTick(v, step, decimals, big)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// formatLinearTick writes v, a multiple of step, with the given decimals,
// or when big in exponent form with the digits step needs, with a true
// minus sign.
func formatLinearTick(v, step float64, decimals int, big bool) string {
	if v == 0 {
		return "0" // not "-0"
	}
	var s string
	if big {
		// v is k·step computed in floats (3.9999999999999995e231 for 4e231):
		// round it to step's last digit.
		digits := int(math.Floor(math.Log10(math.Abs(v)))) - int(math.Floor(math.Log10(step)+1e-9))
		s = formatExpDigits(v, max0(digits))
	} else {
		s = strconv.FormatFloat(v, 'f', decimals, 64)
	}
	return strings.Replace(s, "-", "−", 1)
}

// max0 returns n, or 0 if n is negative.
func max0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// logTicks labels a logarithmic axis with powers of ten, or with 1, 2 and 5
// times powers of ten when the axis spans less than two decades.
// plot.LogTicks labels only powers of ten, which leaves a loss curve falling
// from 0.9 to 0.2 with a single label; and it panics on a non-positive range.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) || math.IsInf(max, 0) {
		return nil
	}
	lo := int(math.Floor(math.Log10(min)))
	hi := int(math.Ceil(math.Log10(max)))
	in := func(v float64) bool { return v >= min*(1-1e-9) && v <= max*(1+1e-9) }

	var ticks []plot.Tick
	if hi-lo <= 2 {
		for e := lo; e <= hi; e++ {
			for m := 1; m <= 9; m++ {
				v := decimal(m, e)
				if !in(v) {
					continue
				}
				t := plot.Tick{Value: v}
				if m == 1 || m == 2 || m == 5 {
					t.Label = formatLogTick(v)
				}
				ticks = append(ticks, t)
			}
		}
		if labelled(ticks) < 2 {
			// Less than a factor of five: decimal ticks read better.
			return linearTicks{}.Ticks(min, max)
		}
		return ticks
	}
	every := 1 // decades between labels: a round number giving at most 7 labels
	for _, n := range []int{1, 2, 3, 5, 10, 20, 25, 50, 100} {
		every = n
		if (hi-lo)/n <= 7 {
			break
		}
	}
	for e := lo; e <= hi; e++ {
		v := decimal(1, e)
		labelled := ((e%every)+every)%every == 0
		if in(v) && (labelled || hi-lo <= 40) {
			t := plot.Tick{Value: v}
			if labelled {
				t.Label = formatLogTick(v)
			}
			ticks = append(ticks, t)
		}
		if every > 1 {
			continue
		}
		for m := 2; m <= 9; m++ {
			if w := decimal(m, e); in(w) {
				ticks = append(ticks, plot.Tick{Value: w})
			}
		}
	}
	return ticks
}

// labelled counts the labelled (major) ticks.
func labelled(ticks []plot.Tick) int {
	n := 0
	for _, t := range ticks {
		if t.Label != "" {
			n++
		}
	}
	return n
}

// formatLogTick writes v as a plain decimal between 0.001 and 10000 and in
// exponent form ("2e−5") outside, with a true minus sign.
func formatLogTick(v float64) string {
	if v >= 1e-3 && v < 1e4 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return formatExp(v)
}

// formatExp writes v as a short mantissa and a plain exponent ("2e−5",
// "1.5e6").
func formatExp(v float64) string {
	return formatExpDigits(v, -1)
}

// formatExpDigits writes v as formatExp does, with the given digits after
// the mantissa's point, trailing zeros dropped (-1: as few as identify v).
func formatExpDigits(v float64, digits int) string {
	s := strconv.FormatFloat(v, 'e', digits, 64) // "2e-05", "1.5e+06"
	mant, exp, _ := strings.Cut(s, "e")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	e, _ := strconv.Atoi(exp)
	return strings.Replace(mant, "-", "−", 1) + "e" + strings.Replace(strconv.Itoa(e), "-", "−", 1)
}

// decimal returns the float64 nearest to m×10^e. math.Pow10(e) and the
// product m*Pow10(e) are not always the nearest value (for e ≤ -23 the
// label of 1e-25 would print as 9.999999999999999e-26); parsing the decimal
// is correctly rounded.
func decimal(m, e int) float64 {
	v, err := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
	if err != nil { // out of float64's range: ±Inf or 0, as the product would be
		return float64(m) * math.Pow10(e)
	}
	return v
}
