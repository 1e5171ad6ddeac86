package nbtest_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// notebook is the part of the .ipynb format (nbformat 4) the tests read.
type notebook struct {
	Cells []cell `json:"cells"`
}

type cell struct {
	CellType string          `json:"cell_type"`
	Source   multiline       `json:"source"`
	Metadata json.RawMessage `json:"metadata"`
	Outputs  []output        `json:"outputs"`
}

type output struct {
	OutputType string               `json:"output_type"` // stream, display_data, execute_result or error
	Name       string               `json:"name"`        // stdout or stderr, for streams
	Text       multiline            `json:"text"`
	Data       map[string]multiline `json:"data"`
	EName      string               `json:"ename"`
	EValue     string               `json:"evalue"`
	Traceback  []string             `json:"traceback"`
}

// multiline is a string that nbformat may store as one string or as a list of lines.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("neither a string nor a list of strings: %s", b)
	}
	*m = multiline(strings.Join(parts, ""))
	return nil
}

// jsonUnmarshal is encoding/json.Unmarshal, named for the files that do not import it.
var jsonUnmarshal = json.Unmarshal

func readNotebook(path string) (*notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &nb, nil
}

// event is one thing a reader sees in a notebook's outputs, in order: a line of text or an image.
type event struct {
	Line  string // a line of stream or text/plain output
	Image string // the MIME type of an image output, e.g. image/png
	Cell  int    // index of the cell that produced it
}

// events flattens the outputs of all cells, in order.
func (nb *notebook) events() []event {
	var evs []event
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "stream":
				for _, l := range strings.Split(strings.TrimSuffix(string(o.Text), "\n"), "\n") {
					evs = append(evs, event{Line: l, Cell: i})
				}
			case "display_data", "execute_result":
				for _, mime := range []string{"image/png", "image/svg+xml"} {
					if _, ok := o.Data[mime]; ok {
						evs = append(evs, event{Image: mime, Cell: i})
					}
				}
				if t, ok := o.Data["text/plain"]; ok && len(o.Data) == 1 {
					for _, l := range strings.Split(strings.TrimSuffix(string(t), "\n"), "\n") {
						evs = append(evs, event{Line: l, Cell: i})
					}
				}
			}
		}
	}
	return evs
}

// problems lists error outputs and anything written to stderr.
func (nb *notebook) problems() []string {
	var ps []string
	for i, c := range nb.Cells {
		for _, o := range c.Outputs {
			switch {
			case o.OutputType == "error":
				ps = append(ps, fmt.Sprintf("cell %d: error %s: %s", i, o.EName, o.EValue))
			case o.OutputType == "stream" && o.Name == "stderr":
				ps = append(ps, fmt.Sprintf("cell %d: stderr: %s", i, strings.TrimSpace(string(o.Text))))
			}
		}
	}
	return ps
}
