package report

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// src is a file as cgo writes it: a //line directive points its lines
// back at the user's file.
const src = `package p

//line /user/p.go:10:1
func F() {
	_ = 1
}
`

// TestFromDiagnostic checks which positions follow //line directives:
// the finding's and related ones when asked to (the batch drivers, as go
// vet prints them), never those of edits, which change the file parsed.
func TestFromDiagnostic(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "/cache/p.cgo1.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	file := fset.File(f.Pos())
	at := func(s string) token.Pos { return file.Pos(strings.Index(src, s)) }
	a := &analysis.Analyzer{Name: "rule", URL: "https://example.com/rule"}
	d := analysis.Diagnostic{
		Pos: at("_ = 1"), Message: "m",
		Related:        []analysis.RelatedInformation{{Pos: at("}"), Message: "r"}},
		SuggestedFixes: []analysis.SuggestedFix{{Message: "fix", TextEdits: []analysis.TextEdit{{Pos: at("_ = 1"), NewText: []byte("x")}}}},
	}
	for _, tc := range []struct {
		adjusted  bool
		want, rel string
	}{
		{true, "/user/p.go:11:2", "/user/p.go:12:1"},
		{false, "/cache/p.cgo1.go:5:2", "/cache/p.cgo1.go:6:1"},
	} {
		got := FromDiagnostic(fset, tc.adjusted, a, d)
		if got.Posn.String() != tc.want || got.End != got.Posn || got.Related[0].Posn.String() != tc.rel || got.Related[0].End != got.Related[0].Posn {
			t.Errorf("adjusted=%v: finding at %s-%s, related at %s, want %s (end: start) and %s", tc.adjusted, got.Posn, got.End, got.Related[0].Posn, tc.want, tc.rel)
		}
		e := got.Fixes[0].Edits[0]
		if e.Posn.String() != "/cache/p.cgo1.go:5:2" || e.Posn.Offset != strings.Index(src, "_ = 1") || e.End != e.Posn {
			t.Errorf("adjusted=%v: edit at %s (offset %d) to %s, want the parsed file's place, an insertion", tc.adjusted, e.Posn, e.Posn.Offset, e.End)
		}
		if got.Rule != "rule" || got.URL != a.URL || got.Message != "m" || got.Fixes[0].Message != "fix" || e.NewText != "x" {
			t.Errorf("adjusted=%v: %+v", tc.adjusted, got)
		}
	}
	d.URL = "https://example.com/rule#case"
	if got := FromDiagnostic(fset, true, a, d); got.URL != d.URL {
		t.Errorf("URL %q, want the diagnostic's own %q", got.URL, d.URL)
	}
}

// TestUnique checks that a finding reported for a package and for its
// test variant is kept once, and the order: file, line, column, message.
func TestUnique(t *testing.T) {
	at := func(file string, line, col int) token.Position {
		return token.Position{Filename: file, Line: line, Column: col}
	}
	f := func(p token.Position, msg string) Finding { return Finding{Rule: "r", Posn: p, End: p, Message: msg} }
	found := []Finding{
		f(at("b.go", 1, 1), "x"),
		f(at("a.go", 9, 1), "x"),
		f(at("a.go", 2, 5), "y"),
		f(at("a.go", 2, 5), "x"),
		f(at("b.go", 1, 1), "x"), // the test variant's copy
	}
	var got []string
	for _, f := range Unique(found) {
		got = append(got, f.Posn.String()+" "+f.Message)
	}
	want := "a.go:2:5 x, a.go:2:5 y, a.go:9:1 x, b.go:1:1 x"
	if strings.Join(got, ", ") != want {
		t.Errorf("Unique = %s, want %s", strings.Join(got, ", "), want)
	}
}
