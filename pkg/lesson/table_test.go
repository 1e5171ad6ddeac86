package lesson

import (
	"bytes"
	"strings"
	"testing"
)

func TestTableAligns(t *testing.T) {
	tab := NewTable(
		Column{Name: "recipe"},
		Column{Name: "loss", Format: "%.4f"},
		Column{Name: "acc.", Format: "%.1f %%", Align: AlignRight},
		Column{Name: "first"},
	)
	for _, r := range []struct {
		name  string
		loss  float64
		acc   float64
		first any
	}{
		{"SGD, η = 0.5", 0.32934, 86.84, 14},
		{"Adam", 0.09, 97.6, "never"},
	} {
		if err := tab.Add(r.name, r.loss, r.acc, r.first); err != nil {
			t.Fatal(err)
		}
	}
	want := "" +
		"recipe          loss    acc.  first\n" +
		"SGD, η = 0.5  0.3293  86.8 %  14\n" +
		"Adam          0.0900  97.6 %  never\n"
	if got := tab.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if tab.Len() != 2 {
		t.Errorf("Len() = %d, want 2", tab.Len())
	}
}

func TestTableNumbersRight(t *testing.T) {
	tab := NewTable(Column{Name: "B"}, Column{Name: "steps"}, Column{Name: "name", Align: AlignLeft})
	for _, r := range [][]any{{1, 2560, "one"}, {512, 5, "all"}} {
		if err := tab.Add(r...); err != nil {
			t.Fatal(err)
		}
	}
	want := "" +
		"  B  steps  name\n" +
		"  1   2560  one\n" +
		"512      5  all\n"
	if got := tab.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTableGroups(t *testing.T) {
	tab := NewTable(
		Column{Name: ""},
		Column{Name: "lr", Group: "rosenbrock", Align: AlignLeft},
		Column{Name: "loss", Group: "rosenbrock", Format: "%.2g", Align: AlignLeft},
		Column{Name: "lr", Group: "a long group name", Align: AlignLeft},
	)
	if err := tab.Add("SGD", 0.001, 0.025, 0.03); err != nil {
		t.Fatal(err)
	}
	if err := tab.Add("momentum", 0.003, 7.9e-31, 0.01); err != nil {
		t.Fatal(err)
	}
	got := tab.String()
	// The long group heading widens its one column; 7.9e-31 widens the loss column.
	want := "" +
		"         | rosenbrock     | a long group name\n" +
		"         | lr     loss    | lr\n" +
		"SGD      | 0.001  0.025   | 0.03\n" +
		"momentum | 0.003  7.9e-31 | 0.01\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("line %d has trailing blanks: %q", i, line)
		}
	}
}

func TestTableAddWrongLength(t *testing.T) {
	tab := NewTable(Column{Name: "a"}, Column{Name: "b"})
	if err := tab.Add(1); err == nil {
		t.Error("Add with 1 value for 2 columns: no error")
	}
	if tab.Len() != 0 {
		t.Errorf("a refused row was added: Len() = %d", tab.Len())
	}
}

func TestTableWriteTo(t *testing.T) {
	tab := NewTable(Column{Name: "x", Format: "%.2f"})
	if err := tab.Add(1.0); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	n, err := tab.WriteTo(&b)
	if err != nil || n != int64(b.Len()) || b.String() != tab.String() {
		t.Errorf("WriteTo wrote %q (n = %d, err %v), want %q", b.String(), n, err, tab.String())
	}
}

func TestTableEmpty(t *testing.T) {
	tab := NewTable(Column{Name: "only"})
	if got, want := tab.String(), "only\n"; got != want {
		t.Errorf("empty table: got %q, want %q", got, want)
	}
}
