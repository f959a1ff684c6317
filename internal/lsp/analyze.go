package lsp

import (
	"errors"
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
)

// outcome is what an analysis found.
type outcome struct {
	// found are the diagnostics of the roots, once each, at their places
	// in the files as parsed (not as //line directives say).
	found []report.Finding
	// unsettled holds the packages on which some action failed: the
	// memo cannot replay all of them, so they keep their syntax.
	unsettled map[*packages.Package]bool
}

// analyze runs analyzers on roots (and what they require on their
// dependencies) and returns the diagnostics of the roots. The error joins
// the failures of root actions; the findings of the others are returned
// with it. Findings are resolved before the file set drops the files
// parsed for this analysis.
func analyze(analyzers []*analysis.Analyzer, roots []*packages.Package) (*outcome, error) {
	graph, err := checker.Analyze(analyzers, roots, nil)
	if err != nil {
		return nil, err
	}
	out := &outcome{unsettled: make(map[*packages.Package]bool)}
	for act := range graph.All() {
		if act.Err != nil {
			out.unsettled[act.Package] = true
		}
	}
	var errs []error
	for _, act := range graph.Roots {
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", act, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			out.found = append(out.found, report.FromDiagnostic(act.Package.Fset, false, act.Analyzer, d))
		}
	}
	out.found = report.Unique(out.found)
	return out, errors.Join(errs...)
}
