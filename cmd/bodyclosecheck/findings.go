package main

import (
	"cmp"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
)

// A finding is one diagnostic in the stable form printed by -format=json
// and converted to the other formats.
type finding struct {
	Rule      string    `json:"rule"`
	File      string    `json:"file"`
	Line      int       `json:"line"`
	Column    int       `json:"column"`
	EndLine   int       `json:"end_line"`
	EndColumn int       `json:"end_column"`
	Message   string    `json:"message"`
	Related   []related `json:"related,omitempty"`
	Fixes     []fix     `json:"fixes,omitempty"`

	abs string // absolute file name
}

// related is a secondary location of a finding (a leaking return).
type related struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`

	abs string
}

// fix is a suggested fix: edits to apply together.
type fix struct {
	Message string `json:"message"`
	Edits   []edit `json:"edits"`
}

// edit replaces the bytes [Offset, EndOffset) of File with NewText.
type edit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"end_offset"`
	NewText   string `json:"new_text"`

	abs string
}

// collect converts the diagnostics of rule, once each even when a file
// belongs to a package and its test variant, sorted by place.
func collect(rule string, diags []driver.Diagnostic, root string) []finding {
	type key struct {
		pos, end token.Position
		msg      string
	}
	seen := make(map[key]bool)
	var out []finding
	for _, d := range diags {
		k := key{d.Posn, d.End, d.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, newFinding(rule, d, root))
	}
	slices.SortFunc(out, func(a, b finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
	})
	return out
}

// newFinding converts one diagnostic.
func newFinding(rule string, d driver.Diagnostic, root string) finding {
	f := finding{
		Rule: rule, File: relPath(root, d.Posn.Filename), abs: d.Posn.Filename,
		Line: d.Posn.Line, Column: d.Posn.Column, EndLine: d.End.Line, EndColumn: d.End.Column,
		Message: d.Message,
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, related{relPath(root, r.Posn.Filename), r.Posn.Line, r.Posn.Column, r.Message, r.Posn.Filename})
	}
	for _, sf := range d.Fixes {
		fx := fix{Message: sf.Message}
		for _, e := range sf.Edits {
			fx.Edits = append(fx.Edits, edit{
				File: relPath(root, e.Posn.Filename), abs: e.Posn.Filename,
				Line: e.Posn.Line, Column: e.Posn.Column, EndLine: e.End.Line, EndColumn: e.End.Column,
				Offset: e.Posn.Offset, EndOffset: e.End.Offset, NewText: e.NewText,
			})
		}
		f.Fixes = append(f.Fixes, fx)
	}
	return f
}

// relPath returns name relative to root with forward slashes if it is
// below root, else name unchanged.
func relPath(root, name string) string {
	rel, err := filepath.Rel(root, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(name)
	}
	return filepath.ToSlash(rel)
}
