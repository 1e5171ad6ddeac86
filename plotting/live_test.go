package plotting

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// fakeClock is a clock moved by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestLiveThrottlesNotebookRedraws(t *testing.T) {
	sent := fakeNotebook(t, true)
	clock := &fakeClock{t: time.Unix(1000, 0)}
	tr := NewTrace("SGD")
	live := NewLive(tr)
	live.Now, live.Total = clock.now, 100
	live.MaxPoints = 20
	// 100 steps 10 ms apart: redraws at 0, 250, 500 and 750 ms.
	for step := range 100 {
		if err := tr.Record(step, math.Exp(-float64(step)/20), nil, 0.1); err != nil {
			t.Fatal(err)
		}
		if err := live.Tick(); err != nil {
			t.Fatal(err)
		}
		clock.advance(10 * time.Millisecond)
	}
	if len(*sent) != 4 {
		t.Fatalf("%d redraws in 1 s at 4 per second, want 4", len(*sent))
	}
	for i, d := range *sent {
		h, _ := d.Data[protocol.MIMETextHTML].(string)
		if d.DisplayID != "live-1" || !strings.Contains(h, `<img src="data:image/png;base64,`) || !strings.Contains(h, `width="480" height="336"`) {
			t.Errorf("redraw %d: id %q, html %.80q…, want the same id, a 2× PNG shown at 480 × 336", i, d.DisplayID, h)
		}
	}
	last, _ := (*sent)[3].Data[protocol.MIMETextHTML].(string)
	if !strings.Contains(last, "step 75/100 (75%) · SGD 0.02352 · 0.8 s") {
		t.Errorf("last redraw's progress line: %.120q", last)
	}

	if err := live.Finish(); err != nil {
		t.Fatal(err)
	}
	if len(*sent) != 7 || (*sent)[6].Data != nil {
		t.Fatalf("Finish sent %d messages, want 3: the last redraw, the figure and a sync", len(*sent)-4)
	}
	final, next := (*sent)[4], (*sent)[5]
	h, _ := final.Data[protocol.MIMETextHTML].(string)
	if final.DisplayID != "live-1" || strings.Contains(h, "<img") || !strings.Contains(h, "step 99/100 (99%) · SGD 0.007083 · done") {
		t.Errorf("Finish's last redraw: id %q, html %q, want the progress line alone, without wall time", final.DisplayID, h)
	}
	if _, ok := next.Data[protocol.MIMEImagePNG]; !ok || next.DisplayID != "" {
		t.Errorf("Finish's figure: %v keys, id %q, want a normal image/png display", len(next.Data), next.DisplayID)
	}
}

func TestLiveProgressOutsideNotebook(t *testing.T) {
	sent := fakeNotebook(t, false)
	clock := &fakeClock{t: time.Unix(1000, 0)}
	var out bytes.Buffer
	a, b := NewTrace("SGD"), NewTrace("Adam")
	live := NewLive(a, b)
	live.Now, live.Out, live.OutEvery = clock.now, &out, time.Second
	// 35 steps 100 ms apart: lines at 0, 1, 2 and 3 s.
	for step := range 35 {
		_ = a.Record(step, 1/float64(step+1), nil, 0.1)
		_ = b.Record(step, 0.5/float64(step+1), nil, 0.1)
		if err := live.Tick(); err != nil {
			t.Fatal(err)
		}
		clock.advance(100 * time.Millisecond)
	}
	if err := live.Finish(); err != nil {
		t.Fatal(err)
	}
	want := `step 0 · SGD 1 · Adam 0.5 · 0.0 s
step 10 · SGD 0.09091 · Adam 0.04545 · 1.0 s
step 20 · SGD 0.04762 · Adam 0.02381 · 2.0 s
step 30 · SGD 0.03226 · Adam 0.01613 · 3.0 s
step 34 · SGD 0.02857 · Adam 0.01429 · done
`
	if got := out.String(); got != want {
		t.Errorf("progress lines:\n%s\nwant:\n%s", got, want)
	}
	if len(*sent) != 0 {
		t.Errorf("outside a notebook, %d messages were sent", len(*sent))
	}
}

func TestLiveWithoutOutput(t *testing.T) {
	fakeNotebook(t, false)
	tr := NewTrace("")
	live := NewLive(tr)
	_ = tr.Record(0, 1, nil, 0.1)
	if err := live.Tick(); err != nil {
		t.Fatal(err)
	}
	if err := live.Finish(); err != nil {
		t.Fatal(err)
	}
	f, err := live.Figure()
	if err != nil || f == nil {
		t.Errorf("Figure = %v, %v", f, err)
	}
}

func TestLiveNothingRecorded(t *testing.T) {
	sent := fakeNotebook(t, true)
	live := NewLive(NewTrace("SGD"))
	if err := live.Tick(); err != nil {
		t.Fatal(err)
	}
	h, _ := (*sent)[0].Data[protocol.MIMETextHTML].(string)
	if !strings.Contains(h, "no steps yet") || strings.Contains(h, "<img") {
		t.Errorf("redraw before any step: %q", h)
	}
	if err := live.Finish(); err == nil {
		t.Error("Finish without any step gave no error")
	}
}

func TestThin(t *testing.T) {
	y := make([]float64, 1000)
	for i := range y {
		y[i] = float64(i)
	}
	y[333] = 5000 // a spike an evenly strided thinning would miss
	s := thin(Series{Name: "a", Y: y}, 100)
	if n := len(s.Y); n < 25 || n > 102 {
		t.Errorf("thinned to %d points, want 25 to 100", n)
	}
	if !slices.Contains(s.Y, 5000) {
		t.Error("thinning lost the spike at step 333")
	}
	y[333] = 333
	if s.X[0] != 0 || s.X[len(s.X)-1] != 999 {
		t.Errorf("thinned x from %v to %v, want 0 to 999", s.X[0], s.X[len(s.X)-1])
	}
	y[555] = math.NaN()
	s = thin(Series{Y: y}, 100)
	n := len(s.Y)
	if s.X[n-2] != 554 || s.X[n-1] != 555 || !math.IsNaN(s.Y[n-1]) {
		t.Errorf("thinned diverging series ends at x %v, %v, want the last finite point 554 and the NaN at 555", s.X[n-2], s.X[n-1])
	}
	short := Series{Y: []float64{1, 2}}
	if got := thin(short, 100); len(got.Y) != 2 {
		t.Errorf("a short series was thinned to %d points", len(got.Y))
	}
}
