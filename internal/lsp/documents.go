package lsp

import (
	"fmt"
	"path/filepath"
	"sort"
	"sync"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// document is the state of one open file as the client sees it.
type document struct {
	uri     string // as the client spells it
	path    string // absolute, cleaned
	version int32
	text    string
}

// documents holds the open files. It is safe for concurrent use.
type documents struct {
	mu     sync.Mutex
	byPath map[string]*document
}

func newDocuments() *documents {
	return &documents{byPath: make(map[string]*document)}
}

// open records a newly opened file.
func (d *documents) open(item protocol.TextDocumentItem) (*document, error) {
	path, err := uriToPath(item.URI)
	if err != nil {
		return nil, err
	}
	doc := &document{uri: item.URI, path: path, version: item.Version, text: item.Text}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byPath[path] = doc
	return doc, nil
}

// change applies the content changes of one didChange notification.
func (d *documents) change(id protocol.VersionedTextDocumentIdentifier, changes []any) (*document, error) {
	path, err := uriToPath(id.URI)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	old := d.byPath[path]
	if old == nil {
		return nil, fmt.Errorf("didChange for %s, which is not open", id.URI)
	}
	text, err := applyChanges(old.text, changes)
	if err != nil {
		return nil, fmt.Errorf("didChange for %s: %v", id.URI, err)
	}
	doc := &document{uri: old.uri, path: path, version: id.Version, text: text}
	d.byPath[path] = doc
	return doc, nil
}

// close forgets a file and returns its last state.
func (d *documents) close(uri string) (*document, error) {
	path, err := uriToPath(uri)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	doc := d.byPath[path]
	if doc == nil {
		return nil, fmt.Errorf("didClose for %s, which is not open", uri)
	}
	delete(d.byPath, path)
	return doc, nil
}

// get returns the open file at path, or nil.
func (d *documents) get(path string) *document {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.byPath[path]
}

// snapshot returns the open files, sorted by path. Documents are
// immutable, so the snapshot stays consistent while the files change.
func (d *documents) snapshot() []*document {
	d.mu.Lock()
	defer d.mu.Unlock()
	docs := make([]*document, 0, len(d.byPath))
	for _, doc := range d.byPath {
		docs = append(docs, doc)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].path < docs[j].path })
	return docs
}

// dirs returns the directories that hold open files: the keys of the
// packages to analyze.
func (d *documents) dirs() []string {
	seen := make(map[string]bool)
	var dirs []string
	for _, doc := range d.snapshot() {
		if dir := filepath.Dir(doc.path); !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// sameIn reports whether the open files of dir are exactly those of dir in
// snap, at the same versions. Documents are replaced, never modified, so
// identity is enough.
func (d *documents) sameIn(dir string, snap []*document) bool {
	want := make(map[*document]bool)
	for _, doc := range snap {
		if filepath.Dir(doc.path) == dir {
			want[doc] = true
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for path, doc := range d.byPath {
		if filepath.Dir(path) != dir {
			continue
		}
		if !want[doc] {
			return false
		}
		n++
	}
	return n == len(want)
}
