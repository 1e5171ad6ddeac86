package plotting

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/vg"
)

// columnExtremes returns, for each pixel column (of side px) that the
// points indexed by idx fall in, the lowest and the highest y.
func columnExtremes(pts []vg.Point, idx []int, px vg.Length) map[float64][2]vg.Length {
	ext := map[float64][2]vg.Length{}
	for _, i := range idx {
		col := math.Floor(float64(pts[i].X / px))
		e, ok := ext[col]
		if !ok {
			e = [2]vg.Length{pts[i].Y, pts[i].Y}
		}
		e[0], e[1] = min(e[0], pts[i].Y), max(e[1], pts[i].Y)
		ext[col] = e
	}
	return ext
}

// TestColumnPointsKeepsExtremes checks the thinned series against every
// point: the same lowest and highest value in every pixel column, the first
// and the last point, and both ends of every step from one column to
// another, so the line drawn joins the columns as the data do.
func TestColumnPointsKeepsExtremes(t *testing.T) {
	const px = 1.0
	rng := rand.New(rand.NewPCG(1, 2))
	cases := map[string][]vg.Point{}
	jag := make([]vg.Point, 100_000) // issue 20's curve, 500 columns wide
	for i := range jag {
		jag[i] = vg.Point{X: vg.Length(i) * 500 / vg.Length(len(jag)), Y: vg.Length(1 + i%100)}
	}
	cases["jagged"] = jag
	walk := make([]vg.Point, 20_000) // a random walk with random x steps, some backwards
	for i := 1; i < len(walk); i++ {
		walk[i] = vg.Point{X: walk[i-1].X + vg.Length(rng.Float64()*0.3-0.05), Y: walk[i-1].Y + vg.Length(rng.NormFloat64())}
	}
	cases["walk"] = walk
	sparse := make([]vg.Point, 50) // fewer points than columns: all kept
	for i := range sparse {
		sparse[i] = vg.Point{X: vg.Length(3 * i), Y: vg.Length(rng.Float64())}
	}
	cases["sparse"] = sparse
	cases["one"] = []vg.Point{{X: 2, Y: 3}}

	for name, pts := range cases {
		t.Run(name, func(t *testing.T) {
			keep := columnPoints(len(pts), func(i int) vg.Point { return pts[i] }, px)
			all := make([]int, len(pts))
			for i := range all {
				all[i] = i
			}
			if keep[0] != 0 || keep[len(keep)-1] != len(pts)-1 {
				t.Errorf("kept %d … %d, want the first (0) and the last (%d) point", keep[0], keep[len(keep)-1], len(pts)-1)
			}
			for k := 1; k < len(keep); k++ {
				if keep[k] <= keep[k-1] {
					t.Fatalf("kept indices not increasing: %d after %d", keep[k], keep[k-1])
				}
			}
			kept := map[int]bool{}
			for _, i := range keep {
				kept[i] = true
			}
			for i := 1; i < len(pts); i++ {
				if math.Floor(float64(pts[i].X/px)) != math.Floor(float64(pts[i-1].X/px)) && !(kept[i-1] && kept[i]) {
					t.Errorf("points %d and %d change column, but kept: %v and %v", i-1, i, kept[i-1], kept[i])
				}
			}
			want, got := columnExtremes(pts, all, px), columnExtremes(pts, keep, px)
			if len(got) != len(want) {
				t.Errorf("thinned points fill %d columns, all points %d", len(got), len(want))
			}
			for col, w := range want {
				if g := got[col]; g != w {
					t.Errorf("column %v: thinned extremes %v, want %v", col, g, w)
				}
			}
			if name == "jagged" && len(keep) > 4*500+4 {
				t.Errorf("kept %d of %d points in 500 columns, want at most 4 per column", len(keep), len(pts))
			}
			if name == "sparse" && len(keep) != len(pts) {
				t.Errorf("kept %d of %d points one per column, want all", len(keep), len(pts))
			}
		})
	}
}

// distToSegment returns the distance from p to the segment a–b.
func distToSegment(p, a, b vg.Point) float64 {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, (float64(p.X-a.X)*dx+float64(p.Y-a.Y)*dy)/l2))
	}
	return math.Hypot(float64(p.X-a.X)-t*dx, float64(p.Y-a.Y)-t*dy)
}

