package plotting

import (
	"bytes"
	"errors"
	"image/color"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
)

func TestPointsByClass(t *testing.T) {
	groups, err := PointsByClass([]float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}, []int{2, 0, 2, 0})
	if err != nil {
		t.Fatal(err)
	}
	want := []Points{
		{Name: "class 0", X: []float64{2, 4}, Y: []float64{6, 8}},
		{Name: "class 1"}, // no point, but it keeps class 2 in the third colour
		{Name: "class 2", X: []float64{1, 3}, Y: []float64{5, 7}},
	}
	if !reflect.DeepEqual(groups, want) {
		t.Errorf("PointsByClass = %+v, want %+v", groups, want)
	}
	for _, c := range []struct {
		x, y   []float64
		labels []int
		want   string
	}{
		{[]float64{1}, []float64{1, 2}, []int{0}, "1 x, 2 y and 1 labels"},
		{[]float64{1, 2}, []float64{1, 2}, []int{0, -1}, "label 1 is -1, want a class from 0 to 1023"},
		// Issue 20: a label of 10⁹ asked for 10⁹ groups and ran out of memory.
		{[]float64{1}, []float64{1}, []int{1e9}, "label 0 is 1000000000, want a class from 0 to 1023"},
		{[]float64{1}, []float64{1}, []int{MaxClass + 1}, "label 0 is 1024, want a class from 0 to 1023"},
		{nil, nil, nil, "no points"},
	} {
		if _, err := PointsByClass(c.x, c.y, c.labels); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("PointsByClass(%v, %v, %v): error = %v, want it to contain %q", c.x, c.y, c.labels, err, c.want)
		}
	}
	groups, err = PointsByClass([]float64{1}, []float64{2}, []int{MaxClass})
	if err != nil || len(groups) != MaxClass+1 || len(groups[MaxClass].X) != 1 {
		t.Errorf("PointsByClass with label MaxClass: %d groups, error %v; want %d groups, the last with the point", len(groups), err, MaxClass+1)
	}
}

// halfPlane puts the points right of x = 0.3 in class 1.
func halfPlane(x, y float64) int {
	if x > 0.3 {
		return 1
	}
	return 0
}

func TestClassMapErrors(t *testing.T) {
	box := Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	pts := Points{Name: "a", X: []float64{0, 0.5}, Y: []float64{0, 0.5}}
	cases := []struct {
		name     string
		cp       ClassMapPlot
		classify func(x, y float64) int
		points   []Points
		want     string
	}{
		{"nothing", ClassMapPlot{Box: box}, nil, nil, "needs a classifier or points"},
		{"rings without classifier", ClassMapPlot{RingMisclassified: true}, nil, []Points{pts}, "RingMisclassified needs a classifier"},
		{"resolution", ClassMapPlot{Box: box, Resolution: 1001}, halfPlane, nil, "resolution 1001, want 2 to 1000"},
		{"box", ClassMapPlot{Box: Box{XMin: 0, XMax: 1, YMin: 1, YMax: nan}}, halfPlane, nil, "want finite bounds"},
		{"no box", ClassMapPlot{}, halfPlane, nil, "no Box and no point to fit one to"},
		{"negative class", ClassMapPlot{Box: box, Resolution: 2}, func(x, y float64) int { return -1 }, nil, "classify(-0.5, -0.5) = -1, want a class ≥ 0"},
		{"negative class at a point", ClassMapPlot{Box: box, Resolution: 2, RingMisclassified: true},
			func(x, y float64) int {
				if x == 0.25 {
					return -2
				}
				return 0
			}, []Points{{X: []float64{0.25}, Y: []float64{0}}}, "classify(0.25, 0) = -2"},
		{"uneven points", ClassMapPlot{Box: box}, halfPlane, []Points{{Name: "b", X: []float64{1}}}, `points "b" have 1 x and 0 y coordinates`},
		{"NaN point", ClassMapPlot{Box: box}, halfPlane, []Points{{Name: "c", X: []float64{1, nan}, Y: []float64{1, 1}}}, `point 1 is (NaN, 1), want finite`},
		{"ring index", ClassMapPlot{Box: box}, halfPlane, []Points{{Name: "d", X: []float64{1}, Y: []float64{1}, Ringed: []int{1}}}, "ringed index 1, want 0 to 0"},
		{"style", ClassMapPlot{Box: box, Style: Style{Typeface: "Comic"}}, halfPlane, nil, `typeface "Comic"`},
	}
	for _, c := range cases {
		if _, err := c.cp.Figure(c.classify, c.points...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want it to contain %q", c.name, err, c.want)
		}
	}
	if _, err := (ClassMapPlot{Box: box}).Figure(nil); !errors.Is(err, ErrNoData) {
		t.Errorf("ClassMapPlot without classifier or points: error = %v, want ErrNoData", err)
	}
}

