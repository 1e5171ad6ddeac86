package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseGo(t *testing.T) {
	out := make(map[key]*sample)
	parse := parseGo("BenchmarkStep")
	for _, line := range []string{
		"BenchmarkStep/adam/float32/n=1000-2   100   4902 ns/op   4.902 ns/param   0 B/op   0 allocs/op",
		"BenchmarkStep/adam/float32/n=1000-2   100   5100 ns/op   5.1 ns/param   0 B/op   1 allocs/op",
		"BenchmarkStep/adam/float32/n=1000-2   100   5000 ns/op   5.0 ns/param   0 B/op   0 allocs/op",
		"BenchmarkFloor/float32/n=1000-2   100   1000 ns/op",
		"goos: linux",
	} {
		if err := parse(line, out); err != nil {
			t.Fatal(err)
		}
	}
	s := out[key{"adam", "float32", 1000}]
	if len(out) != 1 || s == nil {
		t.Fatalf("parsed %v, want one adam/float32/1000 case", out)
	}
	if got := median(s.ns); got != 5000 {
		t.Errorf("median ns = %v, want 5000", got)
	}
	if got := median(s.allocs); got != 0 {
		t.Errorf("median allocs = %v, want 0", got)
	}
}

func TestParseFloorAndTorch(t *testing.T) {
	floor := make(map[key]*sample)
	if err := parseGo("BenchmarkFloor")("BenchmarkFloor/float64/n=10-8  5  123.5 ns/op  1 MB/s", floor); err != nil {
		t.Fatal(err)
	}
	if s := floor[key{"", "float64", 10}]; s == nil || s.ns[0] != 123.5 {
		t.Errorf("floor parsed as %v", floor)
	}
	torch := make(map[key]*sample)
	if err := parseTorch("torch_step\tsgd\tfloat32\t1000\t2500\t2400", torch); err != nil {
		t.Fatal(err)
	}
	if s := torch[key{"sgd", "float32", 1000}]; s == nil || s.ns[0] != 2500 {
		t.Errorf("torch parsed as %v", torch)
	}
	if err := parseTorch("torch_step\tsgd\tfloat32\tmany\t2500\t2400", torch); err == nil {
		t.Error("a malformed torch line was accepted")
	}
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"step.txt": "BenchmarkStep/adam/float32/n=10000000-2  20  5000000 ns/op  0.5 ns/param  0 B/op  0 allocs/op\n",
		"floor.txt": "BenchmarkFloor/float32/n=10000000-2  20  4000000 ns/op\n" +
			"BenchmarkFloorChecked/float32/n=10000000-2  20  4500000 ns/op\n" +
			"BenchmarkFloorChecked/float32/n=10000000-2  20  4600000 ns/op\n" +
			"BenchmarkFloorChecked/float32/n=10000000-2  20  4400000 ns/op\n",
		"torch.txt": "# torch 1.13\ntorch_step\tadam\tfloat32\t10000000\t40000000\t39000000\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	err := run(&b, filepath.Join(dir, "step.txt"), filepath.Join(dir, "floor.txt"), filepath.Join(dir, "torch.txt"), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| 8.0× (met) | 1.25× (met) | 1.11× |",
		"| checked floor: the gradient read once, then the memory floor | 3 | 4.50 | 4.40 |",
		"which in this run is 8.9× faster than PyTorch. The 6× target is within reach",
		"| adam | float32 | 10000000 | 5000000 | 0.5 | 0 | 40000000 | 8.0× | 4000000 | 1.25× |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestReportCheckedBound checks the sentence under the headline table when
// even the checked floor is less than 6× faster than PyTorch.
func TestReportCheckedBound(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"step.txt": "BenchmarkStep/adam/float32/n=10000000-2  20  5000000 ns/op  0.5 ns/param  0 B/op  0 allocs/op\n",
		"floor.txt": "BenchmarkFloor/float32/n=10000000-2  20  4000000 ns/op\n" +
			"BenchmarkFloorChecked/float32/n=10000000-2  20  4500000 ns/op\n",
		"torch.txt": "torch_step\tadam\tfloat32\t10000000\t25000000\t24000000\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	if err := run(&b, filepath.Join(dir, "step.txt"), filepath.Join(dir, "floor.txt"), filepath.Join(dir, "torch.txt"), ""); err != nil {
		t.Fatal(err)
	}
	if want := "which in this run is 5.6× faster than PyTorch. On this machine the 6× target is therefore out of reach"; !strings.Contains(b.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, b.String())
	}
}
