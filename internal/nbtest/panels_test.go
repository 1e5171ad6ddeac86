package nbtest_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPanelCellsKeepTheirFigure checks, in the committed notebooks, that every cell with a slider panel
// (pkg/lesson's Panel.Run) was executed without a browser as the notebook test executes it: it shows the
// figure for its default values, as one PNG, and it returned (no error). TestNotebooks checks that a fresh run
// shows the same; this test says which cell lost its figure when one does.
func TestPanelCellsKeepTheirFigure(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(notebooksDir, "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	panels := 0
	for _, path := range paths {
		nb, err := readNotebook(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range nb.Cells {
			if c.CellType != "code" || !strings.Contains(string(c.Source), ".Run(func() (*plotting.Figure, string, error)") {
				continue
			}
			panels++
			if imgs := cellImages(c); !slices.Equal(imgs, []string{"image/png"}) {
				t.Errorf("%s, cell %d: a slider panel shows images %v, want its default figure as one PNG", filepath.Base(path), i, imgs)
			}
			for _, o := range c.Outputs {
				if o.OutputType == "error" {
					t.Errorf("%s, cell %d: a slider panel failed: %s: %s", filepath.Base(path), i, o.EName, o.EValue)
				}
			}
		}
	}
	if panels == 0 {
		t.Error("no notebook has a slider panel: the lessons' panels are gone, or this test no longer recognises them")
	}
}
