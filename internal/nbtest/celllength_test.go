package nbtest_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// subjectTag marks a code cell whose code is itself what the text beside it explains (an optimizer written
// from scratch, say), so it may be longer than maxCellLines.
const subjectTag = "subject"

// maxCellLines is the longest a code cell may be unless it is tagged subjectTag: longer cells are plumbing,
// which belongs in a tested package (pkg/lesson), not in the lesson.
const maxCellLines = 30

// TestCodeCellsAreShort lists every code cell over maxCellLines lines in every notebook, and fails unless
// each is tagged subjectTag. It reads the committed notebooks and needs no Jupyter.
func TestCodeCellsAreShort(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(notebooksDir, "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no notebooks found in notebooks/")
	}
	for _, path := range paths {
		nb, err := readNotebook(path)
		if err != nil {
			t.Fatal(err)
		}
		var long []string
		for i, c := range nb.Cells {
			if c.CellType != "code" {
				continue
			}
			n := len(strings.Split(strings.TrimRight(string(c.Source), "\n"), "\n"))
			if n > maxCellLines && !c.hasTag(subjectTag) {
				long = append(long, fmt.Sprintf("cell %d (%d lines)", i, n))
			}
		}
		if len(long) > 0 {
			t.Errorf("%s: %d code cells over %d lines, not tagged %q: %s", filepath.Base(path), len(long), maxCellLines,
				subjectTag, strings.Join(long, ", "))
		}
	}
}
