// Package guard runs go/analysis analyzers under drivers that do not
// recover their panics, such as the x/tools checker, which runs each
// action on a goroutine of its own where a panic ends the process.
package guard

import (
	"fmt"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
)

// RunFunc runs the original analyzer of a copy on pass, whose Analyzer
// and ResultOf are the original's. The default is orig.Run(pass).
type RunFunc func(orig *analysis.Analyzer, pass *analysis.Pass) (any, error)

// Analyzers returns copies of analyzers, and of all the analyzers they
// require, whose Run calls run (nil: the original's Run) and turns a
// panic into the error of that one action: "internal error: A panicked
// on package P: ...", with the stack. The originals are not modified:
// each copy runs with a pass that names its original and holds the
// results of the originals it requires, so analyzers find their
// requirements in Pass.ResultOf under the keys they know.
func Analyzers(analyzers []*analysis.Analyzer, run RunFunc) []*analysis.Analyzer {
	if run == nil {
		run = func(orig *analysis.Analyzer, pass *analysis.Pass) (any, error) { return orig.Run(pass) }
	}
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	out := make([]*analysis.Analyzer, len(analyzers))
	for i, a := range analyzers {
		out[i] = guarded(a, copies, run)
	}
	return out
}

// guarded returns the copy of a, made once.
func guarded(a *analysis.Analyzer, copies map[*analysis.Analyzer]*analysis.Analyzer, run RunFunc) *analysis.Analyzer {
	if c := copies[a]; c != nil {
		return c
	}
	c := &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		RunDespiteErrors: a.RunDespiteErrors,
		ResultType:       a.ResultType,
		FactTypes:        a.FactTypes,
	}
	copies[a] = c
	for _, r := range a.Requires {
		c.Requires = append(c.Requires, guarded(r, copies, run))
	}
	c.Run = func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				result, err = nil, fmt.Errorf("internal error: %s panicked on package %s: %v\n%s", a.Name, pass.Pkg.Path(), r, debug.Stack())
			}
		}()
		p := *pass
		p.Analyzer = a
		p.ResultOf = make(map[*analysis.Analyzer]any, len(a.Requires))
		for i, r := range a.Requires {
			p.ResultOf[r] = pass.ResultOf[c.Requires[i]]
		}
		return run(a, &p)
	}
	return c
}
