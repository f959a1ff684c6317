package lsp

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestLSPIgnoredFilesKeepCache checks that files the go command ignores
// do not make a cached load stale: Emacs's lock file (.#p.go, a link to
// nowhere) and backup (p.go~), a file starting with "_", and a
// directory named like a Go file; while a new Go file does.
func TestLSPIgnoredFilesKeepCache(t *testing.T) {
	mod := writeFiles(t, cacheModule)
	ct := newCacheTest(t, mod)
	orig := cacheModule["p/p.go"]
	ct.step(orig, false)
	if err := os.Symlink("user@host.1234:1700000000", filepath.Join(ct.dir, ".#p.go")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"p.go~", "#p.go#", "_scratch.go"} {
		if err := os.WriteFile(filepath.Join(ct.dir, name), []byte("package p\n\nfunc Scratch() {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(ct.dir, "dir.go"), 0o755); err != nil {
		t.Fatal(err)
	}
	ct.step(orig+"\nvar edited = 1\n", true) // the first edit after Emacs locked the file
	ct.extra = map[string][]byte{filepath.Join(ct.dir, ".#q.go"): []byte("package p\n")}
	ct.step(orig, true) // not even open in the editor
	ct.extra = nil
	if err := os.WriteFile(filepath.Join(ct.dir, "q.go"), []byte("package p\n\nfunc Q() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct.step(orig, false)
}

// TestLSPSavedDependencyKeepsCache checks that saving an open dependency
// whose content the load already took from the editor keeps the load:
// the file on disk changed, but not what was analysed.
func TestLSPSavedDependencyKeepsCache(t *testing.T) {
	mod := writeFiles(t, cacheModule)
	ct := newCacheTest(t, mod)
	depGo := filepath.Join(mod, "dep", "dep.go")
	edited := cacheModule["dep/dep.go"] + "\nfunc Unsaved() {}\n"
	ct.extra = map[string][]byte{depGo: []byte(edited)}
	ct.step("", false)
	if err := os.WriteFile(depGo, []byte(edited), 0o644); err != nil { // the editor saves it
		t.Fatal(err)
	}
	ct.step("", true)
}

// TestLSPDropAffected checks which cached loads a change on disk drops:
// those of the changed file's directory, of packages loaded from it, and
// of packages with dependencies beside a new file; not the others.
func TestLSPDropAffected(t *testing.T) {
	files := map[string]string{"q/q.go": "package q\n\nfunc Q() {}\n"}
	for k, v := range cacheModule {
		files[k] = v
	}
	mod := writeFiles(t, files)
	ct := newCacheTest(t, mod)
	ct.step("", false)
	q := newCacheTest(t, mod)
	q.c, q.dir = ct.c, filepath.Join(mod, "q")
	q.step("", false)
	pDir, qDir := ct.dir, q.dir
	for _, tc := range []struct {
		changed string
		want    []string
	}{
		{filepath.Join(mod, "other", "x.go"), nil},
		{filepath.Join(mod, "dep", "dep.go"), []string{pDir}},
		{filepath.Join(mod, "dep", "new.go"), []string{pDir}},
		{filepath.Join(qDir, "q.go"), []string{qDir}},
		{filepath.Join(mod, "go.mod"), []string{pDir, qDir}},
	} {
		ct.step("", true) // loads p again if it was dropped, reusing nothing
		q.step("", true)
		got := ct.c.dropAffected([]string{tc.changed})
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s changed: dropped %v, want %v", tc.changed, got, tc.want)
		}
		for _, dir := range tc.want {
			if dir == pDir {
				ct.step("", false)
			} else {
				q.step("", false)
			}
		}
	}
}

// TestLSPWatchedFilesFilter checks what didChangeWatchedFiles ignores: a
// file the go command ignores, and the save of an open file whose content
// on disk is what the editor has; and that another change drops the
// cached load and schedules the package.
func TestLSPWatchedFilesFilter(t *testing.T) { inBubble(testWatchedFilesFilter)(t) }

func testWatchedFilesFilter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.go")
	if err := os.WriteFile(path, []byte("package a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, fa, _ := newTestServer(t, -1)
	uri := pathToURI(path)
	s.didOpen(&protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, Version: 1, Text: "package a\n"}})
	fa.next(t).finish()
	s.pipeline.cache.entries[dir] = &cacheEntry{in: &inputs{dirPath: dir}} // as after a load
	change := func(uri string, typ protocol.UInteger) {
		s.didChangeWatchedFiles(&protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri, Type: typ}}})
	}
	change(pathToURI(filepath.Join(dir, ".#a.go")), protocol.FileChangeTypeCreated)
	change(pathToURI(filepath.Join(dir, "a.go~")), protocol.FileChangeTypeCreated)
	change(uri, protocol.FileChangeTypeChanged) // saved: disk and editor agree
	quiesce()
	if !s.pipeline.cache.has(dir) || len(fa.calls) != 0 {
		t.Fatalf("ignored changes: cached load kept %v, %d analyses; want kept, none", s.pipeline.cache.has(dir), len(fa.calls))
	}
	if err := os.WriteFile(path, []byte("package a\n\nfunc F() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	change(uri, protocol.FileChangeTypeChanged) // changed behind the editor's back
	fa.next(t).finish()
	if s.pipeline.cache.has(dir) {
		t.Error("a change on disk kept the cached load")
	}
}
