package lsp

import (
	"path/filepath"
	"sort"
	"sync"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// fileResult is what was last published for one file.
type fileResult struct {
	uri     string
	version *int32 // the version of the open document analyzed; nil if not open
	diags   []protocol.Diagnostic
	fixes   []quickFix
}

// resultStore holds the published results, by package directory and file
// path, for code actions. It is safe for concurrent use.
type resultStore struct {
	mu    sync.Mutex
	byDir map[string]map[string]*fileResult
}

func newResultStore() *resultStore {
	return &resultStore{byDir: make(map[string]map[string]*fileResult)}
}

// replace sets the results of dir (nil: none) and returns the old ones.
func (r *resultStore) replace(dir string, next map[string]*fileResult) map[string]*fileResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	prev := r.byDir[dir]
	if next == nil {
		delete(r.byDir, dir)
	} else {
		r.byDir[dir] = next
	}
	return prev
}

// get returns the results of the file at path, or nil.
func (r *resultStore) get(path string) *fileResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byDir[filepath.Dir(path)][path]
}

// publish sends the findings of an analysis of dir made with the open
// documents docs, if those documents are still current: for every open
// file of dir, every file with findings, and every file that had findings
// before (now none). It runs under the scheduler's lock (see commit).
func (s *Server) publish(dir string, docs []*document, found map[string]*fileFindings) {
	if !s.docs.sameIn(dir, docs) {
		return // an edit, open or close raced the commit; a newer run follows
	}
	next := make(map[string]*fileResult)
	for _, d := range docs {
		if filepath.Dir(d.path) == dir {
			v := d.version
			next[d.path] = &fileResult{uri: d.uri, version: &v}
		}
	}
	for path, ff := range found {
		if filepath.Dir(path) != dir {
			continue // not a file of this package (a cgo-generated file, say)
		}
		r := next[path]
		if r == nil {
			r = &fileResult{uri: pathToURI(path)}
			next[path] = r
		}
		r.diags, r.fixes = ff.diags, ff.fixes
	}
	prev := s.results.replace(dir, next)
	for path, r := range prev {
		if next[path] == nil {
			s.send(&fileResult{uri: r.uri})
		}
	}
	for _, path := range sortedKeys(next) {
		s.send(next[path])
	}
}

// clear withdraws every diagnostic published for dir.
func (s *Server) clear(dir string) {
	prev := s.results.replace(dir, nil)
	for _, path := range sortedKeys(prev) {
		s.send(&fileResult{uri: prev[path].uri})
	}
}

// send publishes the diagnostics of one file; an empty list clears them.
func (s *Server) send(r *fileResult) {
	params := protocol.PublishDiagnosticsParams{URI: r.uri, Diagnostics: r.diags}
	if params.Diagnostics == nil {
		params.Diagnostics = []protocol.Diagnostic{}
	}
	if r.version != nil {
		v := protocol.UInteger(*r.version)
		params.Version = &v
	}
	s.notify(protocol.ServerTextDocumentPublishDiagnostics, params)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
