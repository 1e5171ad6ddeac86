//go:build js && wasm

package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall/js"
)

// main registers descentMomentum(eta, mu) → {svg, text, error} for the page and waits for calls.
// Under Node ('node wasm_exec_node.js momentum.wasm dump η μ') it prints the run instead.
func main() {
	if len(os.Args) == 4 && os.Args[1] == "dump" {
		eta, err1 := strconv.ParseFloat(os.Args[2], 64)
		mu, err2 := strconv.ParseFloat(os.Args[3], 64)
		if err1 != nil || err2 != nil {
			fmt.Println("momentum: ETA and MU must be numbers")
			os.Exit(2)
		}
		if err := dump(os.Stdout, eta, mu); err != nil {
			fmt.Println("momentum:", err)
			os.Exit(1)
		}
		return
	}
	js.Global().Set("descentMomentum", js.FuncOf(func(_ js.Value, args []js.Value) any {
		out := map[string]any{}
		if len(args) != 2 {
			out["error"] = "descentMomentum(eta, mu) takes two numbers"
			return out
		}
		eta, mu := args[0].Float(), args[1].Float()
		r, err := run(eta, mu)
		if err == nil {
			var svg []byte
			if svg, err = r.figure(); err == nil {
				out["svg"] = string(svg)
				out["text"] = r.text(eta, mu)
			}
		}
		if err != nil {
			out["error"] = err.Error()
		}
		return out
	}))
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("descent-momentum-ready"))
	select {}
}
