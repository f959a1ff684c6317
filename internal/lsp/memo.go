package lsp

import (
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// actionMemo remembers what each analyzer did on each dependency: its
// result and the facts it exported. The cache of loaded packages keeps a
// dependency's *types.Package across edits, and a package is type-checked
// again (so gets a new one) whenever it or anything it imports changed;
// so an action keyed by its analyzer and *types.Package can be replayed
// instead of run: the checker then sees the same facts and result. It is
// safe for concurrent use.
type actionMemo struct {
	mu      sync.Mutex
	actions map[memoKey]*memoAction
	live    map[string]map[*types.Package]bool // by directory: the packages of its last analysis
}

type memoKey struct {
	analyzer *analysis.Analyzer
	pkg      *types.Package
}

// memoAction is the outcome of one successful action.
type memoAction struct {
	result      any // the zero value of its type once released
	objectFacts []analysis.ObjectFact
	pkgFacts    []analysis.Fact
	diagnostics []analysis.Diagnostic
}

func newActionMemo() *actionMemo {
	return &actionMemo{actions: make(map[memoKey]*memoAction), live: make(map[string]map[*types.Package]bool)}
}

func (m *actionMemo) get(k memoKey) *memoAction {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.actions[k]
}

func (m *actionMemo) put(k memoKey, a *memoAction) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.actions[k] = a
}

// retain records that the last analysis of dir used the packages pkgs and
// forgets the actions on packages that no directory's last analysis used.
func (m *actionMemo) retain(dir string, pkgs map[*types.Package]bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if pkgs == nil {
		delete(m.live, dir)
	} else {
		m.live[dir] = pkgs
	}
	for k := range m.actions {
		used := false
		for _, set := range m.live {
			used = used || set[k.pkg]
		}
		if !used {
			delete(m.actions, k)
		}
	}
}

// release forgets the results of the actions on pkg, keeping their facts
// and diagnostics: once every action on a package is memoized, each is
// replayed and none reads another's result, so the inspectors, SSA and
// control-flow graphs of a dependency need not stay in memory.
func (m *actionMemo) release(pkg *types.Package) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, a := range m.actions {
		if k.pkg == pkg {
			a.result = emptyResult(k.analyzer.ResultType, a.result)
		}
	}
}

// emptyResult returns the zero value of a result type (the checker checks
// the type of every result, so a typed nil pointer stands for a released
// result), or result itself where the zero value would have another type.
func emptyResult(t reflect.Type, result any) any {
	if t == nil || t.Kind() == reflect.Interface {
		return result
	}
	return reflect.Zero(t).Interface()
}

// replay exports the facts of a on pass, reports its diagnostics and
// returns its result.
func (a *memoAction) replay(pass *analysis.Pass) any {
	for _, f := range a.objectFacts {
		pass.ExportObjectFact(f.Object, f.Fact)
	}
	for _, f := range a.pkgFacts {
		pass.ExportPackageFact(f)
	}
	for _, d := range a.diagnostics {
		pass.Report(d)
	}
	return a.result
}

// record makes pass record in a the facts it exports and the diagnostics
// it reports.
func (a *memoAction) record(pass *analysis.Pass) {
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) {
		report(d)
		a.diagnostics = append(a.diagnostics, d)
	}
	exportObj, exportPkg := pass.ExportObjectFact, pass.ExportPackageFact
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		exportObj(obj, fact)
		a.objectFacts = append(a.objectFacts, analysis.ObjectFact{Object: obj, Fact: fact})
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		exportPkg(fact)
		a.pkgFacts = append(a.pkgFacts, fact)
	}
}
