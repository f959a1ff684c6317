package driver_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
)

// marked is the toy analyzer's object fact: the function is marked (its
// name starts with Marked, or it calls a marked function).
type marked struct{}

func (*marked) AFact()         {}
func (*marked) String() string { return "marked" }

// count is its package fact: how many functions are marked in the package
// and in everything it imports.
type count struct{ N int }

func (*count) AFact()           {}
func (c *count) String() string { return fmt.Sprintf("count(%d)", c.N) }

// markAnalyzer is a toy fact analyzer: it marks functions, counts them
// per package, and reports each call of a marked function of another
// package and, at the package clause, its count and how many packages it
// sees package facts of.
var markAnalyzer = &analysis.Analyzer{
	Name:      "mark",
	Doc:       "mark marks functions that are named Marked* or call a marked function",
	FactTypes: []analysis.Fact{new(marked), new(count)},
	Run:       runMark,
}

func runMark(pass *analysis.Pass) (any, error) {
	n := 0
	for _, imp := range pass.Pkg.Imports() {
		var c count
		if pass.ImportPackageFact(imp, &c) {
			n += c.N
		}
	}
	isMarked := func(fn *types.Func) bool {
		var m marked
		return strings.HasPrefix(fn.Name(), "Marked") || pass.ImportObjectFact(fn, &m)
	}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			calls := false
			ast.Inspect(fd.Body, func(node ast.Node) bool {
				if call, ok := node.(*ast.CallExpr); ok {
					if callee, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok && isMarked(callee) {
						calls = true
						if callee.Pkg() != pass.Pkg {
							pass.Reportf(call.Pos(), "call of marked %s.%s", callee.Pkg().Name(), callee.Name())
						}
					}
				}
				return true
			})
			if calls || isMarked(fn) {
				pass.ExportObjectFact(fn, new(marked))
				n++
			}
		}
	}
	pass.ExportPackageFact(&count{n})
	pass.Reportf(pass.Files[0].Package, "%d marked; package facts of %d packages; object facts %d", n, len(pass.AllPackageFacts()), len(pass.AllObjectFacts()))
	return nil, nil
}

// TestToyFactAnalyzer checks the driver's contract with a fact analyzer:
// object and package facts flow from each package to its importers, in
// dependency order, through the result cache too, and AllObjectFacts and
// AllPackageFacts list those of every package it sees.
func TestToyFactAnalyzer(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"c/c.go": "package c\n\nfunc MarkedC() {}\n\nfunc Plain() {}\n",
		"b/b.go": "package b\n\nimport \"example.com/m/c\"\n\nfunc B() { c.MarkedC() }\n\nfunc Other() { c.Plain() }\n",
		"a/a.go": "package a\n\nimport \"example.com/m/b\"\n\nfunc A() {\n\tb.B()\n\tb.Other()\n}\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	want := []string{
		"a.go:1: 3 marked; package facts of 3 packages; object facts 3",
		"a.go:6: call of marked b.B",
		"b.go:1: 2 marked; package facts of 2 packages; object facts 2",
		"b.go:5: call of marked c.MarkedC",
		"c.go:1: 1 marked; package facts of 1 packages; object facts 1",
	}
	cache := t.TempDir()
	for i, wantCached := range []int{0, 3} {
		res, err := driver.Run([]string{"./..."}, driver.Options{Analyzer: markAnalyzer, CacheDir: cache, ToolID: "toy"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, filepath.Base(f.Posn.Filename)+":"+strconv.Itoa(f.Posn.Line)+": "+f.Message)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || len(res.Errors) > 0 || res.Cached != wantCached {
			t.Errorf("run %d: %d cached, errors %v, findings:\n%s\nwant %d cached and:\n%s", i+1, res.Cached, res.Errors,
				strings.Join(got, "\n"), wantCached, strings.Join(want, "\n"))
		}
	}
}
