package driver

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
	"github.com/bodyclosecheck/bodyclosecheck/internal/typecheck"

	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bodyclosecheck/bodyclosecheck/internal/guard"
)

// RunStandard analyses the packages matched by patterns the way the
// standard go/analysis drivers do: go/packages loads every package,
// dependencies included, from source, and the x/tools checker runs the
// analyzer (and what it requires) on all of them, facts in memory. It is
// slower and needs more memory than Run, but depends on nothing but the
// source. Of opts, only Analyzer, Also and Tests apply. Besides the Result, it
// returns the checker's graph, for printing the go/analysis JSON tree.
//
// A panic of an analyzer is the error of its action, never a crash. A
// package that does not load or type-check gets one error, its first
// (with the number of the others): the analyses that were skipped for it,
// and for the packages that import it, are not errors of their own.
func RunStandard(patterns []string, opts Options) (*Result, *checker.Graph, error) {
	cfg := &packages.Config{
		Mode:      packages.LoadAllSyntax | packages.NeedModule,
		Tests:     opts.Tests,
		ParseFile: parseFile,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	if len(pkgs) == 0 {
		return nil, nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	res := new(Result)
	broken := make(map[*packages.Package]bool)
	said := make(map[string]bool) // first errors, said once for a package and its test variant
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 {
			broken[p] = true
			if first := p.Errors[0].Error(); !said[first] {
				said[first] = true
				res.Errors = append(res.Errors, packageError(p))
			}
		}
		for _, imp := range p.Imports {
			broken[p] = broken[p] || broken[imp]
		}
	})
	roots := guard.Analyzers(opts.roots(), nil)
	graph, err := checker.Analyze(roots, pkgs, nil)
	if err != nil {
		return nil, nil, err
	}
	tested := testedPackages(pkgs)
	for _, act := range graph.Roots {
		switch {
		case act.Err != nil && !broken[act.Package]:
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", act.Package.ID, act.Err))
		case act.Err == nil:
			if act.Analyzer == roots[0] {
				res.Analyzed++ // packages, not actions
			}
			for _, d := range act.Diagnostics {
				res.Findings = append(res.Findings, report.FromDiagnostic(act.Package.Fset, true, act.Analyzer, d))
			}
			if c, ok := act.Result.(Counter); ok && ownCounts(tested, act.Package) {
				res.addCounts(c.Counts())
			}
		}
	}
	return res, graph, nil
}

// parseFile parses without resolving identifiers to ast.Objects, as
// the go command's vet and gopls do: nothing uses them, and on deeply
// nested code (thousands of closures) go/parser gives up resolving them
// ("exceeded max scope depth") and drops the file.
func parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, filename, src, typecheck.ParseMode)
}

// packageError describes what is wrong with p in one error: its first
// error, and how many more there are.
func packageError(p *packages.Package) error {
	first := p.Errors[0].Error()
	if n := len(p.Errors) - 1; n > 0 {
		return fmt.Errorf("%s: %s (and %d more errors)", p.ID, first, n)
	}
	return fmt.Errorf("%s: %s", p.ID, first)
}
