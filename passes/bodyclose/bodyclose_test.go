package bodyclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// families lists the fixture packages, one per behaviour family.
var families = []string{
	"basic",
}

func TestAnalyzer(t *testing.T) {
	for _, pkg := range families {
		t.Run(pkg, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), bodyclose.Analyzer, pkg)
		})
	}
}
