//go:build js && wasm

package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall/js"
)

// main registers descentMomentum(figure, etaPos, muPos) → {svg, text, eta, mu, error} for the
// page and waits for calls. Under Node ('node wasm_exec_node.js momentum.wasm dump …') it prints
// a run instead.
func main() {
	if len(os.Args) == 5 && os.Args[1] == "dump" {
		etaPos, err1 := strconv.Atoi(os.Args[3])
		muPos, err2 := strconv.Atoi(os.Args[4])
		if err1 != nil || err2 != nil {
			fmt.Println("momentum: ETA_POS and MU_POS are slider positions (integers)")
			os.Exit(2)
		}
		if err := dump(os.Stdout, os.Args[2], etaPos, muPos); err != nil {
			fmt.Println("momentum:", err)
			os.Exit(1)
		}
		return
	}
	js.Global().Set("descentMomentum", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 3 {
			return map[string]any{"error": "descentMomentum(figure, etaPos, muPos) takes a name and two slider positions"}
		}
		r, err := render(args[0].String(), args[1].Int(), args[2].Int(), true)
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		return map[string]any{"svg": string(r.SVG), "text": r.Text,
			"eta": strconv.FormatFloat(r.Eta, 'g', -1, 64), "mu": strconv.FormatFloat(r.Mu, 'g', -1, 64)}
	}))
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("descent-momentum-ready"))
	select {}
}
