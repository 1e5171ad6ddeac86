//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

func main() { os.Exit(cli(os.Args[1:])) }

// cli runs 'dump path|rate ETA_POS MU_POS' (the same entry point the WebAssembly build has under
// Node) or 'defaults DIR', which writes DIR/momentum-defaults.json (the sliders and the default
// texts) and DIR/momentum-path.svg, DIR/momentum-rate.svg (the default figures).
func cli(args []string) int {
	switch {
	case len(args) == 4 && args[0] == "dump":
		etaPos, err1 := strconv.Atoi(args[2])
		muPos, err2 := strconv.Atoi(args[3])
		if err1 != nil || err2 != nil {
			fmt.Fprintln(os.Stderr, "momentum: ETA_POS and MU_POS are slider positions (integers)")
			return 2
		}
		if err := dump(os.Stdout, args[1], etaPos, muPos); err != nil {
			fmt.Fprintln(os.Stderr, "momentum:", err)
			return 1
		}
		return 0
	case len(args) == 2 && args[0] == "defaults":
		meta, svgs, err := defaults()
		if err == nil {
			err = os.WriteFile(filepath.Join(args[1], "momentum-defaults.json"), []byte(marshal(meta)), 0o644)
		}
		for name, svg := range svgs {
			if err == nil {
				err = os.WriteFile(filepath.Join(args[1], "momentum-"+name+".svg"), svg, 0o644)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "momentum:", err)
			return 1
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "usage: momentum dump path|rate ETA_POS MU_POS | momentum defaults DIR")
	return 2
}
