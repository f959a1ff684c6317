package lsp

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// didChangeWatchedFiles drops the cached packages that the changes on
// disk can affect and analyses the open packages again whose loads were
// dropped or not cached. A change the go command would not see (a file
// it ignores: Emacs's lock files, backups) changes nothing, nor does the
// save of an open file whose content on disk is now what the server
// already analysed. A change of go.work may change every load.
func (s *Server) didChangeWatchedFiles(p *protocol.DidChangeWatchedFilesParams) (any, error) {
	var changed []string
	for _, ch := range p.Changes {
		path, err := uriToPath(ch.URI)
		if err != nil || !watchedName(filepath.Base(path)) {
			continue
		}
		if ch.Type == protocol.FileChangeTypeChanged && s.savedAsOpen(path) {
			continue
		}
		changed = append(changed, path)
	}
	if len(changed) == 0 {
		return nil, nil
	}
	if slices.ContainsFunc(changed, func(path string) bool { return filepath.Base(path) == "go.work" }) {
		s.pipeline.invalidate()
		s.scheduleAll()
		return nil, nil
	}
	dropped := s.pipeline.cache.dropAffected(changed)
	for _, dir := range s.docs.dirs() {
		if slices.Contains(dropped, dir) || !s.pipeline.cache.has(dir) {
			s.sched.schedule(dir)
		}
	}
	s.log.Printf("%d files changed on disk: %d cached loads dropped", len(changed), len(dropped))
	return nil, nil
}

// watchedName reports whether a change of a file of this name can change
// a load: a Go file by the go command's rules, or a module file.
func watchedName(name string) bool {
	return isGoFileName(name) || name == "go.mod" || name == "go.sum" || name == "go.work"
}

// savedAsOpen reports whether the file at path is open and its content on
// disk is the open document's: the editor saved it.
func (s *Server) savedAsOpen(path string) bool {
	d := s.docs.get(filepath.Clean(path))
	if d == nil {
		return false
	}
	disk, err := os.ReadFile(path)
	return err == nil && bytes.Equal(disk, []byte(d.text))
}
