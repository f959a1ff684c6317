package bodyclose_test

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/fixtures"

	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// loadForBench loads patterns with syntax for every dependency, as the
// standalone driver does when an analyzer uses facts. In GOPATH mode the
// fixtures under testdata/src are importable by their short paths.
func loadForBench(b *testing.B, patterns ...string) []*packages.Package {
	b.Helper()
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		b.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  testdata,
		Env:  append(os.Environ(), "GOPATH="+testdata, "GO111MODULE=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("packages had errors")
	}
	return pkgs
}

// benchAnalyzers runs each set of analyzers on pkgs as a sub-benchmark:
// "bodyclosecheck" is the full analysis, "floor" only builds SSA (and the
// facts it needs), which is what any SSA-based checker pays.
func benchAnalyzers(b *testing.B, pkgs []*packages.Package) {
	sets := []struct {
		name      string
		analyzers []*analysis.Analyzer
	}{
		{"bodyclosecheck", []*analysis.Analyzer{bodyclose.Analyzer}},
		{"floor", []*analysis.Analyzer{buildssa.Analyzer, closefacts.Analyzer}},
	}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := checker.Analyze(set.analyzers, pkgs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFixtures measures the analysis of every fixture family.
func BenchmarkFixtures(b *testing.B) {
	benchAnalyzers(b, loadForBench(b, fixtures.Families...))
}

// BenchmarkNetHTTP measures the analysis of net/http and its
// dependencies: the package with the most responses in the standard
// library.
func BenchmarkNetHTTP(b *testing.B) {
	benchAnalyzers(b, loadForBench(b, "net/http"))
}
