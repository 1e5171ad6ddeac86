package lesson

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/descentlab/descent/plotting"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// Panel is a figure with controls: sliders and selects (GoNB's
// gonbui/widgets) whose every move reruns the caller's draw function —
// the real optimizer — and redraws the figure and its text in place.
//
// A panel needs a browser to be live, and must also work without one:
// under nbconvert, the notebook test and `make lessons` nobody moves a
// slider, and GoNB's widgets would wait for the browser forever. So Run
// first asks whether a front end answers (see Wait): when none does, it
// shows the figure and prints the text for the controls' initial values,
// and returns; the saved notebook keeps that figure, as any other. When a
// front end answers, the controls appear above the figure, each labelled
// with its name and current value, and the cell stays live until its done
// button is pressed or nothing has moved for Idle; then the last figure
// and text are shown as ordinary outputs.
//
// Create a panel with NewPanel, add controls, then call Run once.
type Panel struct {
	// Wait is how long Run waits for the browser's answer after GoNB has
	// tried to connect to it. GoNB itself gives the browser up to 3 s to
	// connect before that, so without a browser a panel costs about 3 s +
	// Wait. If Wait is 0, it will be defaulted to 2 s.
	Wait time.Duration

	// Idle ends the live panel after this long without a move.
	// If Idle is 0, it will be defaulted to 10 minutes.
	Idle time.Duration

	mu       sync.Mutex
	controls []control
	ran      bool
}

// control is a slider or a select of a panel.
type control interface {
	// label is what the control's label shows now, such as "η = 0.316".
	label() string
	// set moves the control to position pos.
	set(pos int)
	// build displays the widget in the DOM element parent and returns
	// the address it reports its position on, once the browser answered.
	build(parent string) (address string)
}

// NewPanel returns an empty panel.
func NewPanel() *Panel { return &Panel{} }

// Param is a number set by a slider of a panel.
type Param struct {
	p     *Panel
	name  string
	scale Scale
	pos   int
	value float64 // the value: the one given, until the slider moves
}

// Value returns the parameter's current value: the value it was created
// (or Set) with, exactly, until the slider moves; then the value of the
// slider's position on its scale.
func (q *Param) Value() float64 {
	q.p.mu.Lock()
	defer q.p.mu.Unlock()
	return q.value
}

// Set sets the value, clamped to the scale, and moves the slider to the
// nearest position. It is for the cell that builds the panel, before Run,
// and for tests.
func (q *Param) Set(v float64) {
	q.p.mu.Lock()
	defer q.p.mu.Unlock()
	q.setValue(v)
}

func (q *Param) setValue(v float64) {
	q.value = min(max(v, q.scale.Min), q.scale.Max)
	q.pos = q.scale.Position(q.value)
}

func (q *Param) label() string { return fmt.Sprintf("%s = %s", q.name, FormatValue(q.value)) }
func (q *Param) set(pos int) {
	q.pos = min(max(pos, 0), q.scale.Steps)
	q.value = q.scale.Value(q.pos)
}
func (q *Param) build(parent string) string {
	s := widgets.Slider(0, q.scale.Steps, q.pos).AppendTo(parent).Done()
	return s.Address()
}

// Choice is an option picked by a select of a panel.
type Choice struct {
	p       *Panel
	name    string
	options []string
	index   int
}

// Index returns the index of the option chosen now.
func (c *Choice) Index() int {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	return c.index
}

// Option returns the option chosen now.
func (c *Choice) Option() string {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	return c.options[c.index]
}

// Set chooses option i (clamped to the options). It is for the cell that
// builds the panel, before Run, and for tests.
func (c *Choice) Set(i int) {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	c.set(i)
}

func (c *Choice) label() string { return fmt.Sprintf("%s: %s", c.name, c.options[c.index]) }
func (c *Choice) set(i int)     { c.index = min(max(i, 0), len(c.options)-1) }
func (c *Choice) build(parent string) string {
	s := widgets.Select(c.options).SetDefault(c.index).AppendTo(parent).Done()
	return s.Address()
}

// Slider adds a slider for the parameter called name, on scale s, set to
// value (clamped to the scale; the slider shows the nearest position). It panics if s is not a valid scale (min <
// max, positive on a log scale, at least one step): the panel's layout is
// the lesson's code, not its data.
func (p *Panel) Slider(name string, s Scale, value float64) *Param {
	if err := s.check(); err != nil {
		panic(err)
	}
	q := &Param{p: p, name: name, scale: s}
	q.setValue(value)
	p.controls = append(p.controls, q)
	return q
}