// TestPathPointsWithinTolerance checks that a thinned path keeps its ends,
// passes within the tolerance of every point left out, and keeps no more
// points than one per tolerance of the path's length (each kept point is at
// least the tolerance from the one before), far fewer than a path that
// creeps in sub-pixel steps has.
func TestPathPointsWithinTolerance(t *testing.T) {
	const tol = 0.5
	rng := rand.New(rand.NewPCG(3, 4))
	// A spiral into its centre with noise: big steps first, then crowding.
	pts := make([]vg.Point, 50_000)
	for i := range pts {
		r := 200 * math.Exp(-float64(i)/5000)
		a := float64(i) / 500
		pts[i] = vg.Point{X: vg.Length(r*math.Cos(a) + 0.01*rng.NormFloat64()), Y: vg.Length(r*math.Sin(a) + 0.01*rng.NormFloat64())}
	}
	length := 0.0
	for i := 1; i < len(pts); i++ {
		length += math.Hypot(float64(pts[i].X-pts[i-1].X), float64(pts[i].Y-pts[i-1].Y))
	}
	if length/tol > float64(len(pts))/2 {
		t.Fatalf("the path is %.0f long: too long for the test to show thinning", length)
	}
	keep := pathPoints(len(pts), func(i int) vg.Point { return pts[i] }, tol)
	if keep[0] != 0 || keep[len(keep)-1] != len(pts)-1 {
		t.Fatalf("kept %d … %d, want the first (0) and the last (%d) point", keep[0], keep[len(keep)-1], len(pts)-1)
	}
	if bound := 2 + length/tol; float64(len(keep)) > bound {
		t.Errorf("kept %d of %d points, want at most %.0f for a path %.0f long", len(keep), len(pts), bound, length)
	}
	for k := 1; k < len(keep); k++ {
		a, b := pts[keep[k-1]], pts[keep[k]]
		for i := keep[k-1] + 1; i < keep[k]; i++ {
			// The point left out is within tol of a, the segment's start.
			if d := distToSegment(pts[i], a, b); d > tol {
				t.Fatalf("point %d is %.3g from the thinned path, want ≤ %g", i, d, tol)
			}
		}
	}
}

// inkRows returns, for each column of a rendered image, the lowest and the
// highest row whose pixel match accepts, or (-1, -1).
func inkRows(t *testing.T, b []byte, match func(r, g, bl uint32) bool) [][2]int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	out := make([][2]int, bounds.Dx())
	for x := bounds.Min.X; x < bounds.Max.X; x++ {
		lo, hi := -1, -1
		for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if match(r>>8, g>>8, bl>>8) {
				if lo < 0 {
					lo = y
				}
				hi = y
			}
		}
		out[x-bounds.Min.X] = [2]int{lo, hi}
	}
	return out
}

