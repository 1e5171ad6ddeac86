package nbtest_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetupIsIdempotent runs scripts/setup.sh twice: the second run must find everything in place
// and install, build and register nothing (so a second 'make test' reinstalls nothing).
func TestSetupIsIdempotent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the setup script; skipped under -short")
	}
	requireJupyter(t)
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "setup.sh"))
	if err != nil {
		t.Fatal(err)
	}
	run := func() string {
		b, err := exec.Command("bash", script).CombinedOutput()
		if err != nil {
			t.Fatalf("setup.sh failed: %v\n%s", err, b)
		}
		return string(b)
	}
	run()
	second := run()
	for _, word := range []string{"installing", "building", "registering"} {
		if strings.Contains(second, word) {
			t.Errorf("the second run of setup.sh is %s something:\n%s", word, second)
		}
	}
	for _, want := range []string{"Jupyter: found", "up to date in bin/", "GoNB kernel: registered"} {
		if !strings.Contains(second, want) {
			t.Errorf("the second run of setup.sh does not say %q:\n%s", want, second)
		}
	}
}
