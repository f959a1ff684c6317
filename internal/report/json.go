package report

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
)

// jsonFinding is the stable form of a finding printed by -format=json:
// file names relative to the directory the command ran in when below it.
type jsonFinding struct {
	Rule      string        `json:"rule"`
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Message   string        `json:"message"`
	Related   []jsonRelated `json:"related,omitempty"`
	Fixes     []jsonFix     `json:"fixes,omitempty"`
}

// jsonRelated is a secondary location of a finding (a leaking return).
type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// jsonFix is a suggested fix: edits to apply together.
type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

// jsonEdit replaces the bytes [Offset, EndOffset) of File with NewText.
type jsonEdit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"end_offset"`
	NewText   string `json:"new_text"`
}

// writeJSON prints the findings as one JSON array of stable objects (see
// jsonFinding), "[]" when there are none.
func writeJSON(w io.Writer, found []Finding, root string) error {
	out := make([]jsonFinding, 0, len(found))
	for _, f := range found {
		out = append(out, toJSON(f, root))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// toJSON converts one finding.
func toJSON(f Finding, root string) jsonFinding {
	j := jsonFinding{
		Rule: f.Rule, File: RelPath(root, f.Posn.Filename),
		Line: f.Posn.Line, Column: f.Posn.Column, EndLine: f.End.Line, EndColumn: f.End.Column,
		Message: f.Message,
	}
	for _, r := range f.Related {
		j.Related = append(j.Related, jsonRelated{RelPath(root, r.Posn.Filename), r.Posn.Line, r.Posn.Column, r.Message})
	}
	for _, fx := range f.Fixes {
		jf := jsonFix{Message: fx.Message, Edits: []jsonEdit{}}
		for _, e := range fx.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{
				File: RelPath(root, e.Posn.Filename),
				Line: e.Posn.Line, Column: e.Posn.Column, EndLine: e.End.Line, EndColumn: e.End.Column,
				Offset: e.Posn.Offset, EndOffset: e.End.Offset, NewText: e.NewText,
			})
		}
		j.Fixes = append(j.Fixes, jf)
	}
	return j
}

// RelPath returns name relative to root with forward slashes if it is
// below root, else name unchanged.
func RelPath(root, name string) string {
	rel, err := filepath.Rel(root, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(name)
	}
	return filepath.ToSlash(rel)
}
