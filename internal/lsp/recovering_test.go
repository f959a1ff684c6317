package lsp

import (
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// writeFiles writes files (relative path to content) under a new
// temporary directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// marked is the fact of memoFacts.
type marked struct{}

func (*marked) AFact()         {}
func (*marked) String() string { return "marked" }

// TestLSPMemoReplaysFacts checks that actions on unchanged packages are
// replayed with their facts and diagnostics instead of run, and that
// retain forgets unused packages.
func TestLSPMemoReplaysFacts(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"q/q.go": "package q\n\nfunc F() {}\n",
		"p.go":   "package p\n\nimport \"example.com/m/q\"\n\nfunc G() { q.F() }\n",
	})
	pkgs, err := packages.Load(&packages.Config{Mode: loadMode, Dir: dir}, ".")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load: %v %v", pkgs, err)
	}
	runs := 0 // of facts, which the checker runs on q, then p
	// facts marks the functions of each package and tells whether the
	// function F of the package imported (if any) is marked.
	facts := &analysis.Analyzer{Name: "facts", Doc: "facts", FactTypes: []analysis.Fact{new(marked)},
		ResultType: reflect.TypeFor[bool](),
		Run: func(pass *analysis.Pass) (any, error) {
			runs++
			for _, name := range pass.Pkg.Scope().Names() {
				pass.ExportObjectFact(pass.Pkg.Scope().Lookup(name), new(marked))
			}
			imports := pass.Pkg.Imports()
			return len(imports) > 0 && pass.ImportObjectFact(imports[0].Scope().Lookup("F"), new(marked)), nil
		}}
	user := &analysis.Analyzer{Name: "user", Doc: "user", Requires: []*analysis.Analyzer{facts},
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.ResultOf[facts].(bool) {
				pass.Reportf(pass.Files[0].Package, "q.F is marked")
			}
			return nil, nil
		}}
	memo := newActionMemo()
	analyzers := recovering([]*analysis.Analyzer{user}, memo)
	q := pkgs[0].Types.Imports()[0]
	for i, step := range []struct {
		retain   map[*types.Package]bool // before the analysis
		wantRuns int
	}{
		{nil, 2},
		{map[*types.Package]bool{q: true, pkgs[0].Types: true}, 2}, // both replayed, the diagnostic too
		{map[*types.Package]bool{q: true}, 3},                      // p runs again, with the facts of q replayed
		{map[*types.Package]bool{}, 5},
	} {
		if step.retain != nil {
			memo.retain("d", step.retain)
		}
		out, err := analyze(analyzers, pkgs)
		found := out.found
		if err != nil || len(found) != 1 || found[0].Message != "q.F is marked" || runs != step.wantRuns {
			t.Errorf("analysis %d: %v, %v; facts ran %d times in all, want %d", i+1, found, err, runs, step.wantRuns)
		}
	}
}
