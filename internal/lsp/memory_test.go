package lsp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"log"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"
)

// closes marks the functions that call a Close method and reports the
// calls of marked functions of other packages: findings that depend on
// the facts of the dependencies, which the memo replays.
var closes = &analysis.Analyzer{Name: "closes", Doc: "closes", FactTypes: []analysis.Fact{new(marked)},
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		in.Preorder([]ast.Node{new(ast.FuncDecl)}, func(node ast.Node) {
			fn := node.(*ast.FuncDecl)
			ast.Inspect(fn, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" {
					pass.ExportObjectFact(pass.TypesInfo.Defs[fn.Name], new(marked))
				}
				return true
			})
		})
		in.Preorder([]ast.Node{new(ast.SelectorExpr)}, func(node ast.Node) {
			obj := pass.TypesInfo.Uses[node.(*ast.SelectorExpr).Sel]
			if obj != nil && obj.Pkg() != pass.Pkg && pass.ImportObjectFact(obj, new(marked)) {
				pass.Reportf(node.Pos(), "uses %s, which closes", obj.Name())
			}
		})
		return nil, nil
	}}

// TestLSPEditsKeepMemoryFlat checks that what an edit leaves behind does
// not pile up: after the first analysis the dependencies keep only their
// types (syntax, type information and the results of the actions on them
// are released, their facts still replayed), and the file set holds as
// many files after many edits as after the first.
func TestLSPEditsKeepMemoryFlat(t *testing.T) {
	mod := writeFiles(t, cacheModule)
	dir := filepath.Join(mod, "p")
	p := newPipeline(Options{Analyzers: []*analysis.Analyzer{closes}}, log.New(io.Discard, "", 0))
	path := filepath.Join(dir, "p.go")
	filesAfterFirst := -1
	for i := range 20 {
		text := cacheModule["p/p.go"] + fmt.Sprintf("\nfunc G%d(c io.Closer) { dep.Close(c) }\n", i)
		text = "package p\n\nimport \"io\"\n" + text[len("package p\n"):]
		doc := &document{uri: pathToURI(path), path: path, version: int32(i + 1), text: text}
		found, err := p.analyze(context.Background(), dir, []*document{doc})
		if err != nil {
			t.Fatalf("edit %d: %v", i, err)
		}
		if f := found[path]; f == nil || len(f.diags) != 2 || f.diags[1].Message != "uses Close, which closes" {
			t.Fatalf("edit %d: findings %+v, want the call of dep.Close", i, found[path])
		}
		e := p.cache.entries[dir]
		if e == nil {
			t.Fatalf("edit %d: the load is not cached", i)
		}
		fset := e.order[0].Fset
		if n := countFiles(fset); filesAfterFirst < 0 {
			filesAfterFirst = n
		} else if n != filesAfterFirst {
			t.Fatalf("edit %d: the file set holds %d files, %d after the first analysis", i, n, filesAfterFirst)
		}
		checkReleased(t, p.memo, e)
	}
}

// countFiles returns the number of files in fset.
func countFiles(fset *token.FileSet) int {
	n := 0
	fset.Iterate(func(*token.File) bool { n++; return true })
	return n
}

// checkReleased checks that the dependencies of e's roots that are not
// type-checked again hold neither syntax nor type information, and that
// the memo holds only empty results for them.
func checkReleased(t *testing.T, memo *actionMemo, e *cacheEntry) {
	t.Helper()
	keep := e.keep()
	deps := 0
	packages.Visit(e.order, nil, func(dep *packages.Package) {
		if e.isRoot[dep] || keep[dep] {
			return
		}
		deps++
		if dep.Syntax != nil || dep.TypesInfo != nil {
			t.Errorf("dependency %s keeps its syntax or type information", dep.ID)
		}
		memo.mu.Lock()
		defer memo.mu.Unlock()
		for k, a := range memo.actions {
			if k.pkg == dep.Types && k.analyzer == inspect.Analyzer && a.result != (*inspector.Inspector)(nil) {
				t.Errorf("the memo keeps the inspector of %s", dep.ID)
			}
		}
	})
	if deps == 0 {
		t.Error("no dependencies visited")
	}
}
