//go:build js && wasm

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall/js"
)

// main registers descentFigure(key, positions) → {svg, text, values, error} for the pages and
// waits for calls. Under Node ('node wasm_exec_node.js lessons.wasm dump KEY POS…') it prints a run
// instead.
func main() {
	if len(os.Args) >= 3 && os.Args[1] == "dump" {
		pos := make([]int, 0, len(os.Args)-3)
		for _, a := range os.Args[3:] {
			p, err := strconv.Atoi(a)
			if err != nil {
				fmt.Println("lessons: slider positions are integers")
				os.Exit(2)
			}
			pos = append(pos, p)
		}
		if err := dump(os.Stdout, os.Args[2], pos); err != nil {
			fmt.Println("lessons:", err)
			os.Exit(1)
		}
		return
	}
	js.Global().Set("descentFigure", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[1].Type() != js.TypeObject {
			return map[string]any{"error": "descentFigure(key, positions) takes a figure's name and a list of slider positions"}
		}
		pos := make([]int, args[1].Length())
		for i := range pos {
			pos[i] = args[1].Index(i).Int()
		}
		r, err := render(args[0].String(), pos, true)
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		vals := make([]string, len(r.Values))
		for i, v := range r.Values {
			vals[i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		return map[string]any{"svg": string(r.SVG), "text": r.Text, "values": strings.Join(vals, " ")}
	}))
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("descent-lessons-ready"))
	select {}
}
