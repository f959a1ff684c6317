package driver

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/report"

	"errors"
	"fmt"
	"go/types"
	"maps"
	"slices"
	"sync"

	"golang.org/x/tools/go/packages"
)

// scheduler runs the units of a graph on a bounded number of goroutines,
// each unit after its source dependencies.
type scheduler struct {
	g      *graph
	opts   *Options
	sem    chan struct{}
	shared *sharedImports
	api    *apiKeys
	writer *cacheWriter
	// preload fills shared the first time a unit is type-checked: when
	// every result comes from the cache, no dependency is loaded at all.
	// exportBroken, set by it, is g.broken with the packages whose types
	// could not be loaded and their importers.
	preload      sync.Once
	exportBroken map[*packages.Package]error
}

func newScheduler(g *graph, opts *Options) *scheduler {
	return &scheduler{g: g, opts: opts, sem: make(chan struct{}, opts.Jobs), shared: newSharedImports(), api: newAPIKeys(g.env)}
}

// run processes every unit and waits for all of them.
func (s *scheduler) run() {
	if s.opts.CacheDir != "" {
		s.writer = startCacheWriter(s.opts.CacheDir, len(s.g.order))
		defer s.writer.wait()
	}
	var wg sync.WaitGroup
	for _, u := range slices.Concat(s.g.helpers, s.g.order) {
		wg.Go(func() {
			defer close(u.done)
			for _, d := range slices.Concat(u.srcDeps, u.helperDeps) {
				<-d.done
			}
			s.sem <- struct{}{}
			defer func() { <-s.sem }()
			s.process(u)
		})
	}
	wg.Wait()
}

// process analyses one unit, or takes its result from the cache.
func (s *scheduler) process(u *unit) {
	if err := s.g.broken[u.pkg]; err != nil {
		u.err = err
		return
	}
	for _, d := range u.srcDeps {
		if d.err != nil || d.out == nil {
			u.err = errDependency
			return
		}
	}
	srcs, hash, err := readFiles(u.pkg)
	if err != nil {
		u.err = err
		return
	}
	u.key = cacheKey(u, s.opts.ToolID, hash, s.api)
	if out, ok := readCache(s.opts.CacheDir, u.key); ok {
		u.out, u.cached = out, true
		return
	}
	if err := s.sharedReady()[u.pkg]; err != nil {
		u.err = err
		return
	}
	u.out, u.err = s.analyzeUnit(u, srcs)
	if u.err != nil && u.factsOnly {
		// A dependency that does not type-check here (or trips an
		// analyzer) only loses its facts: its helpers stay unknown
		// code, trusted as before.
		u.out, u.err = &output{}, nil
	}
	if u.err == nil && s.writer != nil {
		s.writer.add(u)
	}
}

// analyzeUnit type-checks a unit, imports the facts of its source
// dependencies, runs the analyzer and serialises the results.
func (s *scheduler) analyzeUnit(u *unit, srcs [][]byte) (*output, error) {
	t, err := typeCheck(u.pkg, srcs, s.env())
	if err != nil {
		return nil, err
	}
	u.typesOnce.Do(func() { u.types = t.pkg })
	fs := newFactSet(t.pkg, s.opts.External)
	visible := s.g.visibleIDs(u.pkg)
	for _, d := range u.srcDeps {
		if visible != nil && visible[d.pkg.PkgPath] != d.pkg.ID {
			continue
		}
		pkg, err := s.typesOf(d)
		if err != nil {
			return nil, err
		}
		facts, err := d.facts.get(pkg, d.out.Facts) // pkg is shared by all importers
		if err != nil {
			return nil, err
		}
		fs.add(pkg, facts)
	}
	if err := s.addHelperFacts(u, fs); err != nil {
		return nil, err
	}
	roots := s.opts.roots()
	analyzers := topoOrder(roots)
	if u.factsOnly {
		analyzers = factAnalyzers(analyzers)
	}
	diags, counts, err := analyze(roots, analyzers, u.pkg, t, fs)
	if err != nil {
		return nil, err
	}
	facts, err := fs.encode()
	if err != nil {
		return nil, err
	}
	out := &output{Facts: facts, Counts: counts}
	for _, d := range diags {
		out.Findings = append(out.Findings, report.FromDiagnostic(t.fset, true, d.analyzer, d.Diagnostic))
	}
	return out, nil
}

