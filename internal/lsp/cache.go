package lsp

import (
	"context"
	"errors"
	"slices"
	"sync"

	"golang.org/x/tools/go/packages"
)

// depCache keeps the last full load of each directory, so that an edit of
// a directory's files type-checks only its packages again, against the
// dependencies loaded before, as long as nothing they were loaded from
// changed. It is safe for concurrent use.
type depCache struct {
	settings loadSettings
	mu       sync.Mutex
	entries  map[string]*cacheEntry
}

// cacheEntry is the full load of one directory.
type cacheEntry struct {
	// order lists the roots and the dependencies compiled again for the
	// roots' tests (which import a root), dependencies first: the
	// packages to type-check again after an edit.
	order   []*packages.Package
	isRoot  map[*packages.Package]bool
	headers map[string]string // file path → header of the roots' files
	in      *inputs
}

func newDepCache(settings loadSettings) *depCache {
	return &depCache{settings: settings, entries: make(map[string]*cacheEntry)}
}

// load returns the packages of dir with the files in overlay, reusing the
// cached dependencies when they are still right; reused tells which way
// it went. It fails with errNotTypeChecked if a package has errors.
func (c *depCache) load(ctx context.Context, dir string, overlay map[string][]byte) (ld *loaded, reused bool, err error) {
	c.mu.Lock()
	e := c.entries[dir]
	c.mu.Unlock()
	if e != nil && e.in.unchanged(overlay) {
		ld, err := e.reload(overlay)
		if err == nil {
			ld.keep, ld.reparsed = e.keep(), true
		}
		if !errors.Is(err, errStale) {
			return ld, true, err
		}
	}
	c.drop(dir) // before the load, so that the old packages and the new are not both in memory
	full, err := loadDir(ctx, dir, overlay, c.settings)
	var entry *cacheEntry
	if err == nil {
		if entry = newEntry(dir, full, overlay); entry != nil {
			full.keep = entry.keep()
		}
	}
	c.mu.Lock()
	if entry != nil {
		c.entries[dir] = entry
	} else {
		delete(c.entries, dir)
	}
	c.mu.Unlock()
	if err != nil {
		return nil, false, err
	}
	if err := firstErrors(full.roots); err != nil {
		return nil, false, err
	}
	return full, false, nil
}

// drop forgets the entry of dir.
func (c *depCache) drop(dir string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, dir)
}

// invalidate forgets every entry.
func (c *depCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}

// dropAffected forgets the entries that a change on disk of the files at
// paths can make stale (inputs.affectedBy), and returns their directories.
func (c *depCache) dropAffected(paths []string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var dropped []string
	for dir, e := range c.entries {
		if slices.ContainsFunc(paths, e.in.affectedBy) {
			delete(c.entries, dir)
			dropped = append(dropped, dir)
		}
	}
	return dropped
}

// has reports whether dir has an entry.
func (c *depCache) has(dir string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[dir] != nil
}

// keep returns the dependencies that reload type-checks again.
func (e *cacheEntry) keep() map[*packages.Package]bool {
	keep := make(map[*packages.Package]bool)
	for _, p := range e.order {
		if !e.isRoot[p] {
			keep[p] = true
		}
	}
	return keep
}

// reload parses and type-checks the roots again with the cached
// dependencies, and the dependencies that import them. It fails with
// errStale if the roots' files no longer fit their metadata, with
// errNotTypeChecked if the packages do not type-check.
func (e *cacheEntry) reload(overlay map[string][]byte) (*loaded, error) {
	sources := make(map[string][]byte)
	done := make(map[*packages.Package]*packages.Package, len(e.order))
	var roots []*packages.Package
	for _, old := range e.order {
		files := old.Syntax // a dependency's syntax is unchanged; only what it imports is new
		if e.isRoot[old] {
			var err error
			if files, err = parseRoot(old, e.headers, overlay, sources); err != nil {
				return nil, err
			}
		}
		n, err := retypecheck(old, files, done)
		if err != nil {
			return nil, err
		}
		done[old] = n
		if e.isRoot[old] {
			roots = append(roots, n)
		}
	}
	return &loaded{roots: roots, sources: sources}, nil
}

// newEntry returns the cache entry of a full load of dir, or nil if it
// cannot serve edits: a dependency has errors, or a root uses cgo.
func newEntry(dir string, full *loaded, overlay map[string][]byte) *cacheEntry {
	e := &cacheEntry{isRoot: make(map[*packages.Package]bool), headers: make(map[string]string)}
	for _, r := range full.roots {
		e.isRoot[r] = true
		if !slices.Equal(r.GoFiles, r.CompiledGoFiles) {
			return nil
		}
		for _, f := range r.Syntax {
			path := r.Fset.File(f.Pos()).Name()
			e.headers[path] = header(f, full.sources[path])
		}
	}
	reaches := make(map[*packages.Package]bool) // imports a root, directly or not
	var deps, recheck []*packages.Package
	ok := true
	packages.Visit(full.roots, nil, func(p *packages.Package) { // dependencies first
		for _, imp := range p.Imports {
			reaches[p] = reaches[p] || e.isRoot[imp] || reaches[imp]
		}
		if e.isRoot[p] {
			return
		}
		deps = append(deps, p)
		ok = ok && len(p.Errors) == 0
		if reaches[p] {
			recheck = append(recheck, p)
		}
	})
	if !ok {
		return nil
	}
	e.order = inImportOrder(append(slices.Clone(full.roots), recheck...))
	e.in = recordInputs(dir, full.roots, deps, overlay)
	return e
}

// inImportOrder sorts pkgs so that each comes after those of pkgs it
// imports.
func inImportOrder(pkgs []*packages.Package) []*packages.Package {
	var out []*packages.Package
	placed := make(map[*packages.Package]bool)
	for len(out) < len(pkgs) {
		for _, p := range pkgs {
			if placed[p] {
				continue
			}
			ready := true
			for _, imp := range p.Imports {
				ready = ready && (placed[imp] || !slices.Contains(pkgs, imp))
			}
			if ready {
				placed[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
