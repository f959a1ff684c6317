package driver

import (
	"fmt"
	"go/types"
	"sync"

	"golang.org/x/tools/go/packages"
)

// A unit is a package analysed from source.
type unit struct {
	pkg     *packages.Package
	root    bool
	srcDeps []*unit // source packages it depends on, directly or not
	key     string  // cache key, once computed
	out     *output // facts and diagnostics, once done
	err     error
	cached  bool
	done    chan struct{}
	facts   sharedFacts // decoded facts, for importers

	typesOnce sync.Once
	types     *types.Package // for importers: from its analysis, or type-checked on demand
	typesErr  error
}

// graph is the loaded package graph.
type graph struct {
	units  map[string]*unit  // by package ID
	order  []*unit           // dependencies first
	export map[string]string // export data file of each other package, by path
	errors []error
	// variantDeps holds the packages that depend, directly or not, on a
	// test variant ("q [p.test]"); only they can see two packages of
	// the same path.
	variantDeps map[*packages.Package]bool
}

// loadMode lists the packages without building anything: export data is
// asked for separately, for the packages not analysed from source only,
// so that the module's own packages (and their test variants) are never
// compiled.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

// load lists the packages (from the list cache when nothing changed) and
// picks the source units: the roots, every package of a main module they
// depend on, and test variants.
func load(patterns []string, opts *Options) (*graph, error) {
	var key, arch string
	if opts.CacheDir != "" {
		key, arch = listKey(patterns, opts.Tests, opts.ToolID)
	}
	if roots, export, ok := loadList(opts.CacheDir, key); ok {
		g := newGraph(roots)
		g.export = export
		return g, nil
	}
	roots, err := packages.Load(&packages.Config{Mode: loadMode, Tests: opts.Tests}, patterns...)
	if err != nil {
		return nil, err
	}
	g := newGraph(roots)
	if len(g.errors) == 0 {
		if g.export, err = exportFiles(roots, g.units); err == nil {
			saveList(opts.CacheDir, key, roots, g.export, arch)
		}
	}
	return g, err
}

// newGraph builds the graph of source units of roots.
func newGraph(roots []*packages.Package) *graph {
	g := &graph{units: make(map[string]*unit), variantDeps: make(map[*packages.Package]bool)}
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			g.errors = append(g.errors, fmt.Errorf("%s", e))
		}
		for _, imp := range p.Imports { // visited before p
			if imp.ID != imp.PkgPath || g.variantDeps[imp] {
				g.variantDeps[p] = true
			}
		}
	})
	isRoot := make(map[*packages.Package]bool)
	for _, r := range roots {
		isRoot[r] = true
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		// Test variants ("net [net/netip.test]") are rebuilt against the
		// package under test: only source gives their consistent types.
		// So is a package that imports a source unit (a vendored package
		// of the standard library importing it, say): its export data
		// would refer to another copy of that unit's types.
		src := isRoot[p] || (p.Module != nil && p.Module.Main) || p.ID != p.PkgPath
		for _, imp := range p.Imports {
			src = src || g.units[imp.ID] != nil // imports come first in post-order
		}
		if src {
			u := &unit{pkg: p, root: isRoot[p], done: make(chan struct{})}
			g.units[p.ID] = u
			g.order = append(g.order, u) // Visit's post-order: dependencies first
		}
	})
	deps := make(map[*packages.Package][]*unit)
	for _, u := range g.order {
		u.srcDeps = g.sourceDeps(u.pkg, deps)
	}
	return g
}

// visibleIDs maps the path of every package p depends on to the ID of the
// variant it sees, or returns nil when p sees no test variant, so that
// every path it sees has one package whose ID is the path.
func (g *graph) visibleIDs(p *packages.Package) map[string]string {
	if !g.variantDeps[p] {
		return nil
	}
	return importIDs(p)
}

// exportFiles asks the go command for the export data of every package
// that is not a source unit (it builds them, or finds them in its cache).
func exportFiles(roots []*packages.Package, units map[string]*unit) (map[string]string, error) {
	var paths []string
	packages.Visit(roots, nil, func(p *packages.Package) {
		if _, ok := units[p.ID]; !ok && p.PkgPath != "unsafe" {
			paths = append(paths, p.PkgPath)
		}
	})
	export := make(map[string]string)
	if len(paths) == 0 {
		return export, nil
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedExportFile}, paths...)
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		export[p.PkgPath] = p.ExportFile
	}
	return export, nil
}

// sourceDeps returns the source units reachable from p's imports,
// memoised in memo.
func (g *graph) sourceDeps(p *packages.Package, memo map[*packages.Package][]*unit) []*unit {
	if d, ok := memo[p]; ok {
		return d
	}
	memo[p] = nil // cycles cannot happen in Go, but be safe
	seen := make(map[*unit]bool)
	var out []*unit
	for _, imp := range p.Imports {
		if u, ok := g.units[imp.ID]; ok && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
		for _, u := range g.sourceDeps(imp, memo) {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	memo[p] = out
	return out
}