// addHelperFacts makes the facts of u's fact units visible to it: they
// are about the packages that u (and every importer) sees from export
// data, which are shared, so each is decoded once.
func (s *scheduler) addHelperFacts(u *unit, fs *factSet) error {
	for _, d := range u.helperDeps {
		if d.out == nil || len(d.out.Facts) == 0 {
			continue
		}
		pkg := s.shared.get(d.pkg.PkgPath)
		if pkg == nil {
			continue
		}
		facts, err := d.facts.get(pkg, d.out.Facts)
		if err != nil {
			return err
		}
		fs.add(pkg, facts)
	}
	return nil
}

// sharedReady loads the shared dependencies once and returns which
// packages are broken.
func (s *scheduler) sharedReady() map[*packages.Package]error {
	s.preload.Do(s.preloadShared)
	return s.exportBroken
}

// preloadShared reads the export data of every dependency that is not a
// source unit, in dependency order, before any unit is type-checked
// (sharedReady): importing writes into the scopes of already imported
// packages, so the shared packages must be complete, and from then on
// read-only, while units are type-checked concurrently. A package whose
// types cannot be loaded breaks itself and its importers (in the same
// pass, which visits dependencies first) only; the error is reported once.
func (s *scheduler) preloadShared() {
	var roots []*packages.Package
	for _, u := range s.g.order {
		roots = append(roots, u.pkg)
	}
	broken := maps.Clone(s.g.broken)
	packages.Visit(roots, nil, func(p *packages.Package) { // dependencies first
		if broken[p] != nil {
			return
		}
		for _, imp := range p.Imports {
			if broken[imp] != nil {
				broken[p] = errDependency // its types refer to the missing one
				return
			}
		}
		if s.g.units[p.ID] != nil || p.PkgPath == "unsafe" {
			return
		}
		if _, err := s.shared.load(p, s.g.export[p.PkgPath]); err != nil {
			s.g.errors = append(s.g.errors, fmt.Errorf("%s: %w", p.ID, err))
			broken[p] = errListed
		}
	})
	s.exportBroken = broken
}

// env is where typeCheck finds the types of dependencies.
func (s *scheduler) env() importEnv {
	return importEnv{
		shared:      s.shared,
		isSource:    func(dep *packages.Package) bool { return s.g.units[dep.ID] != nil },
		sourceTypes: func(dep *packages.Package) (*types.Package, error) { return s.typesOf(s.g.units[dep.ID]) },
		exportFile:  func(dep *packages.Package) string { return s.g.export[dep.PkgPath] },
		visibleIDs:  s.g.visibleIDs,
	}
}

// typesOf returns the types of a finished source unit: those of its
// analysis, or, for a unit whose results came from the cache, its API
// type-checked from source (once, with function bodies ignored: its
// importers see only its API).
func (s *scheduler) typesOf(u *unit) (*types.Package, error) {
	u.typesOnce.Do(func() {
		if err := s.sharedReady()[u.pkg]; err != nil {
			u.typesErr = err
			return
		}
		srcs, _, err := readFiles(u.pkg)
		if err != nil {
			u.typesErr = err
			return
		}
		pkg, err := typeCheckAPI(u.pkg, srcs, s.env())
		if err != nil {
			u.typesErr = err
			return
		}
		u.types = pkg
	})
	return u.types, u.typesErr
}

// errDependency marks a unit not analysed because a dependency failed;
// errListed one whose own errors the result lists already.
var (
	errDependency = errors.New("not analysed: a dependency failed")
	errListed     = errors.New("not analysed: the package has errors")
)

// importIDs maps the path of every package p depends on to the ID of the
// variant it sees (p [p.test] rather than p, in a test).
func importIDs(p *packages.Package) map[string]string {
	ids := make(map[string]string)
	var visit func(q *packages.Package)
	visit = func(q *packages.Package) {
		for _, imp := range q.Imports {
			if _, ok := ids[imp.PkgPath]; !ok {
				ids[imp.PkgPath] = imp.ID
				visit(imp)
			}
		}
	}
	visit(p)
	return ids
}
