package site

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// notebook is the part of an .ipynb file (nbformat 4) the site shows.
type notebook struct {
	Cells []cell `json:"cells"`
}

type cell struct {
	Type     string    `json:"cell_type"`
	Source   multiline `json:"source"`
	Outputs  []output  `json:"outputs"`
	Metadata struct {
		Tags []string `json:"tags"`
	} `json:"metadata"`
}

type output struct {
	Type     string               `json:"output_type"`
	Name     string               `json:"name"` // stream: stdout or stderr
	Text     multiline            `json:"text"`
	Data     map[string]multiline `json:"data"`
	Metadata map[string]any       `json:"metadata"`
	EName    string               `json:"ename"`
	EValue   string               `json:"evalue"`
}

// multiline is nbformat's string-or-list-of-strings.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("a notebook text field is neither a string nor a list of strings: %w", err)
	}
	*m = multiline(strings.Join(parts, ""))
	return nil
}

// readNotebook parses path; an error names the file.
func readNotebook(path string) (*notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(nb.Cells) == 0 {
		return nil, fmt.Errorf("%s: the notebook has no cells", path)
	}
	return &nb, nil
}

// lesson is one notebook as the site sees it.
type lesson struct {
	file    string // e.g. 04-momentum-and-nesterov.ipynb
	slug    string // e.g. 04-momentum-and-nesterov
	title   string // the first heading, without '#'
	summary string // markdown: the paragraph after the title
	nb      *notebook
}

func loadLesson(path string) (*lesson, error) {
	nb, err := readNotebook(path)
	if err != nil {
		return nil, err
	}
	l := &lesson{file: filepath.Base(path), nb: nb}
	l.slug = strings.TrimSuffix(l.file, filepath.Ext(l.file))
	first := nb.Cells[0]
	if first.Type != "markdown" {
		return nil, fmt.Errorf("%s: the first cell must be markdown with the lesson's title", path)
	}
	lines := strings.Split(string(first.Source), "\n")
	if !strings.HasPrefix(lines[0], "# ") {
		return nil, fmt.Errorf("%s: the first cell must start with '# Title', it starts with %q", path, lines[0])
	}
	l.title = strings.TrimSpace(strings.TrimPrefix(lines[0], "# "))
	l.summary = oneLine(lines[1:])
	if l.summary == "" {
		return nil, fmt.Errorf("%s: the first cell has no text after its title to summarise the lesson", path)
	}
	return l, nil
}

// oneLine returns the lesson's summary for the index: the first sentence (or clause, up to a
// semicolon) of the text after the title, with the "What you will learn here." label dropped; when
// that label stands alone, the first item of the list after it.
func oneLine(lines []string) string {
	const label = "**What you will learn here.**"
	var blocks []string
	var cur []string
	for _, ln := range lines {
		if strings.TrimSpace(ln) == "" {
			if len(cur) > 0 {
				blocks = append(blocks, strings.Join(cur, " "))
				cur = nil
			}
			continue
		}
		t := strings.TrimSpace(ln)
		if (strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ")) && len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, " ")) // a list item starts a block of its own
			cur = nil
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		blocks = append(blocks, strings.Join(cur, " "))
	}
	for _, b := range blocks {
		b = strings.TrimSpace(strings.TrimPrefix(b, label))
		b = strings.TrimSpace(strings.TrimLeft(b, "-* "))
		if b == "" {
			continue
		}
		return firstSentence(b)
	}
	return ""
}

// firstSentence cuts s after its first ". " or "; " outside math and code.
func firstSentence(s string) string {
	inMath, inCode := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$' && !inCode:
			inMath = !inMath
		case c == '`' && !inMath:
			inCode = !inCode
		case (c == '.' || c == ';') && !inMath && !inCode && (i+1 == len(s) || s[i+1] == ' '):
			return strings.TrimSpace(s[:i]) + "."
		}
	}
	return strings.TrimSpace(s)
}

// pngOutput returns the decoded PNG of an output and its display size from GoNB's flat
// width/height metadata (0 when absent).
func pngOutput(o output) (png []byte, width, height int, ok bool, err error) {
	data, has := o.Data["image/png"]
	if !has {
		return nil, 0, 0, false, nil
	}
	png, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(data), "\n", ""))
	if err != nil {
		return nil, 0, 0, true, fmt.Errorf("an image/png output is not base64: %w", err)
	}
	width, height = metaInt(o.Metadata, "width"), metaInt(o.Metadata, "height")
	return png, width, height, true, nil
}

func metaInt(m map[string]any, key string) int {
	if f, ok := m[key].(float64); ok && f > 0 {
		return int(f)
	}
	return 0
}
