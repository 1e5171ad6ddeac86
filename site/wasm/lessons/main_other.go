//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

func main() { os.Exit(cli(os.Args[1:])) }

// cli runs 'dump KEY POS…' (the same entry point the WebAssembly build has under Node) or
// 'defaults DIR', which writes DIR/defaults.json (every figure's lesson, sliders and default text)
// and DIR/KEY.svg (each default figure).
func cli(args []string) int {
	switch {
	case len(args) >= 2 && args[0] == "dump":
		pos, err := positions(args[2:])
		if err == nil {
			err = dump(os.Stdout, args[1], pos)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "lessons:", err)
			return 1
		}
		return 0
	case len(args) == 2 && args[0] == "defaults":
		pages, svgs, err := defaults()
		if err == nil {
			err = os.WriteFile(filepath.Join(args[1], "defaults.json"), marshal(pages), 0o644)
		}
		for key, svg := range svgs {
			if err == nil {
				err = os.WriteFile(filepath.Join(args[1], key+".svg"), svg, 0o644)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "lessons:", err)
			return 1
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "usage: lessons dump KEY POS… | lessons defaults DIR")
	return 2
}

// positions parses slider positions (a negative one stands for the notebook's default).
func positions(args []string) ([]int, error) {
	pos := make([]int, len(args))
	for i, a := range args {
		p, err := strconv.Atoi(a)
		if err != nil {
			return nil, fmt.Errorf("slider position %q is not an integer", a)
		}
		pos[i] = p
	}
	return pos, nil
}
