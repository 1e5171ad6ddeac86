package schedule_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/descentlab/descent/pkg/optim"
	"github.com/descentlab/descent/pkg/optim/internal/ckpt"
)

var genCorpus = flag.Bool("gen-fuzz-corpus", false, "rewrite the seed corpus of FuzzUnmarshalScheduler in testdata/fuzz")

// FuzzUnmarshalScheduler feeds arbitrary bytes to every scheduler's
// UnmarshalBinary, as they are and wrapped in a valid frame (so that the
// content decoder is reached despite the checksum). Either the restore fails
// with ErrCorrupt, ErrVersion or ErrMismatch and changes nothing, or it
// succeeds and the scheduler encodes back to exactly the bytes it read.
func FuzzUnmarshalScheduler(f *testing.F) {
	var receivers []stepper
	f.Fuzz(func(t *testing.T, data []byte) {
		if receivers == nil {
			for _, c := range schedCases {
				opt, s := build(t, c)
				train(t, opt, s, 4)
				receivers = append(receivers, s)
			}
		}
		for _, r := range receivers {
			for _, b := range [][]byte{data, ckpt.Seal(ckpt.KindScheduler, data)} {
				before := state(t, r)
				if err := r.UnmarshalBinary(b); err != nil {
					if !errors.Is(err, optim.ErrCorrupt) && !errors.Is(err, optim.ErrMismatch) && !errors.Is(err, optim.ErrVersion) {
						t.Fatalf("%T: error %v wraps none of ErrCorrupt, ErrMismatch, ErrVersion", r, err)
					}
					if !bytes.Equal(before, state(t, r)) {
						t.Fatalf("%T: a failed restore (%v) changed the state", r, err)
					}
					continue
				}
				if after := state(t, r); !bytes.Equal(after, b) {
					t.Fatalf("%T: restored from %d bytes, encodes back to %d other bytes", r, len(b), len(after))
				}
			}
		}
	})
}

// TestFuzzCorpus checks that the committed seed corpus of
// FuzzUnmarshalScheduler (every scheduler's state after 4 steps, whole and
// as content only) is up to date; -gen-fuzz-corpus rewrites it.
func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzUnmarshalScheduler")
	if *genCorpus {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range schedCases {
		opt, s := build(t, c)
		train(t, opt, s, 4)
		data := state(t, s)
		body, err := ckpt.Open(data, ckpt.KindScheduler)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.ToLower(strings.ReplaceAll(c.name, "/", "-"))
		for name, b := range map[string][]byte{base: data, base + "-content": body} {
			path := filepath.Join(dir, name)
			want := fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", b)
			if *genCorpus {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
			} else if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s is missing or stale (%v): run go test -run TestFuzzCorpus -gen-fuzz-corpus", path, err)
			}
		}
	}
}
