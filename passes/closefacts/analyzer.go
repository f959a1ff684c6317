// Package closefacts defines an Analyzer that summarises, for every
// function, what it does with an *http.Response or io.Closer it is given
// (closes it on every path, only reads it, or takes it over) and which
// response results it returns already closed.
//
// It works on syntax, types and go/cfg only (like ctrlflow), so it is cheap
// to run on every dependency, and exports its summaries as facts. The
// SSA-based bodyclosecheck analyzer reads them through the Result and never
// needs SSA for dependencies.
package closefacts

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer computes closing summaries and exports them as facts.
var Analyzer = &analysis.Analyzer{
	Name:       "closefacts",
	Doc:        "summarise which functions close, read or take the responses and closers they are given",
	URL:        "https://pkg.go.dev/github.com/bodyclosecheck/bodyclosecheck/passes/closefacts",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	FactTypes:  []analysis.Fact{new(Summary)},
	ResultType: reflect.TypeFor[*Summaries](),
	Run:        run,
}

// Summaries is the Result of Analyzer: the summaries of this package's
// functions and of the functions of other packages that it refers to.
type Summaries struct {
	m map[*types.Func]*Summary
}

// Of returns the summary of fn (a generic function's origin is used), or
// nil if nothing is known.
func (s *Summaries) Of(fn *types.Func) *Summary {
	return s.m[fn.Origin()]
}

// Effect returns what fn does with its parameter i (receiver first),
// taking the standard library table into account. Unknown is Takes.
func (s *Summaries) Effect(fn *types.Func, i int) Effect {
	if e, ok := knownEffect(fn.Origin(), i); ok {
		return e
	}
	return s.Of(fn).Param(i)
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	s := &summarizer{
		info:     pass.TypesInfo,
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		decls:    make(map[*types.Func]inspector.Cursor),
		memo:     make(map[*types.Func]*Summary),
		busy:     make(map[*types.Func]bool),
		imported: make(map[*types.Func]*Summary),
	}
	importReferenced(pass, s.imported)
	var order []*types.Func
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
			s.decls[fn] = cur
			order = append(order, fn)
		}
	}
	result := &Summaries{m: s.imported}
	for _, fn := range order {
		if sum := s.summaryOf(fn); sum != nil {
			pass.ExportObjectFact(fn, sum)
			result.m[fn] = sum
		}
	}
	return result, nil
}

// importReferenced imports the summaries of the functions and methods of
// other packages that the package refers to. Only those can be called
// statically; importing all the facts of every dependency instead
// (AllObjectFacts) would cost each package time in proportion to the
// whole program below it.
func importReferenced(pass *analysis.Pass, into map[*types.Func]*Summary) {
	seen := make(map[*types.Func]bool)
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == pass.Pkg || fn.Pkg() == nil {
			continue
		}
		fn = fn.Origin()
		if seen[fn] {
			continue
		}
		seen[fn] = true
		sum := new(Summary)
		if pass.ImportObjectFact(fn, sum) {
			into[fn] = sum
		}
	}
}
