package bodyclose

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/nolint"
)

// filtered wraps report so that findings in test files (with SkipTests)
// and findings suppressed by a //nolint:bodyclosecheck comment are
// dropped.
func (c *pkgCheck) filtered(report func(analysis.Diagnostic)) func(analysis.Diagnostic) {
	return nolint.Filter(c.pass, "bodyclosecheck", c.cfg.SkipTests, report)
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
