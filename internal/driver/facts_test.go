package driver_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	writeTree(t, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"c/c.go": "package c\n\nfunc MarkedC() {}\n\nfunc Plain() {}\n",
		"b/b.go": "package b\n\nimport \"example.com/m/c\"\n\nfunc B() { c.MarkedC() }\n\nfunc Other() { c.Plain() }\n",
		"a/a.go": "package a\n\nimport \"example.com/m/b\"\n\nfunc A() {\n\tb.B()\n\tb.Other()\n}\n",
	})
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

// TestAlsoAnalyzers runs two root analyzers that share a prerequisite,
// with both drivers: each finding is under its own analyzer's name, and
// the shared prerequisite runs once per package.
func TestAlsoAnalyzers(t *testing.T) {
	writeTree(t, map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.26\n",
		"a/a.go":  "package a\n\nfunc A() {}\n",
		"b/b.go":  "package b\n\nfunc B() {}\n",
		"b/b2.go": "package b\n\nfunc B2() {}\n",
	})
	var mu sync.Mutex
	runs := map[string]int{} // of the shared prerequisite, by package
	shared := &analysis.Analyzer{Name: "shared", Doc: "counts its runs", ResultType: reflect.TypeFor[int](),
		Run: func(pass *analysis.Pass) (any, error) {
			mu.Lock()
			defer mu.Unlock()
			runs[pass.Pkg.Path()]++
			return len(pass.Files), nil
		}}
	root := func(name string) *analysis.Analyzer {
		return &analysis.Analyzer{Name: name, Doc: "reports the file count", Requires: []*analysis.Analyzer{shared},
			Run: func(pass *analysis.Pass) (any, error) {
				pass.Reportf(pass.Files[0].Package, "%s: %d files", name, pass.ResultOf[shared].(int))
				return nil, nil
			}}
	}
	want := []string{"one a.go: one: 1 files", "one b.go: one: 2 files", "two a.go: two: 1 files", "two b.go: two: 2 files"}
	for _, standard := range []bool{false, true} {
		clear(runs)
		opts := driver.Options{Analyzer: root("one"), Also: []*analysis.Analyzer{root("two")}}
		var res *driver.Result
		var err error
		if standard {
			res, _, err = driver.RunStandard([]string{"./..."}, opts)
		} else {
			res, err = driver.Run([]string{"./..."}, opts)
		}
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Rule+" "+filepath.Base(f.Posn.Filename)+": "+f.Message)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || res.Analyzed != 2 || runs["example.com/m/a"] != 1 || runs["example.com/m/b"] != 1 {
			t.Errorf("standard=%v: %d analysed, prerequisite runs %v, findings:\n%s\nwant 2 analysed, one run each, and:\n%s",
				standard, res.Analyzed, runs, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// writeTree writes files (relative name to content) into a new temporary
// directory and makes it the working directory for the rest of the test.
func writeTree(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}
