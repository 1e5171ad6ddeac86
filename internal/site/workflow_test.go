package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPagesWorkflowIsValid lints the GitHub Pages workflow with action-validator (pinned in
// site/package.json; it checks the file against GitHub's workflow schema). The workflow cannot
// run here; this is what can be checked of it: its schema, and that it builds with make site and
// publishes build/site.
func TestPagesWorkflowIsValid(t *testing.T) {
	requireNode(t)
	wf := filepath.Join("..", "..", ".github", "workflows", "pages.yml")
	lint := filepath.Join(siteDir, "node_modules", ".bin", "action-validator")
	if _, err := os.Stat(lint); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("action-validator is missing: run 'bash scripts/site.sh deps'")
		}
		t.Skip("action-validator is missing: run 'bash scripts/site.sh deps'")
	}
	if out, err := exec.Command(lint, wf).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", wf, err, out)
	}
	// The linter must be able to fail: a workflow whose job lacks runs-on is invalid.
	text, err := os.ReadFile(wf)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yml")
	if err := os.WriteFile(bad, []byte(strings.ReplaceAll(string(text), "runs-on:", "runs_on:")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(lint, bad).Run(); err == nil {
		t.Fatal("action-validator accepted a workflow without runs-on: the lint checks nothing")
	}
	for _, want := range []string{"run: make site", "path: build/site", "actions/deploy-pages@"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
}
