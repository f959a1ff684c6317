package lsp

import (
	"context"
	"errors"
	"go/types"
	"log"
	"path/filepath"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// pipeline loads, analyzes and converts the package of a directory.
type pipeline struct {
	analyzers []*analysis.Analyzer // recovering copies, replaying from memo
	memo      *actionMemo
	cache     *depCache
	log       *log.Logger
	severity  protocol.DiagnosticSeverity
}

// newPipeline returns the pipeline for opts.
func newPipeline(opts Options, logger *log.Logger) *pipeline {
	memo := newActionMemo()
	return &pipeline{
		analyzers: recovering(opts.Analyzers, memo),
		memo:      memo,
		cache:     newDepCache(loadSettings{buildFlags: opts.BuildFlags, env: opts.Env}),
		log:       logger,
		severity:  protocolSeverity(opts.Severity),
	}
}

// analyze computes the findings of the package in dir, by file path, with
// the content of the open documents docs. A package that does not load
// or type-check has no findings; a failure of the analyzers is returned
// with the findings of the packages on which they succeeded.
func (p *pipeline) analyze(ctx context.Context, dir string, docs []*document) (map[string]*fileFindings, error) {
	t0 := time.Now()
	overlay := make(map[string][]byte, len(docs))
	open := make(map[string]*document, len(docs))
	for _, d := range docs {
		overlay[d.path] = []byte(d.text)
		open[d.path] = d
	}
	ld, reused, err := p.cache.load(ctx, dir, overlay)
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, errNotTypeChecked):
		p.log.Printf("%s: no findings: %v", dir, err)
		return nil, nil
	case err != nil:
		return nil, err
	}
	t1 := time.Now()
	res, err := analyze(p.analyzers, ld.roots)
	p.memo.retain(dir, depTypes(ld.roots))
	if res == nil {
		return nil, err
	}
	p.release(ld, res.unsettled)
	found := res.found
	c := &converter{
		severity: p.severity,
		content:  contentSource(ld.sources, overlay),
		uriOf:    uriSource(open),
		mappers:  make(map[string]*mapper),
	}
	out := convertAll(c, found)
	ld.discard()
	how := "full load"
	if reused {
		how = "cached dependencies"
	}
	p.log.Printf("%s: %d findings (%s %v, analysis %v)", dir, len(found), how, t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
	return out, err
}

// contentSource returns the content of a file as it was analyzed: as
// parsed, else as open in the editor, else as on disk.
func contentSource(parsed, overlay map[string][]byte) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		if b, ok := parsed[path]; ok {
			return b, nil
		}
		if b, ok := overlay[path]; ok {
			return b, nil
		}
		return readContent(path)
	}
}

// uriSource returns the URI of a file: the client's for an open one.
func uriSource(open map[string]*document) func(string) string {
	return func(path string) string {
		if d := open[filepath.Clean(path)]; d != nil {
			return d.uri
		}
		return pathToURI(path)
	}
}

// invalidate forgets cached packages.
func (p *pipeline) invalidate() { p.cache.invalidate() }

// forget drops what is kept for the next analysis of dir.
func (p *pipeline) forget(dir string) {
	p.cache.drop(dir)
	p.memo.retain(dir, nil)
}

// release drops the syntax and type information of the dependencies of
// ld that the next analysis will neither type-check again nor run an
// analyzer on (every action on them succeeded, so the memo replays them),
// and the results of the actions on them: the memo's facts and the
// packages' types are all that later edits use. This is most of the
// memory of a load, which would otherwise stay until the next full load.
func (p *pipeline) release(ld *loaded, unsettled map[*packages.Package]bool) {
	isRoot := make(map[*packages.Package]bool)
	for _, r := range ld.roots {
		isRoot[r] = true
	}
	packages.Visit(ld.roots, nil, func(dep *packages.Package) {
		if isRoot[dep] || ld.keep[dep] || unsettled[dep] || dep.Syntax == nil {
			return
		}
		dep.Syntax, dep.TypesInfo = nil, nil
		p.memo.release(dep.Types)
	})
}

// depTypes returns the types of the dependencies of roots.
func depTypes(roots []*packages.Package) map[*types.Package]bool {
	isRoot := make(map[*packages.Package]bool)
	for _, r := range roots {
		isRoot[r] = true
	}
	deps := make(map[*types.Package]bool)
	packages.Visit(roots, nil, func(p *packages.Package) {
		if !isRoot[p] {
			deps[p.Types] = true
		}
	})
	return deps
}
