// Package nolint filters an analyzer's diagnostics by the comments that
// silence them, "//nolint:name" as golangci-lint spells them, so that each
// analyzer can be silenced on its own in every front door.
package nolint

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Filter wraps report so that diagnostics in _test.go files (with
// skipTests) and diagnostics silenced for the linter name are dropped.
func Filter(pass *analysis.Pass, name string, skipTests bool, report func(analysis.Diagnostic)) func(analysis.Diagnostic) {
	return func(d analysis.Diagnostic) {
		pos := pass.Fset.Position(d.Pos)
		if skipTests && strings.HasSuffix(pos.Filename, "_test.go") {
			return
		}
		if Suppressed(pass, name, d.Pos) {
			return
		}
		report(d)
	}
}

// Suppressed reports whether pos is covered by a //nolint comment naming
// name (or all linters): on its own line, or in the doc comment of the
// enclosing function declaration.
func Suppressed(pass *analysis.Pass, name string, pos token.Pos) bool {
	f := fileOf(pass, pos)
	if f == nil {
		return false
	}
	line := pass.Fset.Position(pos).Line
	for _, g := range f.Comments {
		for _, cm := range g.List {
			if pass.Fset.Position(cm.Slash).Line == line && Names(cm.Text, name) {
				return true
			}
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if ok && fd.Pos() <= pos && pos < fd.End() && fd.Doc != nil {
			for _, cm := range fd.Doc.List {
				if Names(cm.Text, name) {
					return true
				}
			}
		}
	}
	return false
}

// fileOf returns the file of the package that contains pos.
func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// Names reports whether a comment is "//nolint", "//nolint:all" or
// "//nolint:a,name,b", optionally followed by " // reason".
func Names(text, name string) bool {
	text = strings.TrimPrefix(text, "//")
	if i := strings.Index(text, "//"); i >= 0 {
		text = text[:i]
	}
	text = strings.TrimSpace(text)
	if text == "nolint" {
		return true
	}
	list, ok := strings.CutPrefix(text, "nolint:")
	if !ok {
		return false
	}
	for _, n := range strings.Split(list, ",") {
		if n = strings.TrimSpace(n); n == name || n == "all" {
			return true
		}
	}
	return false
}
