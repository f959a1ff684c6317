package bodyclose

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// filtered wraps report so that findings in test files (with SkipTests)
// and findings suppressed by a //nolint comment are dropped.
func (c *pkgCheck) filtered(report func(analysis.Diagnostic)) func(analysis.Diagnostic) {
	return func(d analysis.Diagnostic) {
		pos := c.pass.Fset.Position(d.Pos)
		if c.cfg.SkipTests && strings.HasSuffix(pos.Filename, "_test.go") {
			return
		}
		if c.suppressed(d.Pos) {
			return
		}
		report(d)
	}
}

// suppressed reports whether pos is covered by a //nolint comment naming
// bodyclosecheck (or all linters): on its own line, or in the doc comment
// of the enclosing function declaration.
func (c *pkgCheck) suppressed(pos token.Pos) bool {
	f := c.fileOf(pos)
	if f == nil {
		return false
	}
	line := c.pass.Fset.Position(pos).Line
	for _, g := range f.Comments {
		for _, cm := range g.List {
			if c.pass.Fset.Position(cm.Slash).Line == line && isNolint(cm.Text) {
				return true
			}
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if ok && fd.Pos() <= pos && pos < fd.End() && fd.Doc != nil {
			for _, cm := range fd.Doc.List {
				if isNolint(cm.Text) {
					return true
				}
			}
		}
	}
	return false
}

// fileOf returns the file of the package that contains pos.
func (c *pkgCheck) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// isNolint reports whether a comment is "//nolint", "//nolint:all" or
// "//nolint:a,bodyclosecheck,b", optionally followed by " // reason".
func isNolint(text string) bool {
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
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name == "bodyclosecheck" || name == "all" {
			return true
		}
	}
	return false
}
