// Command lessons is the lessons' steerable figures for the website: the computations of the
// notebooks' slider cells, compiled with GOOS=js GOARCH=wasm so that they run in the page
// (main_js.go). Each figure is declared once here (figure), with the notebook's own slider scales
// (lesson.LogScale, lesson.BetaScale) and defaults: the page passes slider positions, so it runs
// exactly the values the notebook's sliders give, and a test checks each figure's text at the
// defaults against the notebook's saved output.
//
// Built natively, 'lessons dump KEY POS…' prints a run's numbers, so that a test can compare the
// two builds bit for bit, and 'lessons defaults DIR' draws what the pages show before the program
// loads.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/descentlab/descent/pkg/lesson"
	"github.com/descentlab/descent/plotting"
	"gonum.org/v1/plot/vg"
)

// figure is one of a lesson's steerable figures.
type figure struct {
	Lesson string      // the lesson's slug, e.g. 04-momentum-and-nesterov
	Anchor string      // a string of the notebook's slider cell: the page shows the figure after it
	Lead   string      // the sentence above the sliders (HTML)
	Alt    string      // the default figure's description
	Params []sliderDef // the sliders, in the notebook's order
	Width  vg.Length   // the figure's size
	Height vg.Length
	// draw computes the figure at the sliders' values: the figure, its text and the run
	// it shows (for the bit-for-bit test).
	draw func(v []float64) (*plotting.Figure, string, *plotting.Trace, error)
}

// sliderDef is one slider — its label, its scale and the notebook's default value — or, when
// Choices is set, a select among Choices whose value is the chosen index (Default the default's).
type sliderDef struct {
	Name    string
	Scale   lesson.Scale
	Default float64
	Choices []string
}

// steps is the largest position of the control.
func (s sliderDef) steps() int {
	if s.Choices != nil {
		return len(s.Choices) - 1
	}
	return s.Scale.Steps
}

// value is the control's value at pos.
func (s sliderDef) value(pos int) float64 {
	if s.Choices != nil {
		return float64(min(max(pos, 0), len(s.Choices)-1))
	}
	return s.Scale.Value(pos)
}

// label is what the control shows at value v.
func (s sliderDef) label(v float64) string {
	if s.Choices != nil {
		return s.Choices[int(v)]
	}
	return lesson.FormatValue(v)
}

// position is the position nearest v.
func (s sliderDef) position(v float64) int {
	if s.Choices != nil {
		return int(v)
	}
	return s.Scale.Position(v)
}

// figures holds every figure by key; lesson04.go, lesson02.go, … add theirs.
var figures = map[string]*figure{}

// result is one setting of a figure's sliders, drawn.
type result struct {
	Values []float64
	Text   string
	SVG    []byte
	trace  *plotting.Trace
}

// render draws figure key at the slider positions (clamped to the scales); a negative position
// stands for the notebook's default value, which its panel keeps exactly until a slider moves.
func render(key string, pos []int, svg bool) (result, error) {
	f, ok := figures[key]
	if !ok {
		return result{}, fmt.Errorf("no figure %q (there are %v)", key, keys())
	}
	if len(pos) != len(f.Params) {
		return result{}, fmt.Errorf("figure %s has %d sliders, got %d positions", key, len(f.Params), len(pos))
	}
	r := result{Values: make([]float64, len(pos))}
	for i, p := range pos {
		if p < 0 {
			r.Values[i] = f.Params[i].Default
		} else {
			r.Values[i] = f.Params[i].value(p)
		}
	}
	fig, text, tr, err := f.draw(r.Values)
	if err != nil {
		return result{}, err
	}
	r.Text, r.trace = text, tr
	if svg {
		if r.SVG, err = fig.SVG(f.Width, f.Height); err != nil {
			return result{}, err
		}
	}
	return r, nil
}

func keys() []string {
	var ks []string
	for k := range figures {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// dump writes a run's numbers as exact bits: the sliders' values, every point and loss of its
// trace, then its text.
func dump(w io.Writer, key string, pos []int) error {
	r, err := render(key, pos, false)
	if err != nil {
		return err
	}
	for i, v := range r.Values {
		fmt.Fprintf(w, "value %d %016x\n", i, math.Float64bits(v))
	}
	losses := r.trace.Losses()
	for i := range r.trace.Len() {
		fmt.Fprintf(w, "%d", i)
		for _, p := range r.trace.Params(i) {
			fmt.Fprintf(w, " %016x", math.Float64bits(p))
		}
		fmt.Fprintf(w, " %016x\n", math.Float64bits(losses[i]))
	}
	_, err = fmt.Fprintln(w, r.Text)
	return err
}

// Page is what the site needs of a figure (written to defaults.json by 'lessons defaults').
type Page struct {
	Lesson  string   `json:"lesson"`
	Anchor  string   `json:"anchor"`
	Lead    string   `json:"lead"`
	Alt     string   `json:"alt"`
	Text    string   `json:"text"` // at the defaults
	Sliders []Slider `json:"sliders"`
}

// Slider is one slider (or select) as the page shows it.
type Slider struct {
	Name    string   `json:"name"`
	Select  bool     `json:"select,omitempty"` // a select whose options are Labels
	Max     int      `json:"max"`
	Value   int      `json:"value"`   // the position nearest the default
	Default string   `json:"default"` // the default's label
	Labels  []string `json:"labels"`  // the label of every position
}

// defaults draws every figure at the notebooks' defaults.
func defaults() (map[string]Page, map[string][]byte, error) {
	pages := map[string]Page{}
	svgs := map[string][]byte{}
	for _, key := range keys() {
		f := figures[key]
		pos := make([]int, len(f.Params))
		p := Page{Lesson: f.Lesson, Anchor: f.Anchor, Lead: f.Lead, Alt: f.Alt}
		for i, s := range f.Params {
			pos[i] = -1
			labels := make([]string, s.steps()+1)
			for j := range labels {
				labels[j] = s.label(s.value(j))
			}
			p.Sliders = append(p.Sliders, Slider{Name: s.Name, Select: s.Choices != nil, Max: s.steps(), Value: s.position(s.Default),
				Default: s.label(s.Default), Labels: labels})
		}
		r, err := render(key, pos, true)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", key, err)
		}
		p.Text = r.Text
		pages[key] = p
		svgs[key] = r.SVG
	}
	return pages, svgs, nil
}

func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, numbers and lists always marshal
	}
	return b
}
