package data

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNewCopiesAndShapes(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{10, 20, 30}
	d, err := New(x, 2, y)
	if err != nil {
		t.Fatal(err)
	}
	x[0], y[0] = 99, 99
	if d.Len() != 3 || d.Features() != 2 || d.X[0] != 1 || d.Y[0] != 10 {
		t.Errorf("got Len %d, Features %d, X[0] %g, Y[0] %g; want 3, 2, 1, 10", d.Len(), d.Features(), d.X[0], d.Y[0])
	}
	if d.Labels != nil || d.NumClasses != 0 {
		t.Errorf("regression dataset has labels %v, %d classes", d.Labels, d.NumClasses)
	}
	if r := d.Row(2); !slices.Equal(r, []float64{5, 6}) || cap(r) != 2 {
		t.Errorf("Row(2) = %v with capacity %d, want [5 6] with capacity 2", r, cap(r))
	}

	labels := []int{1, 0, 2}
	c, err := NewLabeled([]float32{1, 2, 3}, 1, labels, 3)
	if err != nil {
		t.Fatal(err)
	}
	labels[0] = 0
	if !slices.Equal(c.Labels, []int{1, 0, 2}) || !slices.Equal(c.Y, []float32{1, 0, 2}) || c.NumClasses != 3 {
		t.Errorf("labeled dataset: Labels %v, Y %v, NumClasses %d", c.Labels, c.Y, c.NumClasses)
	}
}

func TestNewErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"features", second(New([]float64{1}, 0, []float64{1})), "0 features, want at least 1"},
		{"no rows", second(New([]float64{}, 2, []float64{})), "no rows"},
		{"length", second(New([]float64{1, 2, 3}, 2, []float64{1, 2})), "x has 3 values, want 2 rows × 2 features = 4"},
		{"NaN x", second(New([]float64{1, math.NaN()}, 1, []float64{1, 2})), "x[1] = NaN"},
		{"Inf y", second(New([]float32{1, 2}, 1, []float32{1, float32(math.Inf(1))})), "y[1] = +Inf"},
		{"classes", second(NewLabeled([]float64{1, 2}, 1, []int{0, 0}, 1)), "1 classes, want at least 2"},
		{"label", second(NewLabeled([]float64{1, 2}, 1, []int{0, 2}, 2)), "label 2 of row 1 is out of range [0, 2)"},
		{"negative label", second(NewLabeled([]float64{1, 2}, 1, []int{-1, 0}, 2)), "label -1 of row 0"},
		{"labeled length", second(NewLabeled([]float64{1, 2}, 1, []int{0}, 2)), "x has 2 values, want 1 rows"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

func second[A any](_ A, err error) error { return err }

func TestGather(t *testing.T) {
	d, err := NewLabeled([]float64{0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5}, 2, []int{0, 1, 1, 0}, 2)
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{3, 0, 3}
	x, y, l := make([]float64, 6), make([]float64, 3), make([]int, 3)
	if err := d.Gather(x, y, idx); err != nil {
		t.Fatal(err)
	}
	if err := d.GatherLabels(l, idx); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(x, []float64{3, 3.5, 0, 0.5, 3, 3.5}) || !slices.Equal(y, []float64{0, 0, 0}) || !slices.Equal(l, []int{0, 0, 0}) {
		t.Errorf("Gather(%v): x %v, y %v, labels %v", idx, x, y, l)
	}
	if allocs := testing.AllocsPerRun(100, func() {
		_ = d.Gather(x, y, idx)
		_ = d.GatherLabels(l, idx)
	}); allocs != 0 {
		t.Errorf("Gather allocates %v times, want 0", allocs)
	}

	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"dstX", d.Gather(make([]float64, 5), y, idx), "dstX has length 5, want 3 rows × 2 features = 6"},
		{"dstY", d.Gather(x, make([]float64, 2), idx), "dstY has length 2, want 3"},
		{"index", d.Gather(x, y, []int{0, 4, 1}), "index 4 at position 1 is out of range [0, 4)"},
		{"labels dst", d.GatherLabels(make([]int, 1), idx), "dst has length 1, want 3"},
		{"labels index", d.GatherLabels(l, []int{0, 1, -1}), "index -1 at position 2"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
	// A failed Gather leaves the destination alone.
	x2 := []float64{7, 7, 7, 7}
	if err := d.Gather(x2, []float64{7, 7}, []int{1, 9}); err == nil || !slices.Equal(x2, []float64{7, 7, 7, 7}) {
		t.Errorf("failed Gather: error %v, dstX %v", err, x2)
	}

	r, err := New([]float64{1}, 1, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.GatherLabels(make([]int, 1), []int{0}); err == nil || !strings.Contains(err.Error(), "no labels") {
		t.Errorf("GatherLabels on regression data: error %v", err)
	}
}

func TestSubset(t *testing.T) {
	d, err := NewLabeled([]float32{0, 1, 2, 3, 4, 5}, 2, []int{0, 1, 2}, 3)
	if err != nil {
		t.Fatal(err)
	}
	s, err := d.Subset([]int{2, 2, 0})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.X, []float32{4, 5, 4, 5, 0, 1}) || !slices.Equal(s.Labels, []int{2, 2, 0}) ||
		!slices.Equal(s.Y, []float32{2, 2, 0}) || s.NumClasses != 3 || s.Features() != 2 {
		t.Errorf("Subset: %+v", s)
	}
	if _, err := d.Subset(nil); err == nil {
		t.Errorf("empty Subset succeeded")
	}
	if _, err := d.Subset([]int{3}); err == nil || !strings.Contains(err.Error(), "index 3 at position 0") {
		t.Errorf("Subset out of range: error %v", err)
	}
}

func TestSplit(t *testing.T) {
	d, err := TwoClass[float64](101, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := d.Split(0.2, 9)
	if err != nil {
		t.Fatal(err)
	}
	if test.Len() != 20 || train.Len() != 81 {
		t.Fatalf("split 101 rows 0.2: train %d, test %d; want 81, 20", train.Len(), test.Len())
	}
	// Every row of d lands in exactly one part, in the original order: match
	// rows by content (TwoClass rows are distinct).
	key := func(ds *Dataset[float64], i int) [3]float64 {
		return [3]float64{ds.X[2*i], ds.X[2*i+1], ds.Y[i]}
	}
	pos := map[[3]float64]int{}
	for i := range d.Len() {
		pos[key(d, i)] = i
	}
	if len(pos) != d.Len() {
		t.Fatalf("TwoClass rows are not distinct")
	}
	seen := map[int]bool{}
	for _, part := range []*Dataset[float64]{train, test} {
		last := -1
		for i := range part.Len() {
			j, ok := pos[key(part, i)]
			if !ok || seen[j] || j <= last {
				t.Fatalf("row %d of a part: source %d (found %v), seen %v, previous %d", i, j, ok, seen[j], last)
			}
			if part.Labels[i] != d.Labels[j] {
				t.Errorf("row %d of source: label %d, in split %d", j, d.Labels[j], part.Labels[i])
			}
			seen[j], last = true, j
		}
	}
	if len(seen) != d.Len() {
		t.Errorf("split covers %d of %d rows", len(seen), d.Len())
	}

	_, again, err := d.Split(0.2, 9)
	if err != nil {
		t.Fatal(err)
	}
	_, other, err := d.Split(0.2, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.X, test.X) {
		t.Errorf("same seed gives a different split")
	}
	if slices.Equal(other.X, test.X) {
		t.Errorf("seeds 9 and 10 give the same split")
	}

	for _, c := range []struct {
		frac float64
		want string
	}{
		{0, "outside (0, 1)"}, {1, "outside (0, 1)"}, {math.NaN(), "outside (0, 1)"},
		{0.001, "gives 0 test rows, want between 1 and 100"},
		{0.999, "gives 101 test rows"},
	} {
		if _, _, err := d.Split(c.frac, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Split(%v): error %v, want one containing %q", c.frac, err, c.want)
		}
	}
}
