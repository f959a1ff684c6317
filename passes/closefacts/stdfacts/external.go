package stdfacts

import (
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// External answers the fact queries of ctrlflow and closefacts about
// packages typed from export data, from the table (standard library) and
// from httpknow.ExternalNoReturn (popular logging packages). It
// implements driver.External.
type External struct {
	table *Table
	mu    sync.Mutex
	cache map[*types.Package][]analysis.ObjectFact // summaries per package
}

// NewExternal returns an External backed by the embedded table.
func NewExternal() *External {
	return &External{table: Load(), cache: make(map[*types.Package][]analysis.ObjectFact)}
}

var noReturnType = reflect.TypeOf(ctrlflow.Analyzer.FactTypes[0])

// ImportObjectFact reports whether the table has a fact of ptr's type
// about obj, and copies it into ptr.
func (e *External) ImportObjectFact(obj types.Object, ptr analysis.Fact) bool {
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	key := httpknow.KeyOf(fn.Origin())
	if reflect.TypeOf(ptr) == noReturnType {
		return e.table.NoReturn[key] || httpknow.ExternalNoReturn[key]
	}
	if p, ok := ptr.(*closefacts.Summary); ok {
		if s := e.table.Summaries[key]; s != nil {
			*p = *s
			return true
		}
	}
	return false
}

// AllObjectFacts returns the closing summaries of the standard library
// functions and methods of pkgs (ctrlflow asks for no-return facts one at
// a time).
func (e *External) AllObjectFacts(pkgs []*types.Package, factTypes []analysis.Fact) []analysis.ObjectFact {
	wants := false
	for _, f := range factTypes {
		_, ok := f.(*closefacts.Summary)
		wants = wants || ok
	}
	if !wants {
		return nil
	}
	var out []analysis.ObjectFact
	for _, pkg := range pkgs {
		if isStd(pkg.Path()) {
			out = append(out, e.summaries(pkg)...)
		}
	}
	return out
}

// summaries returns the summaries of pkg's functions, computed once per
// package (drivers share imported packages between analyses).
func (e *External) summaries(pkg *types.Package) []analysis.ObjectFact {
	e.mu.Lock()
	defer e.mu.Unlock()
	if facts, ok := e.cache[pkg]; ok {
		return facts
	}
	facts := e.appendSummaries(nil, pkg)
	e.cache[pkg] = facts
	return facts
}

// appendSummaries adds the summaries of pkg's functions and methods.
func (e *External) appendSummaries(out []analysis.ObjectFact, pkg *types.Package) []analysis.ObjectFact {
	add := func(fn *types.Func) {
		if s := e.table.Summaries[httpknow.KeyOf(fn)]; s != nil {
			out = append(out, analysis.ObjectFact{Object: fn, Fact: s})
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			add(obj)
		case *types.TypeName:
			if n, ok := obj.Type().(*types.Named); ok {
				for m := range n.Methods() {
					add(m)
				}
			}
		}
	}
	return out
}

// isStd reports whether path is a standard library package path.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
