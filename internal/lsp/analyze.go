package lsp

import (
	"errors"
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// finding is one diagnostic of an analyzer on a root package.
type finding struct {
	analyzer *analysis.Analyzer
	url      string // documentation of the diagnostic, resolved by the checker
	diag     analysis.Diagnostic
}

// outcome is what an analysis found.
type outcome struct {
	found []finding
	fset  *token.FileSet
	// unsettled holds the packages on which some action failed: the
	// memo cannot replay all of them, so they keep their syntax.
	unsettled map[*packages.Package]bool
}

// analyze runs analyzers on roots (and what they require on their
// dependencies) and returns the diagnostics of the roots. The error joins
// the failures of root actions; the findings of the others are returned
// with it.
func analyze(analyzers []*analysis.Analyzer, roots []*packages.Package) (*outcome, error) {
	graph, err := checker.Analyze(analyzers, roots, nil)
	if err != nil {
		return nil, err
	}
	out := &outcome{fset: roots[0].Fset, unsettled: make(map[*packages.Package]bool)}
	for act := range graph.All() {
		if act.Err != nil {
			out.unsettled[act.Package] = true
		}
	}
	type key struct {
		pos token.Pos
		msg string
	}
	seen := make(map[key]bool)
	var errs []error
	for _, act := range graph.Roots {
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", act, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			if k := (key{d.Pos, d.Message}); !seen[k] {
				seen[k] = true
				out.found = append(out.found, finding{analyzer: act.Analyzer, url: d.URL, diag: d})
			}
		}
	}
	return out, errors.Join(errs...)
}
