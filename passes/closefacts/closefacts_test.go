package closefacts_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// TestFacts checks the exported summaries with "// want Name:fact" lines;
// functions without a want line must export no fact.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), closefacts.Analyzer, "summaries")
}
