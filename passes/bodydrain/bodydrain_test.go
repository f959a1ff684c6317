package bodydrain_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodydrain"
)

// TestDrain runs the drain family: each way of reading to EOF, order,
// bounded drains, bodiless statuses and HEAD, decoders, helpers' facts.
func TestDrain(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), bodydrain.Analyzer, "drain/...")
}

// TestDrainFix applies the suggested fixes and compares them with the
// .golden files; nofix.go has findings whose fix would not compile or
// would change which body is closed, and gets none.
func TestDrainFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), bodydrain.Analyzer, "drainfix")
}

// TestFixedIsClean analyses the fixed files (the .golden files of
// drainfix, without their want comments) as a package of their own: the
// fix must type-check and leave nothing to report.
func TestFixedIsClean(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "src", "drainfixed")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	goldens, _ := filepath.Glob(filepath.Join(analysistest.TestData(), "src", "drainfix", "*.golden"))
	if len(goldens) == 0 {
		t.Fatal("no .golden files in drainfix")
	}
	want := regexp.MustCompile(` // want .*`)
	for _, g := range goldens {
		src, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(g), ".golden")
		if err := os.WriteFile(filepath.Join(pkg, name), want.ReplaceAll(src, nil), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	analysistest.Run(t, dir, bodydrain.Analyzer, "drainfixed")
}
