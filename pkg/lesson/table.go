package lesson

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Align says on which side of its column a value lines up.
type Align int

const (
	// AlignAuto lines a column up on the right if every value in it is a
	// number (an integer or floating-point type), on the left otherwise.
	AlignAuto Align = iota
	// AlignLeft lines the values up on the left.
	AlignLeft
	// AlignRight lines the values up on the right.
	AlignRight
)

// Column describes a column of a [Table].
type Column struct {
	// Name is the column's heading.
	Name string
	// Format is the fmt verb that formats the column's values, such as
	// "%.4f" or "%.1f %%"; empty means "%v". A value that is a string is
	// printed as it is, so a column of numbers can hold a "never" or a "-".
	Format string
	// Align lines the column up; the zero value is AlignAuto.
	Align Align
	// Group, if not empty, is a heading over consecutive columns with the
	// same Group, printed on a line above the names; groups are separated by
	// " | ". Columns with an empty Group have no heading above them.
	Group string
}

// Table is a results table: rows of values printed in aligned columns, with
// a heading line (and a line of group headings if a column has a Group).
// Columns are separated by two spaces, and lines carry no trailing blanks,
// so the printed table is the same on every machine and in every viewer.
// Build one with [NewTable] and [Table.Add]; print it with fmt.Print or
// [Table.WriteTo].
type Table struct {
	columns []Column
	rows    [][]string
	numeric []bool // per column: every value so far is a number
}

// NewTable returns an empty table with the given columns.
func NewTable(columns ...Column) *Table {
	t := &Table{columns: append([]Column(nil), columns...), numeric: make([]bool, len(columns))}
	for j := range t.numeric {
		t.numeric[j] = true
	}
	return t
}

// Add appends a row: one value per column, formatted with the column's
// Format. It returns an error, and adds nothing, if the number of values is
// not the number of columns.
func (t *Table) Add(values ...any) error {
	if len(values) != len(t.columns) {
		return fmt.Errorf("lesson: a table row of %d values for %d columns", len(values), len(t.columns))
	}
	row := make([]string, len(values))
	for j, v := range values {
		if s, ok := v.(string); ok {
			row[j] = s
			t.numeric[j] = false
			continue
		}
		if !isNumber(v) {
			t.numeric[j] = false
		}
		format := t.columns[j].Format
		if format == "" {
			format = "%v"
		}
		row[j] = fmt.Sprintf(format, v)
	}
	t.rows = append(t.rows, row)
	return nil
}

// Len returns the number of rows added.
func (t *Table) Len() int { return len(t.rows) }

func isNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64:
		return true
	}
	return false
}

// String returns the table, one line per row after the headings, each line
// ending in a newline.
func (t *Table) String() string {
	width := make([]int, len(t.columns))
	for j, c := range t.columns {
		width[j] = utf8.RuneCountInString(c.Name)
		for _, row := range t.rows {
			width[j] = max(width[j], utf8.RuneCountInString(row[j]))
		}
	}
	// Widen the last column of a group whose heading is longer than its columns.
	spans := t.groups()
	for _, g := range spans {
		if g.name == "" {
			continue
		}
		span := 0
		for j := g.from; j < g.to; j++ {
			span += width[j]
		}
		span += 2 * (g.to - g.from - 1)
		if n := utf8.RuneCountInString(g.name); n > span {
			width[g.to-1] += n - span
		}
	}
	var b strings.Builder
	if len(spans) > 1 || (len(spans) == 1 && spans[0].name != "") {
		var cells []string
		for _, g := range spans {
			span := 0
			for j := g.from; j < g.to; j++ {
				span += width[j]
			}
			span += 2 * (g.to - g.from - 1)
			cells = append(cells, pad(g.name, span, false))
		}
		writeLine(&b, strings.Join(cells, " | "))
	}
	line := func(cells []string) {
		var parts []string
		for _, g := range spans {
			var group []string
			for j := g.from; j < g.to; j++ {
				group = append(group, pad(cells[j], width[j], t.right(j)))
			}
			parts = append(parts, strings.Join(group, "  "))
		}
		writeLine(&b, strings.Join(parts, " | "))
	}
	names := make([]string, len(t.columns))
	for j, c := range t.columns {
		names[j] = c.Name
	}
	line(names)
	for _, row := range t.rows {
		line(row)
	}
	return b.String()
}

// WriteTo writes the table to w, as [Table.String].
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, t.String())
	return int64(n), err
}

// right reports whether column j lines up on the right.
func (t *Table) right(j int) bool {
	switch t.columns[j].Align {
	case AlignLeft:
		return false
	case AlignRight:
		return true
	}
	return t.numeric[j] && len(t.rows) > 0
}

// span is a run of consecutive columns [from, to) with the same group.
type span struct {
	name     string
	from, to int
}

func (t *Table) groups() []span {
	var out []span
	for j, c := range t.columns {
		if len(out) > 0 && out[len(out)-1].name == c.Group {
			out[len(out)-1].to = j + 1
			continue
		}
		out = append(out, span{name: c.Group, from: j, to: j + 1})
	}
	return out
}

func pad(s string, width int, right bool) string {
	fill := strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
	if right {
		return fill + s
	}
	return s + fill
}

func writeLine(b *strings.Builder, s string) {
	b.WriteString(strings.TrimRight(s, " "))
	b.WriteByte('\n')
}
