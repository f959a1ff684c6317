package driver

import (
	"fmt"
	"go/types"
	"os"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// rootDiagnostic is a diagnostic of one of the root analyzers.
type rootDiagnostic struct {
	analyzer *analysis.Analyzer
	analysis.Diagnostic
}

// analyze runs analyzers (the roots and their prerequisites, in order, or
// a subset) on t and returns the diagnostics of the roots. Facts exported
// by the analyzers are added to fs. The analyzers are guard's copies (see
// Run): a panic is the error of one of them.
func analyze(roots, analyzers []*analysis.Analyzer, p *packages.Package, t *typed, fs *factSet) (diags []rootDiagnostic, counts map[string]int, err error) {
	universe := fs.universe(t.imported)
	results := make(map[*analysis.Analyzer]any)
	for _, a := range analyzers {
		pass := newPass(a, p, t, fs, universe, results)
		root := slices.Contains(roots, a)
		if root {
			pass.Report = func(d analysis.Diagnostic) { diags = append(diags, rootDiagnostic{a, d}) }
		}
		res, err := a.Run(pass)
		switch {
		case err != nil && !root:
			return nil, nil, fmt.Errorf("failed prerequisite %s: %w", a.Name, err) // as the x/tools checker says
		case err != nil:
			return nil, nil, err
		}
		if res != nil && a.ResultType != nil && reflect.TypeOf(res) != a.ResultType {
			return nil, nil, fmt.Errorf("%s returned %T, want %v", a.Name, res, a.ResultType)
		}
		results[a] = res
		if c, ok := res.(Counter); ok && root {
			for k, n := range c.Counts() {
				if counts == nil {
					counts = make(map[string]int)
				}
				counts[k] += n
			}
		}
	}
	return diags, counts, nil
}

// topoOrder lists the prerequisites of roots, then each root, once.
func topoOrder(roots []*analysis.Analyzer) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if slices.Contains(order, a) {
			return
		}
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, r := range roots {
		visit(r)
	}
	return order
}

// factAnalyzers keeps, of order (prerequisites first), the analyzers that
// export facts and those they need: what a dependency is analysed with.
func factAnalyzers(order []*analysis.Analyzer) []*analysis.Analyzer {
	needed := make(map[*analysis.Analyzer]bool)
	for i := len(order) - 1; i >= 0; i-- {
		if a := order[i]; len(a.FactTypes) > 0 || needed[a] {
			needed[a] = true
			for _, req := range a.Requires {
				needed[req] = true
			}
		}
	}
	var out []*analysis.Analyzer
	for _, a := range order {
		if needed[a] {
			out = append(out, a)
		}
	}
	return out
}

// newPass makes the pass of a on t.
func newPass(a *analysis.Analyzer, p *packages.Package, t *typed, fs *factSet, universe []*types.Package, results map[*analysis.Analyzer]any) *analysis.Pass {
	resultOf := make(map[*analysis.Analyzer]any)
	for _, req := range a.Requires {
		resultOf[req] = results[req]
	}
	pass := &analysis.Pass{
		Analyzer:         a,
		Fset:             t.fset,
		Files:            t.files,
		OtherFiles:       p.OtherFiles,
		IgnoredFiles:     p.IgnoredFiles,
		Pkg:              t.pkg,
		TypesInfo:        t.info,
		TypesSizes:       p.TypesSizes,
		ResultOf:         resultOf,
		Report:           func(analysis.Diagnostic) {},
		ImportObjectFact: fs.importObject,
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != t.pkg {
				panic(fmt.Sprintf("%s: fact about %s, which is not in package %s", a.Name, obj, t.pkg.Path()))
			}
			fs.export(obj, fact)
		},
		AllObjectFacts:    func() []analysis.ObjectFact { return fs.allObjects(a.FactTypes, universe) },
		ImportPackageFact: fs.importPackage,
		ExportPackageFact: func(fact analysis.Fact) { fs.export(nil, fact) },
		AllPackageFacts:   func() []analysis.PackageFact { return fs.allPackages(a.FactTypes, universe) },
		ReadFile:          readFileOf(p),
	}
	if p.Module != nil {
		pass.Module = &analysis.Module{Path: p.Module.Path, Version: p.Module.Version, GoVersion: p.Module.GoVersion}
	}
	return pass
}

// readFileOf returns a Pass.ReadFile that reads only the files of p.
func readFileOf(p *packages.Package) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles, p.EmbedFiles} {
			if slices.Contains(list, name) {
				return os.ReadFile(name)
			}
		}
		return nil, fmt.Errorf("%s is not a file of package %s", name, p.ID)
	}
}