// LogSlider adds a slider for a learning rate or another positive number,
// log-scaled from min to max in 240 steps (40 per decade over six decades).
func (p *Panel) LogSlider(name string, min, max, value float64) *Param {
	return p.Slider(name, LogScale(min, max, 240), value)
}

// BetaSlider adds a slider for a factor β in [0, 0.999], in steps of 0.001.
func (p *Panel) BetaSlider(name string, value float64) *Param {
	return p.Slider(name, BetaScale(), value)
}

// Select adds a select among options, with option index chosen. It panics
// if there are no options.
func (p *Panel) Select(name string, options []string, index int) *Choice {
	if len(options) == 0 {
		panic(errors.New("lesson: Panel.Select: no options"))
	}
	c := &Choice{p: p, name: name, options: append([]string(nil), options...)}
	c.set(index)
	p.controls = append(p.controls, c)
	return c
}

// Labels returns the labels of the controls as they read now, such as
// "η = 0.316", in the order they were added.
func (p *Panel) Labels() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, c := range p.controls {
		out = append(out, c.label())
	}
	return out
}

// FormatValue formats a slider's value as its label shows it: three
// significant digits (0.316, 0.045, 0.999; 1e-04 below 0.001).
func FormatValue(v float64) string {
	if v != 0 && (v < 1e-3 && v > -1e-3) {
		return fmt.Sprintf("%.2g", v)
	}
	s := fmt.Sprintf("%.3g", v)
	if strings.Contains(s, "e") {
		return fmt.Sprintf("%.4g", v)
	}
	return s
}

// Draw computes the panel's figure and its text for the controls'
// current values: it reruns the optimizer and renders. The text may be
// "" and is printed under the figure.
type Draw func() (*plotting.Figure, string, error)

// Run draws the panel for the controls' current values and, if a browser
// answers, keeps redrawing it as the controls move (see Panel). Without a
// browser (and outside a notebook) it prints the text and shows the
// figure once, and returns. The error is draw's, or the display's.
func (p *Panel) Run(draw Draw) error {
	if p.ran {
		return errors.New("lesson: Panel.Run called twice")
	}
	p.ran = true
	fig, text, err := draw()
	if err != nil {
		return err
	}
	if !gonbui.IsNotebook || !frontEndAnswers(p.wait()) {
		return showStatic(fig, text)
	}
	return p.live(draw, fig, text)
}

func (p *Panel) wait() time.Duration {
	if p.Wait > 0 {
		return p.Wait
	}
	return 2 * time.Second
}

func (p *Panel) idle() time.Duration {
	if p.Idle > 0 {
		return p.Idle
	}
	return 10 * time.Minute
}

// showStatic prints the text and shows the figure as ordinary outputs.
func showStatic(fig *plotting.Figure, text string) error {
	if text != "" {
		fmt.Print(strings.TrimSuffix(text, "\n") + "\n")
	}
	return plotting.Show(fig, nil)
}

// frontEndAnswers reports whether a browser runs GoNB's JavaScript for
// this cell. It subscribes to a fresh address — which makes GoNB connect
// its WebSocket to the browser, waiting up to 3 s for it — and sends a
// transient script that writes to that address. gonbui.Sync, inside
// dom.TransientJavascript, returns once GoNB has handled both; from then
// on a browser's answer takes a round trip, and Run waits at most wait
// for it. Nothing but the browser can write to the address, so a true is
// never wrong; a false after wait means no front end (nbconvert, a test).
func frontEndAnswers(wait time.Duration) bool {
	if gonbui.Error() != nil {
		return false
	}
	address := "/descent/lesson/probe/" + gonbui.UniqueId()
	answers := comms.Listen[int](address).LatestOnly()
	defer answers.Close()
	dom.TransientJavascript(fmt.Sprintf(`globalThis.gonb_comm && globalThis.gonb_comm.send(%q, 1);`, address))
	select {
	case <-answers.C:
		return true
	case <-time.After(wait):
		return false
	}
}

