package lsp

import (
	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/guard"
)

// recovering returns copies of analyzers, and of all the analyzers they
// require, whose Run turns a panic into an error of that one action (the
// checker runs actions on goroutines of its own, where a panic would end
// the server). With a memo, the copies replay actions already done on
// the same (unchanged) package instead of running them.
func recovering(analyzers []*analysis.Analyzer, memo *actionMemo) []*analysis.Analyzer {
	return guard.Analyzers(analyzers, func(orig *analysis.Analyzer, pass *analysis.Pass) (any, error) {
		return runMemo(orig, pass, memo)
	})
}

// runMemo runs orig on pass, or replays it from memo (if not nil), and
// records a successful run in memo.
func runMemo(orig *analysis.Analyzer, pass *analysis.Pass, memo *actionMemo) (any, error) {
	if memo == nil {
		return orig.Run(pass)
	}
	key := memoKey{orig, pass.Pkg}
	if done := memo.get(key); done != nil {
		return done.replay(pass), nil
	}
	done := new(memoAction)
	done.record(pass)
	result, err := orig.Run(pass)
	if err == nil {
		done.result = result
		memo.put(key, done)
	}
	return result, err
}
