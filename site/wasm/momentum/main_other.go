//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() { os.Exit(cli(os.Args[1:])) }

// cli runs 'dump η μ' (the same entry point the WebAssembly build has under Node), or
// 'figure η μ', which writes the figure's SVG to stdout and its text to stderr: the page's
// default, drawn at build time so that the figure is there before the WebAssembly loads.
func cli(args []string) int {
	if len(args) != 3 || (args[0] != "dump" && args[0] != "figure") {
		fmt.Fprintln(os.Stderr, "usage: momentum dump|figure ETA MU")
		return 2
	}
	eta, err1 := strconv.ParseFloat(args[1], 64)
	mu, err2 := strconv.ParseFloat(args[2], 64)
	if err1 != nil || err2 != nil {
		fmt.Fprintln(os.Stderr, "momentum: ETA and MU must be numbers")
		return 2
	}
	if args[0] == "figure" {
		r, err := run(eta, mu)
		if err == nil {
			var svg []byte
			if svg, err = r.figure(); err == nil {
				_, err = os.Stdout.Write(svg)
				fmt.Fprint(os.Stderr, r.text(eta, mu))
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "momentum:", err)
			return 1
		}
		return 0
	}
	if err := dump(os.Stdout, eta, mu); err != nil {
		fmt.Fprintln(os.Stderr, "momentum:", err)
		return 1
	}
	return 0
}
