package lesson

import (
	"fmt"
	"math"
	"strconv"
)

// Scale maps the integer positions 0, 1, …, Steps of a slider (GoNB's
// sliders are integer) to the values between Min and Max, evenly in value
// or, when Log is set, evenly in log(value): a learning rate from 0.001 to
// 1 on a log scale spends as much of the slider on 0.001–0.01 as on 0.1–1.
type Scale struct {
	// Min and Max are the values at positions 0 and Steps. On a log scale
	// both must be positive.
	Min, Max float64

	// Log spaces the values evenly in log(value).
	Log bool

	// Steps is the number of intervals between Min and Max, at least 1.
	Steps int
}

// LogScale returns a log scale from min to max with steps intervals.
func LogScale(min, max float64, steps int) Scale {
	return Scale{Min: min, Max: max, Log: true, Steps: steps}
}

// LinearScale returns a linear scale from min to max with steps intervals.
func LinearScale(min, max float64, steps int) Scale { return Scale{Min: min, Max: max, Steps: steps} }

// BetaScale is the scale of a momentum or a moving-average factor β: 0 to
// 0.999 in steps of 0.001, so that 0.9, 0.99 and 0.999 are all on it.
func BetaScale() Scale { return LinearScale(0, 0.999, 999) }

// check returns an error if the scale cannot map positions to values.
func (s Scale) check() error {
	switch {
	case s.Steps < 1:
		return fmt.Errorf("lesson: Scale.Steps = %d, want ≥ 1", s.Steps)
	case math.IsNaN(s.Min) || math.IsNaN(s.Max) || math.IsInf(s.Min, 0) || math.IsInf(s.Max, 0) || !(s.Min < s.Max):
		return fmt.Errorf("lesson: Scale from %g to %g: want finite Min < Max", s.Min, s.Max)
	case s.Log && s.Min <= 0:
		return fmt.Errorf("lesson: log Scale from %g: want Min > 0", s.Min)
	}
	return nil
}

// Value returns the value at position pos, clamped to [0, Steps]. The ends
// are exactly Min and Max. On a log scale the value is rounded to three
// significant digits, as its label shows it (FormatValue), so that the
// optimizer runs with the number the learner reads; on a linear scale it
// is rounded to twelve significant digits, so that 0.9 on BetaScale is 0.9.
func (s Scale) Value(pos int) float64 {
	pos = min(max(pos, 0), s.Steps)
	switch pos {
	case 0:
		return s.Min
	case s.Steps:
		return s.Max
	}
	t := float64(pos) / float64(s.Steps)
	if s.Log {
		v := math.Exp(math.Log(s.Min) + t*(math.Log(s.Max)-math.Log(s.Min)))
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
		return r
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(s.Min+t*(s.Max-s.Min), 'g', 12, 64), 64)
	return r
}

// Position returns the position whose value is nearest to v (in log(v) on
// a log scale), clamped to [0, Steps].
func (s Scale) Position(v float64) int {
	var t float64
	if s.Log {
		if v <= 0 {
			return 0
		}
		t = (math.Log(v) - math.Log(s.Min)) / (math.Log(s.Max) - math.Log(s.Min))
	} else {
		t = (v - s.Min) / (s.Max - s.Min)
	}
	if math.IsNaN(t) {
		return 0
	}
	return int(min(max(math.Round(t*float64(s.Steps)), 0), float64(s.Steps)))
}
