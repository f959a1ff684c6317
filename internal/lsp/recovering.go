package lsp

import (
	"fmt"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
)

// recovering returns copies of analyzers, and of all the analyzers they
// require, whose Run turns a panic into an error of that one action. The
// checker runs actions on goroutines of its own, where a panic could not
// be recovered by the caller and would end the server. With a memo, the
// copies replay actions already done on the same (unchanged) package
// instead of running them. The originals are not modified: each copy
// runs its original's Run with the original's results, so analyzers
// still find their requirements in Pass.ResultOf under the original keys.
func recovering(analyzers []*analysis.Analyzer, memo *actionMemo) []*analysis.Analyzer {
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	out := make([]*analysis.Analyzer, len(analyzers))
	for i, a := range analyzers {
		out[i] = recoveringCopy(a, copies, memo)
	}
	return out
}

// recoveringCopy returns the recovering copy of a, made once.
func recoveringCopy(a *analysis.Analyzer, copies map[*analysis.Analyzer]*analysis.Analyzer, memo *actionMemo) *analysis.Analyzer {
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
		c.Requires = append(c.Requires, recoveringCopy(r, copies, memo))
	}
	c.Run = func(pass *analysis.Pass) (any, error) { return runRecovering(a, c, pass, memo) }
	return c
}

// runRecovering runs orig, whose recovering copy is c, on pass, or
// replays it from memo (if not nil).
func runRecovering(orig, c *analysis.Analyzer, pass *analysis.Pass, memo *actionMemo) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, fmt.Errorf("%s panicked on package %s: %v\n%s", orig.Name, pass.Pkg.Path(), r, debug.Stack())
		}
	}()
	key := memoKey{orig, pass.Pkg}
	if memo != nil {
		if done := memo.get(key); done != nil {
			return done.replay(pass), nil
		}
	}
	p := *pass
	p.Analyzer = orig
	p.ResultOf = make(map[*analysis.Analyzer]any, len(orig.Requires))
	for i, r := range orig.Requires {
		p.ResultOf[r] = pass.ResultOf[c.Requires[i]]
	}
	done := new(memoAction)
	done.record(&p)
	if result, err = orig.Run(&p); err == nil && memo != nil {
		done.result = result
		memo.put(key, done)
	}
	return result, err
}