// TestThinnedRenderMatchesEveryPoint renders a jagged curve with spikes
// with and without thinning and compares, column by column, the rows the
// curve inks. Thinning keeps every column's extremes, but a 1.5-pixel stroke
// also inks a neighbouring column, where the shape of the line inside a
// column (every point, or its four kept ones) shows at the fringe: so each
// column's ink in one image must lie within the ink of the same column or a
// neighbour in the other, give or take the one antialiased row of a
// stroke's end; and the top and bottom rows of the curve, its global
// extremes, must be the same.
func TestThinnedRenderMatchesEveryPoint(t *testing.T) {
	y := jagged(20_000)
	for i := range y { // a few spikes, the extremes a learner looks for
		if i%3001 == 0 {
			y[i] = 180
		}
	}
	f, err := LossPlot{LogY: true}.Figure(Series{Y: y})
	if err != nil {
		t.Fatal(err)
	}
	render := func(thin bool) []byte {
		old := thinning
		thinning = thin
		defer func() { thinning = old }()
		b, err := f.png(4*vg.Inch, 3*vg.Inch, ScreenDPI)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	blue := func(r, g, b uint32) bool { return r < 0x30 && g > 0x50 && g < 0x90 && b > 0x90 } // Okabe–Ito blue, 0072b2
	full, thin := inkRows(t, render(false), blue), inkRows(t, render(true), blue)
	within := func(a, b [][2]int, x int) bool { // a's ink at x within b's at x−1 … x+1
		if a[x][0] < 0 {
			return true
		}
		lo, hi := math.MaxInt, -1
		for k := max(0, x-1); k <= min(len(b)-1, x+1); k++ {
			if b[k][0] >= 0 {
				lo, hi = min(lo, b[k][0]), max(hi, b[k][1])
			}
		}
		return a[x][0] >= lo-1 && a[x][1] <= hi+1
	}
	inked, spikes := 0, 0
	top, bottom := [2]int{math.MaxInt, math.MaxInt}, [2]int{-1, -1}
	for x := range full {
		if !within(full, thin, x) || !within(thin, full, x) {
			t.Errorf("column %d: curve from row %d to %d, thinned from %d to %d", x, full[x][0], full[x][1], thin[x][0], thin[x][1])
		}
		for k, im := range [][][2]int{full, thin} {
			if im[x][0] >= 0 {
				top[k], bottom[k] = min(top[k], im[x][0]), max(bottom[k], im[x][1])
			}
		}
		if full[x][0] >= 0 {
			inked++
			if full[x][0] < 20 {
				spikes++
			}
		}
	}
	if top[0] != top[1] || bottom[0] != bottom[1] {
		t.Errorf("curve from row %d to %d, thinned from %d to %d", top[0], bottom[0], top[1], bottom[1])
	}
	if inked < 200 || spikes == 0 {
		t.Fatalf("%d columns show the curve, %d a spike; the colour test does not find it", inked, spikes)
	}
}

// TestGoldenJagged draws issue 20's curve, 10⁵ jagged points, with a
// diverging second series, through the thinned lines.
func TestGoldenJagged(t *testing.T) {
	f, err := jaggedFigure()
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "loss_jagged", f, goldenWidth, goldenHeight)
}

// jaggedFigure is the figure of TestGoldenJagged.
func jaggedFigure() (*Figure, error) {
	y := jagged(100_000)
	for i := range y {
		if i%30_011 == 0 {
			y[i] = 300 // spikes above the band
		}
	}
	z := make([]float64, 60_000)
	for i := range z {
		z[i] = 0.5 + 0.25*float64(i%7) + float64(i)/1000
	}
	z[len(z)-1] = math.Inf(1)
	return LossPlot{Title: "10⁵ jagged points", LogY: true}.Figure(Series{Name: "jagged", Y: y}, Series{Name: "diverging", Y: z})
}

// TestDistinctSegments checks a path that crosses a valley back and forth
// in steps of a hundredth of a pixel: the runs drawn hold far fewer
// segments than the path, every one of them a segment of the path, and
// every segment of the path lies within q·√2 of one drawn.
func TestDistinctSegments(t *testing.T) {
	const n, q = 5000, 0.35
	pts := make([]vg.Point, n)
	for i := range pts {
		pts[i] = vg.Point{X: vg.Length(i) / 100, Y: vg.Length(40 * (i % 2))}
	}
	at := func(i int) vg.Point { return pts[i] }
	keep := make([]int, n)
	for i := range keep {
		keep[i] = i
	}
	runs := distinctSegments(keep, at, q)
	var drawn [][2]vg.Point
	for _, run := range runs {
		for k := 1; k < len(run); k++ {
			if run[k] != run[k-1]+1 {
				t.Fatalf("run %v joins points %d and %d, not a segment of the path", run, run[k-1], run[k])
			}
			drawn = append(drawn, [2]vg.Point{pts[run[k-1]], pts[run[k]]})
		}
	}
	if len(drawn) > n/10 {
		t.Errorf("%d of %d segments drawn, want at most a tenth", len(drawn), n-1)
	}
	for i := 1; i < n; i++ {
		a, b := pts[i-1], pts[i]
		best := math.Inf(1)
		for _, d := range drawn {
			// The distance from segment a–b to segment d, at its ends and
			// middle, bounds it for segments this close to parallel.
			m := vg.Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2}
			far := math.Max(distToSegment(a, d[0], d[1]), math.Max(distToSegment(b, d[0], d[1]), distToSegment(m, d[0], d[1])))
			best = math.Min(best, far)
		}
		if best > q*math.Sqrt2 {
			t.Fatalf("segment %d–%d is %.3g from every segment drawn, want ≤ %.3g", i-1, i, best, q*math.Sqrt2)
		}
	}
}
