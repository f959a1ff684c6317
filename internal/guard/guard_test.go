package guard

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestAnalyzers checks that a panic in an analyzer becomes the
// error of its action instead of ending the process (the checker runs
// actions on its own goroutines), and that the copies still find their
// requirements' results under the original analyzers.
func TestAnalyzers(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"p.go":   "package p\n\nfunc F() int { return 1 }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, ".")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load: %v %v", pkgs, err)
	}
	base := &analysis.Analyzer{Name: "base", Doc: "base", ResultType: reflect.TypeFor[int](),
		Run: func(*analysis.Pass) (any, error) { return 42, nil }}
	mk := func(name string, panics bool) *analysis.Analyzer {
		return &analysis.Analyzer{Name: name, Doc: name, Requires: []*analysis.Analyzer{base},
			Run: func(pass *analysis.Pass) (any, error) {
				n := pass.ResultOf[base].(int) // panics if the result is not found under base
				if panics {
					panic("boom")
				}
				pass.Reportf(pass.Files[0].Package, "base said %d", n)
				return nil, nil
			}}
	}
	good, bad := mk("good", false), mk("bad", true)
	graph, err := checker.Analyze(Analyzers([]*analysis.Analyzer{good, bad}, nil), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range graph.Roots {
		switch act.Analyzer.Name {
		case "good":
			if act.Err != nil || len(act.Diagnostics) != 1 || act.Diagnostics[0].Message != "base said 42" {
				t.Errorf("good: err %v, diagnostics %v", act.Err, act.Diagnostics)
			}
		case "bad":
			if act.Err == nil || !strings.Contains(act.Err.Error(), "bad panicked on package example.com/m: boom") {
				t.Errorf("bad: err %v, want the panic", act.Err)
			}
		}
	}
	if good.Run == nil || good.Requires[0] != base {
		t.Error("the original analyzers were modified")
	}
}