// TestClassBoundaryHalfPlane checks that a straight boundary is placed to
// within the bisection's precision, as one line across the box.
func TestClassBoundaryHalfPlane(t *testing.T) {
	box := Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	const n = 20
	g, err := sampleClasses(halfPlane, box, n)
	if err != nil {
		t.Fatal(err)
	}
	if g.xs[0] != -0.95 || g.xs[n-1] != 0.95 {
		t.Errorf("samples at x = %v … %v, want the cell centres −0.95 … 0.95", g.xs[0], g.xs[n-1])
	}
	lines, err := g.boundaries()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || len(lines[0]) != n {
		t.Fatalf("boundaries = %d lines (first of %d points), want 1 line through %d rows", len(lines), len(lines[0]), n)
	}
	tol := (2.0 / n) / (1 << boundaryBisections)
	for _, q := range lines[0] {
		if math.Abs(q.X-0.3) > tol {
			t.Errorf("boundary point (%v, %v) is %.3g from x = 0.3, want at most %.3g", q.X, q.Y, math.Abs(q.X-0.3), tol)
		}
	}
	if a, b := lines[0][0].Y, lines[0][n-1].Y; math.Min(a, b) != g.ys[0] || math.Max(a, b) != g.ys[n-1] {
		t.Errorf("boundary runs from y = %v to %v, want from %v to %v", a, b, g.ys[0], g.ys[n-1])
	}
}

// TestClassBoundaryCircle checks that a disc's boundary is one closed loop
// on the circle.
func TestClassBoundaryCircle(t *testing.T) {
	disc := func(x, y float64) int {
		if x*x+y*y < 0.25 {
			return 1
		}
		return 0
	}
	const n = 40
	g, err := sampleClasses(disc, Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}, n)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := g.boundaries()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 {
		t.Fatalf("a disc has %d boundary lines, want 1", len(lines))
	}
	l := lines[0]
	if l[0] != l[len(l)-1] {
		t.Errorf("the boundary of a disc is not closed: it starts at %v and ends at %v", l[0], l[len(l)-1])
	}
	tol := (2.0 / n) / (1 << boundaryBisections)
	for _, q := range l {
		if d := math.Abs(math.Hypot(q.X, q.Y) - 0.5); d > tol {
			t.Errorf("boundary point (%v, %v) is %.3g off the circle, want at most %.3g", q.X, q.Y, d, tol)
		}
	}
}

// TestClassBoundaryJunction checks that three sectors meeting at the centre
// give three lines, each along its ray from the edge of the sampled area to
// one junction near the centre.
func TestClassBoundaryJunction(t *testing.T) {
	sectors := func(x, y float64) int { // boundaries on the rays at −90°, 30° and 150°
		a := math.Mod(math.Atan2(y, x)+math.Pi/2+2*math.Pi, 2*math.Pi)
		return int(a / (2 * math.Pi / 3))
	}
	const n = 21
	g, err := sampleClasses(sectors, Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}, n)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := g.boundaries()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 {
		t.Fatalf("three sectors have %d boundary lines, want 3", len(lines))
	}
	junction := lines[0][len(lines[0])-1]
	if d := math.Hypot(junction.X, junction.Y); d > 2.0/n {
		t.Errorf("the junction %v is %.3g from the centre, want at most a cell, %.3g", junction, d, 2.0/n)
	}
	var angles []float64
	for _, l := range lines {
		if end := l[len(l)-1]; end != junction {
			t.Errorf("a line ends at %v, want at the junction %v", end, junction)
		}
		start := l[0]
		angles = append(angles, math.Round(math.Atan2(start.Y, start.X)*180/math.Pi))
		for _, q := range l[:len(l)-1] { // the rays are exact away from the junction
			a := math.Atan2(q.Y, q.X) * 180 / math.Pi
			if r := math.Hypot(q.X, q.Y); r > 0.3 && math.Abs(a-angles[len(angles)-1]) > 1 {
				t.Errorf("point %v of the line from %v is at %.1f°, off its ray", q, start, a)
			}
		}
	}
	slices.Sort(angles)
	if !reflect.DeepEqual(angles, []float64{-90, 30, 150}) {
		t.Errorf("the lines start at %v°, want on the rays at −90°, 30° and 150°", angles)
	}
}

// legendTexts returns the legend lines of a single-plot figure.
func legendTexts(f *Figure) []string {
	var out []string
	for _, e := range f.drawer.(*panel).entries {
		out = append(out, e.text)
	}
	return out
}

