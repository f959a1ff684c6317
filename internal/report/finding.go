// Package report holds the one model of a finding that every front door
// shares, and renders findings in the command's formats: text, JSON,
// SARIF and GitHub workflow commands. The batch drivers produce findings,
// the command prints them or applies their fixes, and the language server
// converts them to protocol diagnostics and code actions.
package report

import (
	"cmp"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// A Finding is one diagnostic of an analyzer, with positions resolved:
// it outlives the file set it came from and can be cached.
type Finding struct {
	Rule      string // the analyzer's name
	URL       string // its documentation: the diagnostic's, else the analyzer's
	Posn, End token.Position
	Message   string
	Related   []Related
	Fixes     []Fix
}

// Related is a secondary location of a finding (a leaking return).
type Related struct {
	Posn, End token.Position
	Message   string
}

// A Fix is a suggested fix: edits to apply together.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes [Posn.Offset, End.Offset) of the file
// Posn.Filename, as it was parsed, by NewText.
type Edit struct {
	Posn, End token.Position
	NewText   string
}

// FromDiagnostic resolves the positions of d, a diagnostic of a, in fset.
// With adjusted, the finding's and related positions follow //line
// directives, as go vet prints them (cgo's files point back to the
// user's); the positions of edits never do, since edits change the bytes
// of the file that was parsed. An unknown end is the start.
func FromDiagnostic(fset *token.FileSet, adjusted bool, a *analysis.Analyzer, d analysis.Diagnostic) Finding {
	// span resolves [pos, end); an unknown end is pos (an insertion, for
	// an edit).
	span := func(pos, end token.Pos, adjusted bool) (token.Position, token.Position) {
		if !end.IsValid() {
			end = pos
		}
		return fset.PositionFor(pos, adjusted), fset.PositionFor(end, adjusted)
	}
	f := Finding{Rule: a.Name, URL: cmp.Or(d.URL, a.URL), Message: d.Message}
	f.Posn, f.End = span(d.Pos, d.End, adjusted)
	for _, r := range d.Related {
		rel := Related{Message: r.Message}
		rel.Posn, rel.End = span(r.Pos, r.End, adjusted)
		f.Related = append(f.Related, rel)
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			edit := Edit{NewText: string(e.NewText)}
			edit.Posn, edit.End = span(e.Pos, e.End, false)
			fix.Edits = append(fix.Edits, edit)
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

// Unique returns found once each, even where a file belongs to a package
// and its test variant and so was analysed twice, sorted by place and
// message.
func Unique(found []Finding) []Finding {
	type key struct {
		rule     string
		pos, end token.Position
		msg      string
	}
	seen := make(map[key]bool)
	var out []Finding
	for _, f := range found {
		k := key{f.Rule, f.Posn, f.End, f.Message}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	slices.SortFunc(out, compare)
	return out
}

// compare orders findings by file, line, column, then message.
func compare(a, b Finding) int {
	return cmp.Or(cmp.Compare(a.Posn.Filename, b.Posn.Filename), cmp.Compare(a.Posn.Line, b.Posn.Line),
		cmp.Compare(a.Posn.Column, b.Posn.Column), cmp.Compare(a.Message, b.Message), cmp.Compare(a.Rule, b.Rule))
}
