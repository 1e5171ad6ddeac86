// Command report turns the raw output of scripts/bench.sh into
// docs/benchmarks-optim.md: descent's optimizer steps next to the same steps
// in PyTorch and next to the memory floor measured in the same run.
//
// Usage:
//
//	report -go step.txt -floor floor.txt -torch torch.txt [-machine machine.txt] > docs/benchmarks-optim.md
//
// step.txt and floor.txt are `go test -bench` output (any -count; the median
// is used), torch.txt is the output of bench/torch_step.py, and machine.txt
// holds "key: value" lines that are copied into the report.
package main

import (
	"bufio"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Targets of the issue for Adam float32 at n=1e7.
const (
	targetTorchRatio = 6.0 // torch ns/step over Go ns/step, at least
	targetFloorRatio = 1.3 // Go ns/step over floor ns/step, at most
	headlineN        = 10000000
)

// key names one benchmark case.
type key struct {
	opt, dtype string // lower-case optimizer name ("" for the floor), "float32" or "float64"
	n          int
}

// sample is every measurement of one case.
type sample struct {
	ns     []float64 // ns per step, one per run
	allocs []float64 // allocs per step, one per run (Go only)
}

func main() {
	goFile := flag.String("go", "", "go test -bench output of BenchmarkStep")
	floorFile := flag.String("floor", "", "go test -bench output of BenchmarkFloor")
	torchFile := flag.String("torch", "", "output of bench/torch_step.py")
	machineFile := flag.String("machine", "", `"key: value" lines describing the machine and the run`)
	flag.Parse()
	if err := run(os.Stdout, *goFile, *floorFile, *torchFile, *machineFile); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, goFile, floorFile, torchFile, machineFile string) error {
	if goFile == "" || floorFile == "" || torchFile == "" {
		return errors.New("-go, -floor and -torch are required")
	}
	step, err := parseFile(goFile, parseGo("BenchmarkStep"))
	if err != nil {
		return err
	}
	unchecked, err := parseFile(goFile, parseGo("BenchmarkStepUnchecked"))
	if err != nil {
		return err
	}
	floor, err := parseFile(floorFile, parseGo("BenchmarkFloor"))
	if err != nil {
		return err
	}
	checkedFloor, err := parseFile(floorFile, parseGo("BenchmarkFloorChecked"))
	if err != nil {
		return err
	}
	torch, err := parseFile(torchFile, parseTorch)
	if err != nil {
		return err
	}
	var machine []string
	if machineFile != "" {
		b, err := os.ReadFile(machineFile)
		if err != nil {
			return err
		}
		machine = strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	if len(step) == 0 {
		return fmt.Errorf("%s: no BenchmarkStep results", goFile)
	}
	write(w, step, unchecked, floor, checkedFloor, torch, machine)
	return nil
}

// goLine matches a benchmark result line such as
// "BenchmarkStep/adam/float32/n=1000-2  20  7041669 ns/op  7.04 ns/param  0 B/op  0 allocs/op".
var goLine = regexp.MustCompile(`^(Benchmark\w+)/(?:(\w+)/)?(float32|float64)/n=(\d+)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(.*)$`)

var allocsField = regexp.MustCompile(`([\d.]+) allocs/op`)

// parseGo returns a parser for the lines of the named benchmark.
func parseGo(name string) func(string, map[key]*sample) error {
	return func(line string, out map[key]*sample) error {
		m := goLine.FindStringSubmatch(line)
		if m == nil || m[1] != name {
			return nil
		}
		n, _ := strconv.Atoi(m[4])
		ns, err := strconv.ParseFloat(m[5], 64)
		if err != nil {
			return fmt.Errorf("bad ns/op in %q", line)
		}
		s := get(out, key{m[2], m[3], n})
		s.ns = append(s.ns, ns)
		if a := allocsField.FindStringSubmatch(m[6]); a != nil {
			allocs, _ := strconv.ParseFloat(a[1], 64)
			s.allocs = append(s.allocs, allocs)
		}
		return nil
	}
}

// parseTorch reads a "torch_step <opt> <dtype> <n> <median ns> <min ns>" line.
func parseTorch(line string, out map[key]*sample) error {
	f := strings.Split(line, "\t")
	if len(f) < 5 || f[0] != "torch_step" {
		return nil
	}
	n, err1 := strconv.Atoi(f[3])
	ns, err2 := strconv.ParseFloat(f[4], 64)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("bad torch line %q: %w", line, err)
	}
	s := get(out, key{f[1], f[2], n})
	s.ns = append(s.ns, ns)
	return nil
}

func get(m map[key]*sample, k key) *sample {
	if m[k] == nil {
		m[k] = new(sample)
	}
	return m[k]
}

func parseFile(name string, parse func(string, map[key]*sample) error) (map[key]*sample, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := make(map[key]*sample)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if err := parse(sc.Text(), out); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, sc.Err()
}

// median returns the median of xs, or 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// floorBytes reports whether an optimizer moves exactly the bytes of the
// floor kernel (read p, g, m, v; write p, m, v), so that the ratio to the
// floor is meaningful.
func floorBytes(opt string) bool { return opt == "adam" || opt == "adamw" }

func write(w io.Writer, step, unchecked, floor, checkedFloor, torch map[key]*sample, machine []string) {
	fmt.Fprintln(w, "# Optimizer step benchmarks")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Generated by `make bench` (`scripts/bench.sh`); do not edit by hand. Times are medians over all")
	fmt.Fprintln(w, "runs of one `Step` on one parameter tensor of n elements; ratios are computed from the medians.")
	fmt.Fprintln(w)
	hk, fk := key{"adam", "float32", headlineN}, key{"", "float32", headlineN}
	if _, ok := step[hk]; ok {
		fmt.Fprintln(w, "## Adam, float32, n = 10,000,000")
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Targets: at least %.0f× faster than PyTorch, at most %.1f× the memory floor; judged on the medians.\n\n", targetTorchRatio, targetFloorRatio)
		fmt.Fprintln(w, "| | runs | median ms/step | best ms/step | PyTorch / this | this / floor | this / checked floor |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
		cf, haveCF := checkedFloor[fk]
		row := func(label string, s *sample, ratios, checked bool) {
			g := median(s.ns)
			cells := []string{label, strconv.Itoa(len(s.ns)), fmt.Sprintf("%.2f", g/1e6), fmt.Sprintf("%.2f", slices.Min(s.ns)/1e6), "", "", ""}
			if t, ok := torch[hk]; ok && ratios {
				r := median(t.ns) / g
				cells[4] = fmt.Sprintf("%.1f× %s", r, verdict(r >= targetTorchRatio))
			}
			if f, ok := floor[fk]; ok && ratios {
				r := g / median(f.ns)
				cells[5] = fmt.Sprintf("%.2f× %s", r, verdict(r <= targetFloorRatio))
			}
			if haveCF && checked {
				cells[6] = fmt.Sprintf("%.2f×", g/median(cf.ns))
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		row("descent `Step` as configured by default: checks the gradient for NaN/Inf first", step[hk], true, true)
		if u, ok := unchecked[hk]; ok {
			row("descent `Step` with `AllowNonFinite(true)`: no check, as in PyTorch", u, true, false)
		}
		if t, ok := torch[hk]; ok {
			row("PyTorch 1.13 `Adam.step()`, 2 threads", t, false, false)
		}
		if f, ok := floor[fk]; ok {
			row("memory floor: 4 arrays read, 3 written, nothing computed", f, false, false)
		}
		if haveCF {
			row("checked floor: the gradient read once, then the memory floor", cf, false, false)
		}
		fmt.Fprintln(w)
		if t, ok := torch[hk]; ok && haveCF {
			bound := median(t.ns) / median(cf.ns)
			fmt.Fprintf(w, "A step that checks its gradient must read all of it before it writes anything, so it moves 32 bytes per\n")
			fmt.Fprintf(w, "float32 parameter where an unchecked step moves 28: no checked step can be faster than the checked floor,\n")
			fmt.Fprintf(w, "which in this run is %.1f× faster than PyTorch. ", bound)
			if bound < targetTorchRatio {
				fmt.Fprintf(w, "On this machine the %.0f× target is therefore out of reach for any step\n", targetTorchRatio)
				fmt.Fprintf(w, "with the check, whatever its kernels; the like-for-like comparison with PyTorch, which checks nothing, is the unchecked `Step`.\n\n")
			} else {
				fmt.Fprintf(w, "The %.0f× target is within reach of a checked step on this machine.\n\n", targetTorchRatio)
			}
		}
	}

	fmt.Fprintln(w, "## Every optimizer (`BenchmarkStep`, default configuration)")
	fmt.Fprintln(w)
	table(w, step, floor, torch, true)
	if len(unchecked) > 0 {
		fmt.Fprintln(w, "## Without the gradient check (`BenchmarkStepUnchecked`, `AllowNonFinite(true)`)")
		fmt.Fprintln(w)
		table(w, unchecked, floor, torch, false)
	}
	fmt.Fprint(w, notes)
	if len(machine) > 0 {
		fmt.Fprintln(w, "## Machine and run")
		fmt.Fprintln(w)
		for _, line := range machine {
			fmt.Fprintf(w, "- %s\n", line)
		}
	}
}

// table writes one row per case of go, with the PyTorch time and, for the
// optimizers that move the floor's bytes, the floor.
func table(w io.Writer, cases, floor, torch map[key]*sample, allocs bool) {
	fmt.Fprintln(w, "| optimizer | dtype | n | ns/step | ns/param | allocs/step | PyTorch ns/step | PyTorch / this | floor ns/step | this / floor |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	keys := slices.Collect(maps.Keys(cases))
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.opt, b.opt); c != 0 {
			return c
		}
		if c := strings.Compare(a.dtype, b.dtype); c != 0 {
			return c
		}
		return a.n - b.n
	})
	for _, k := range keys {
		g := median(cases[k].ns)
		row := []string{k.opt, k.dtype, strconv.Itoa(k.n), fmt.Sprintf("%.0f", g), fmt.Sprintf("%.3g", g/float64(k.n)),
			"", "", "", "", ""}
		if allocs && len(cases[k].allocs) > 0 {
			row[5] = fmt.Sprintf("%.0f", slices.Max(cases[k].allocs))
		}
		if t, ok := torch[k]; ok {
			row[6] = fmt.Sprintf("%.0f", median(t.ns))
			row[7] = fmt.Sprintf("%.1f×", median(t.ns)/g)
		}
		if f, ok := floor[key{"", k.dtype, k.n}]; ok && floorBytes(k.opt) {
			row[8] = fmt.Sprintf("%.0f", median(f.ns))
			row[9] = fmt.Sprintf("%.2f×", g/median(f.ns))
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
	fmt.Fprintln(w)
}

// notes explains how the figures were obtained.
//
//go:embed notes.md
var notes string

func verdict(ok bool) string {
	if ok {
		return "(met)"
	}
	return "(**not met**)"
}
