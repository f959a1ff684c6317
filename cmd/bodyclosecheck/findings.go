package main

import (
	"cmp"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
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

// collect gathers the diagnostics of the root actions of g, once each even
// when a file belongs to a package and its test variant, sorted by place.
func collect(g *checker.Graph, root string) []finding {
	type key struct {
		pos, end token.Position
		msg      string
	}
	seen := make(map[key]bool)
	var out []finding
	for _, act := range g.Roots {
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			k := key{fset.Position(d.Pos), fset.Position(d.End), d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, newFinding(act.Analyzer.Name, fset, d, root))
		}
	}
	slices.SortFunc(out, func(a, b finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
	})
	return out
}

// newFinding converts one diagnostic.
func newFinding(rule string, fset *token.FileSet, d analysis.Diagnostic, root string) finding {
	pos, end := fset.Position(d.Pos), fset.Position(d.End)
	f := finding{
		Rule: rule, File: relPath(root, pos.Filename), abs: pos.Filename,
		Line: pos.Line, Column: pos.Column, EndLine: end.Line, EndColumn: end.Column,
		Message: d.Message,
	}
	for _, r := range d.Related {
		rp := fset.Position(r.Pos)
		f.Related = append(f.Related, related{relPath(root, rp.Filename), rp.Line, rp.Column, r.Message})
	}
	for _, sf := range d.SuggestedFixes {
		fx := fix{Message: sf.Message}
		for _, te := range sf.TextEdits {
			s, e := fset.Position(te.Pos), fset.Position(te.End)
			fx.Edits = append(fx.Edits, edit{
				File: relPath(root, s.Filename), abs: s.Filename,
				Line: s.Line, Column: s.Column, EndLine: e.Line, EndColumn: e.Column,
				Offset: s.Offset, EndOffset: e.Offset, NewText: string(te.NewText),
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