func TestClassMapRingsAndLegend(t *testing.T) {
	groups := []Points{
		{Name: "left", X: []float64{-0.5, 0.5, 0.6, -3}, Y: []float64{0, 0, 0, 0}, Ringed: []int{0, 0}},
		{Name: "right", X: []float64{0.5, -0.5}, Y: []float64{0.1, 0.1}},
	}
	cp := ClassMapPlot{Box: Box{XMin: -1, XMax: 1, YMin: -1, YMax: 1}, Resolution: 10, RingMisclassified: true}
	f, err := cp.Figure(halfPlane, groups...)
	if err != nil {
		t.Fatal(err)
	}
	// Left: 0.5 and 0.6 are misclassified, 0 is ringed by hand (twice, counted
	// once); right: −0.5. The point at x = −3 is outside the box.
	want := []string{"left", "right", "misclassified (4)"}
	if got := legendTexts(f); !reflect.DeepEqual(got, want) {
		t.Errorf("legend %q, want %q", got, want)
	}
	if notes := f.drawer.(*panel).notes; !reflect.DeepEqual(notes, []string{"1 point outside the box not shown"}) {
		t.Errorf("notes %q", notes)
	}
	if !reflect.DeepEqual(groups[0].Ringed, []int{0, 0}) {
		t.Errorf("the caller's Ringed became %v", groups[0].Ringed)
	}
	// The legend shows each group's points over its region's tint.
	for g, e := range f.drawer.(*panel).entries[:2] {
		sw := e.thumbs[0].(swatchThumb)
		if sw.glyph.Color != OkabeIto()[g] || sw.fill != tinted(OkabeIto()[g], regionTint) {
			t.Errorf("group %d: legend colours %v over %v", g, sw.glyph.Color, sw.fill)
		}
	}
	// Without a classifier, the points alone, with plain thumbnails and the
	// box fitted to them.
	f, err = ClassMapPlot{RingLabel: "odd"}.Figure(nil, groups...)
	if err != nil {
		t.Fatal(err)
	}
	if got := legendTexts(f); !reflect.DeepEqual(got, []string{"left", "right", "odd (1)"}) {
		t.Errorf("legend without classifier %q", got)
	}
	if p := f.Plot(); p.X.Min != -3.36 || p.X.Max != 0.96 {
		t.Errorf("fitted x range [%v, %v], want [−3.36, 0.96]", p.X.Min, p.X.Max)
	}
}

func TestTinted(t *testing.T) {
	got := tinted(color.RGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, 0.3)
	want := color.NRGBA{R: 179, G: 213, B: 232, A: 0xff} // 255 − 0.3·(255 − v), rounded
	if got != want {
		t.Errorf("tinted = %v, want %v", got, want)
	}
}

// TestLandscapePoints checks that point groups take the colours after the
// paths' and count in the fitted box.
func TestLandscapePoints(t *testing.T) {
	path := Path{Name: "GD", X: []float64{0, 1}, Y: []float64{0, 1}}
	lp := LandscapePlot{Points: []Points{{Name: "starts", X: []float64{-1, 3}, Y: []float64{2, 0}, Ringed: []int{1}}}}
	f, err := lp.Figure(valley2, path)
	if err != nil {
		t.Fatal(err)
	}
	if got := legendTexts(f); !reflect.DeepEqual(got, []string{"GD", "starts", "ringed (1)"}) {
		t.Errorf("legend %q", got)
	}
	sc := f.drawer.(*panel).entries[1].thumbs[0].(*plotter.Scatter)
	if sc.GlyphStyle.Color != OkabeIto()[1] {
		t.Errorf("the first point group has colour %v, want the second of the palette", sc.GlyphStyle.Color)
	}
	if p := f.Plot(); p.X.Min != -1.4 || p.X.Max != 3.4 || p.Y.Min != -0.2 || p.Y.Max != 2.2 {
		t.Errorf("fitted box x [%v, %v], y [%v, %v], want [−1.4, 3.4], [−0.2, 2.2]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	lp.Points[0].Ringed = []int{2}
	if _, err := lp.Figure(valley2, path); err == nil || !strings.Contains(err.Error(), "ringed index 2, want 0 to 1") {
		t.Errorf("bad ring index: error = %v", err)
	}
}

// TestClassMapSVGIsDeterministic builds the gallery's class map twice and
// wants the same SVG: the boundary lines come out of maps, in sorted order.
func TestClassMapSVGIsDeterministic(t *testing.T) {
	var out [2][]byte
	for i := range out {
		f, err := classMap()
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = f.SVG(0, 0); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("two SVG renderings of a class map differ")
	}
}
