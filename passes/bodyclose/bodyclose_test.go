package bodyclose_test

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/fixtures"

	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// TestAnalyzer runs every family in one load, so that the standard library
// is type-checked once.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), bodyclose.Analyzer, fixtures.Families...)
}

// TestSuggestedFixes checks the suggested fixes of every family against
// the .golden files next to its sources (fix.go.golden for the fix
// family, which holds the cases with no fix too).
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), bodyclose.Analyzer, fixtures.All()...)
}

// TestOptions checks -skip-tests, -report-head and -closers, set through
// the flags as a user would.
func TestOptions(t *testing.T) {
	a := bodyclose.NewAnalyzer(bodyclose.Config{})
	for flag, value := range map[string]string{
		"skip-tests":  "true",
		"report-head": "true",
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
	configured := bodyclose.NewAnalyzer(bodyclose.Config{ReportHEAD: true})
	plain := bodyclose.NewAnalyzer(bodyclose.Config{})
	if configured.Flags.Lookup("report-head").Value.String() != "true" ||
		plain.Flags.Lookup("report-head").Value.String() != "false" {
		t.Fatal("analyzers share their configuration")
	}
	if err := plain.Flags.Set("closers", "bad name"); err == nil {
		t.Error("-closers accepted a malformed name")
	}
}

// TestUndecidedCounted checks that every call whose closing depends on
// arguments unknown at the call is counted in the Stats, and nothing else:
// the fixture marks each such call's function "(counted)".
func TestUndecidedCounted(t *testing.T) {
	dir := analysistest.TestData()
	results := analysistest.Run(t, dir, bodyclose.Analyzer, "crosspkg/restuse")
	got := 0
	for _, r := range results {
		got += r.Result.(*bodyclose.Stats).Undecided
	}
	files, err := filepath.Glob(filepath.Join(dir, "src", "crosspkg", "restuse", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want += bytes.Count(data, []byte("(counted)"))
	}
	if want == 0 || got != want {
		t.Errorf("Stats.Undecided = %d, want %d (the calls marked \"(counted)\")", got, want)
	}
}

// TestFoldExits checks -fold-exits: all exits in the message, none as
// related information.
func TestFoldExits(t *testing.T) {
	a := bodyclose.NewAnalyzer(bodyclose.Config{})
	if err := a.Flags.Set("fold-exits", "true"); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, analysistest.TestData(), a, "folded")
	n := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			n++
			if len(d.Related) > 0 {
				t.Errorf("%s: %d related locations with -fold-exits, want none", d.Message, len(d.Related))
			}
		}
	}
	if n == 0 {
		t.Error("no diagnostics")
	}
}
