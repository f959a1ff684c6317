package bodyclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// families lists the fixture packages, one per behaviour family.
var families = []string{
	"basic", "branches", "loops", "closures", "transfer", "noreturn",
	"samepkg", "crosspkg/...", "typeparams",
}

// TestAnalyzer runs every family in one load, so that the standard library
// is type-checked once.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), bodyclose.Analyzer, families...)
}

// TestSuggestedFixes checks every suggested fix against fix.go.golden.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), bodyclose.Analyzer, "fix")
}
