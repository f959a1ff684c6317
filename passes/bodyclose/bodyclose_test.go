package bodyclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// families lists the fixture packages, one per behaviour family.
var families = []string{
	"basic", "branches", "loops", "closures", "transfer", "noreturn",
	"samepkg", "crosspkg/...", "typeparams", "suppress", "conn", "aggregates",
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

// TestOptions checks -skip-tests, -exempt-head and -closers, set through
// the flags as a user would.
func TestOptions(t *testing.T) {
	a := bodyclose.NewAnalyzer(bodyclose.Config{})
	for flag, value := range map[string]string{
		"skip-tests":  "true",
		"exempt-head": "true",
		"closers":     "options.Pool.Put,options.discard",
	} {
		if err := a.Flags.Set(flag, value); err != nil {
			t.Fatal(err)
		}
	}
	analysistest.Run(t, analysistest.TestData(), a, "options")
}

// TestOptionsAreIndependent checks that configuring one analyzer does not
// change another: without options the same fixture has more findings.
func TestOptionsAreIndependent(t *testing.T) {
	configured := bodyclose.NewAnalyzer(bodyclose.Config{ExemptHEAD: true})
	plain := bodyclose.NewAnalyzer(bodyclose.Config{})
	if configured.Flags.Lookup("exempt-head").Value.String() != "true" ||
		plain.Flags.Lookup("exempt-head").Value.String() != "false" {
		t.Fatal("analyzers share their configuration")
	}
	if err := plain.Flags.Set("closers", "bad name"); err == nil {
		t.Error("-closers accepted a malformed name")
	}
}