// live shows the controls and redraws on every move until done or idle.
func (p *Panel) live(draw Draw, fig *plotting.Figure, text string) error {
	uid := gonbui.UniqueId()
	panelBlock, figBlock := "descent_panel_"+uid, "descent_figure_"+uid
	ctrls := "descent_controls_" + uid
	gonbui.UpdateHTML(panelBlock, fmt.Sprintf(`<div id="%s" class="descent-panel" style="font-family: sans-serif; font-size: 13px;"></div>`, ctrls))
	moved := make(chan struct{}, 1)
	var addresses []*comms.AddressChan[int]
	for i, c := range p.controls {
		row := fmt.Sprintf("%s_%d", ctrls, i)
		dom.Append(ctrls, fmt.Sprintf(`<div id="%s" style="display: flex; align-items: center; gap: 8px; margin: 2px 0;">`+
			`<span id="%s_label" class="descent-label" style="min-width: 11em;">%s</span></div>`, row, row, html.EscapeString(c.label())))
		address := c.build(row)
		ch := comms.Listen[int](address).LatestOnly()
		addresses = append(addresses, ch)
		go func(c control, ch *comms.AddressChan[int]) {
			for pos := range ch.C {
				p.mu.Lock()
				c.set(pos)
				p.mu.Unlock()
				select {
				case moved <- struct{}{}:
				default:
				}
			}
		}(c, ch)
	}
	done := widgets.Button("done").AppendTo(ctrls).Done().Listen()
	defer func() {
		for _, ch := range addresses {
			ch.Close()
		}
		done.Close()
	}()
	if err := updateFigure(figBlock, fig, text, time.Now()); err != nil {
		return err
	}
	idle := time.NewTimer(p.idle())
	defer idle.Stop()
	for {
		select {
		case <-moved:
			start := time.Now()
			f, t, err := draw()
			if err != nil {
				t, f = "error: "+err.Error(), nil
			}
			fig, text = f, t
			if err := updateFigure(figBlock, fig, text, start); err != nil {
				fmt.Fprintf(os.Stderr, "error: %v\n", err)
			}
			p.updateLabels(ctrls)
			idle.Reset(p.idle())
		case <-done.C:
			return p.finish(panelBlock, figBlock, fig, text)
		case <-idle.C:
			return p.finish(panelBlock, figBlock, fig, text)
		}
	}
}

// updateLabels sets every control's label to its current value, in one
// script (one round trip to GoNB).
func (p *Panel) updateLabels(ctrls string) {
	var js strings.Builder
	js.WriteString("(() => {\n")
	for i, l := range p.Labels() {
		id, _ := json.Marshal(fmt.Sprintf("%s_%d_label", ctrls, i))
		text, _ := json.Marshal(l)
		fmt.Fprintf(&js, "  { const e = document.getElementById(%s); if (e) e.innerText = %s; }\n", id, text)
	}
	js.WriteString("})();")
	dom.TransientJavascript(js.String())
}

// finish replaces the live panel with the last figure and text, as
// ordinary outputs that the saved notebook keeps.
func (p *Panel) finish(panelBlock, figBlock string, fig *plotting.Figure, text string) error {
	gonbui.UpdateHTML(panelBlock, "")
	gonbui.UpdateHTML(figBlock, "")
	text = strings.Join(p.Labels(), ", ") + "\n" + text
	if fig == nil {
		fmt.Print(text)
		return nil
	}
	return showStatic(fig, text)
}

// stretchImages makes the raster images of an SVG (a heat map's pixels)
// fill the boxes gonum/plot gives them: without preserveAspectRatio="none",
// a browser keeps the image's own aspect ratio and draws a square heat map
// as a band in the middle of the axes.
func stretchImages(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte("<image "), []byte(`<image preserveAspectRatio="none" `))
}

// updateFigure redraws the figure block: the figure as an SVG image and the text
// under it. The time from start (the move) until the block is sent, which
// includes rerunning the optimizer and rendering the PNG, is kept in the
// block's data-ms attribute, for the browser test's log.
func updateFigure(block string, fig *plotting.Figure, text string, start time.Time) error {
	var img string
	if fig != nil {
		// SVG, not PNG, while live: it renders about ten times faster (a
		// landscape in ~20 ms against ~200 ms for the PNG at 192 dpi), which
		// keeps a redraw within the 300 ms a slider move may take.
		svg, err := fig.SVG(0, 0)
		if err != nil {
			return err
		}
		svg = stretchImages(svg)
		img = fmt.Sprintf(`<img class="descent-figure" width="%d" src="data:image/svg+xml;base64,%s"/>`,
			int(fig.Width.Points()*96/72+0.5), base64.StdEncoding.EncodeToString(svg))
	}
	took := time.Since(start)
	gonbui.UpdateHTML(block, fmt.Sprintf(`<div class="descent-redraw" data-ms="%.1f">%s<pre class="descent-text">%s</pre></div>`,
		float64(took.Microseconds())/1000, img, html.EscapeString(text)))
	return nil
}
