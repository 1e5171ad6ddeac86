package testfunc

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/values.golden (only in a build that cannot fuse multiply-adds)")

// TestValuesAreSameBitsEverywhere checks that Func and Grad give the same
// bits in every build. testdata/values.golden holds their values at the
// start point, the minima and seeded random points of every function, as
// computed by an amd64 build at the default GOAMD64=v1, whose instruction set
// has no fused multiply-add, so each operation there is rounded on its own.
// Where Go's compiler may fuse a product into a sum (arm64, ppc64, s390x,
// riscv64, amd64 with GOAMD64=v3 — `make test` runs this package in such a
// build too), a product that is not wrapped in an explicit conversion changes
// low bits and fails this test.
func TestValuesAreSameBitsEverywhere(t *testing.T) {
	got := valueTable()
	path := filepath.Join("testdata", "values.golden")
	if *update {
		if mayFuse {
			t.Fatal("-update needs a build that cannot fuse multiply-adds: amd64 with GOAMD64=v1 or v2")
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestValuesAreSameBitsEverywhere -update on amd64)", err)
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	if len(gl) != len(wl) {
		t.Fatalf("%d lines of values, golden file has %d", len(gl), len(wl))
	}
	bad := 0
	for i := range gl {
		if gl[i] != wl[i] {
			if bad++; bad <= 5 {
				t.Errorf("values differ from %s:\n got %s\nwant %s", path, gl[i], wl[i])
			}
		}
	}
	if bad > 5 {
		t.Errorf("... %d lines differ in all", bad)
	}
}

// valueTable returns one line per function and point: name, x, f(x) and
// ∇f(x), every number in the shortest form that reads back to its bits.
func valueTable() []byte {
	var b bytes.Buffer
	r := rand.New(rand.NewPCG(17, 29))
	num := func(xs ...float64) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		return strings.Join(s, " ")
	}
	for _, f := range All() {
		g := make([]float64, f.Dim())
		for _, x := range testPoints(f, r) {
			f.Grad(g, x)
			fmt.Fprintf(&b, "%s x=[%s] f=%s g=[%s]\n", f.Name(), num(x...), num(f.Func(x)), num(g...))
		}
	}
	return b.Bytes()
}
