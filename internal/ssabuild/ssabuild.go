// Package ssabuild builds the SSA form of one package inside an analysis
// pass, for the analyzers that need it only for some packages, once for
// all of them: its Analyzer's result builds it on first use.
package ssabuild

import (
	"go/ast"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// Analyzer gives the analyzers that require it a *Lazy: the package's SSA,
// built when first asked for, once, whichever analyzer asks first. Like
// buildssa.Analyzer, but a package that no analyzer asks about costs
// nothing, and it exports no facts, so drivers never run it for
// dependencies.
var Analyzer = &analysis.Analyzer{
	Name:       "ssabuild",
	Doc:        "build the SSA form of the package when an analyzer first asks for it",
	URL:        "https://pkg.go.dev/github.com/bodyclosecheck/bodyclosecheck/internal/ssabuild",
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*Lazy](),
	Run: func(pass *analysis.Pass) (any, error) {
		return &Lazy{funcs: sync.OnceValue(func() []*ssa.Function { return Build(pass) })}, nil
	},
}

// Lazy is the result of Analyzer.
type Lazy struct {
	funcs func() []*ssa.Function
}

// Funcs returns the package's source functions, literals included, in
// source order, building the SSA form on the first call. It is safe for
// concurrent use: analyzers of one package may run at the same time.
func (l *Lazy) Funcs() []*ssa.Function { return l.funcs() }

// Build builds the SSA form of the package and returns its source
// functions, literals included, in source order. It does what
// buildssa.Analyzer does, but only when called: the analyzers build SSA
// only for packages that obtain responses. It needs ctrlflow.Analyzer's
// result in the pass.
func Build(pass *analysis.Pass) []*ssa.Function {
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	prog := ssa.NewProgram(pass.Fset, 0)
	prog.SetNoReturn(cfgs.NoReturn)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	var funcs []*ssa.Function
	var addAnons func(f *ssa.Function)
	addAnons = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			addAnons(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				if f := prog.FuncValue(obj); f != nil {
					addAnons(f)
				}
			}
		}
	}
	return funcs
}
