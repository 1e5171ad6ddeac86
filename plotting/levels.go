package plotting

import (
	"fmt"
	"math"
	"slices"
)

// LevelScale chooses how contour levels are spaced between the lowest and
// the highest values of the function on the box. It is a plain value, safe
// to share.
type LevelScale int

const (
	// AutoLevels spaces levels logarithmically when most of the box lies far
	// below the highest values (the median height above the minimum is under
	// a tenth of the range, as in Rosenbrock's valley), and linearly
	// otherwise.
	AutoLevels LevelScale = iota
	// LinearLevels spaces levels evenly.
	LinearLevels
	// LogLevels spaces the heights above the minimum geometrically, so that
	// both a narrow valley and steep walls get contours.
	LogLevels
)

// String returns the name of the scale.
func (s LevelScale) String() string {
	switch s {
	case AutoLevels:
		return "AutoLevels"
	case LinearLevels:
		return "LinearLevels"
	case LogLevels:
		return "LogLevels"
	}
	return fmt.Sprintf("LevelScale(%d)", int(s))
}

// grid holds a function sampled on a regular grid; it implements
// plotter.GridXYZ. Non-finite samples are NaN.
type grid struct {
	xs, ys []float64
	z      []float64 // z[r*len(xs)+c] is f(xs[c], ys[r])
}

// sample evaluates f on an n × n grid spanning b.
func sample(f func(x, y float64) float64, b Box, n int) *grid {
	g := &grid{xs: linspace(b.XMin, b.XMax, n), ys: linspace(b.YMin, b.YMax, n), z: make([]float64, n*n)}
	for r, y := range g.ys {
		for c, x := range g.xs {
			v := f(x, y)
			if math.IsInf(v, 0) {
				v = math.NaN()
			}
			g.z[r*n+c] = v
		}
	}
	return g
}

// Dims implements plotter.GridXYZ.
func (g *grid) Dims() (c, r int) { return len(g.xs), len(g.ys) }

// Z implements plotter.GridXYZ.
func (g *grid) Z(c, r int) float64 { return g.z[r*len(g.xs)+c] }

// X implements plotter.GridXYZ.
func (g *grid) X(c int) float64 { return g.xs[c] }

// Y implements plotter.GridXYZ.
func (g *grid) Y(r int) float64 { return g.ys[r] }

// finite returns the finite samples, sorted.
func (g *grid) finite() []float64 {
	v := make([]float64, 0, len(g.z))
	for _, z := range g.z {
		if !math.IsNaN(z) {
			v = append(v, z)
		}
	}
	slices.Sort(v)
	return v
}

// mapped returns a grid of the same points with fn applied to each value.
func (g *grid) mapped(fn func(float64) float64) *grid {
	m := &grid{xs: g.xs, ys: g.ys, z: make([]float64, len(g.z))}
	for i, z := range g.z {
		m.z[i] = fn(z)
	}
	return m
}

// linspace returns n evenly spaced values from a to b inclusive.
func linspace(a, b float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	v[n-1] = b
	return v
}

// quantile returns the q-quantile of sorted values (linear interpolation).
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	i := int(h)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// useLog reports whether AutoLevels chooses logarithmic spacing for sorted
// samples.
func useLog(sorted []float64) bool {
	lo, hi := sorted[0], sorted[len(sorted)-1]
	return hi > lo && quantile(sorted, 0.5)-lo < 0.1*(hi-lo)
}

// levels returns n contour levels for the sorted samples.
// Linear levels split [min, max] into n+1 equal bands. Log levels put the
// heights above the minimum in geometric progression from the 1% quantile
// (at least 10⁻⁴ of the top) to the 98% quantile, so a few extreme corners
// do not set the top.
func levels(sorted []float64, n int, logScale bool) []float64 {
	lo, hi := sorted[0], sorted[len(sorted)-1]
	out := make([]float64, n)
	if hi == lo {
		return []float64{lo}
	}
	if !logScale {
		for k := range out {
			out[k] = lo + (hi-lo)*float64(k+1)/float64(n+1)
		}
		return out
	}
	top := quantile(sorted, 0.98) - lo
	if !(top > 0) {
		top = hi - lo
	}
	bottom := math.Max(quantile(sorted, 0.01)-lo, top*1e-4)
	if n == 1 {
		return []float64{lo + math.Sqrt(bottom*top)}
	}
	ratio := top / bottom
	for k := range out {
		out[k] = lo + bottom*math.Pow(ratio, float64(k)/float64(n-1))
	}
	return out
}
