// Package floor defines the floor analyzer of the benchmarks: it requires
// what bodyclosecheck's analysis can least cost, the SSA form of every
// package checked (buildssa) and the closing facts of every dependency
// (closefacts), and reports nothing. Any SSA-based checker of response
// bodies that uses facts pays at least this much under the same driver.
package floor

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// Analyzer builds SSA and the closing facts and reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:     "floor",
	Doc:      "build SSA and closing facts, report nothing (benchmark floor for bodyclosecheck)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, closefacts.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		_ = pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		_ = pass.ResultOf[closefacts.Analyzer].(*closefacts.Summaries)
		return nil, nil
	},
}
