package lsp

import (
	"path/filepath"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// didOpen starts tracking a file and schedules its package.
func (s *Server) didOpen(p *protocol.DidOpenTextDocumentParams) (any, error) {
	doc, err := s.docs.open(p.TextDocument)
	if err != nil {
		s.logMessage(protocol.MessageTypeWarning, err.Error())
		return nil, nil
	}
	s.sched.schedule(filepath.Dir(doc.path))
	return nil, nil
}

// didChange applies an edit and schedules the file's package, which
// cancels its analysis of the text before the edit.
func (s *Server) didChange(p *protocol.DidChangeTextDocumentParams) (any, error) {
	doc, err := s.docs.change(p.TextDocument, p.ContentChanges)
	if err != nil {
		s.logMessage(protocol.MessageTypeError, err.Error())
		return nil, nil
	}
	s.sched.schedule(filepath.Dir(doc.path))
	return nil, nil
}

// didSave schedules every open package: the file on disk changed, and
// packages that import the saved one may have changed findings.
func (s *Server) didSave(p *protocol.DidSaveTextDocumentParams) (any, error) {
	s.scheduleAll()
	return nil, nil
}

// didClose stops tracking a file. Its package is analyzed again if other
// files of it are still open (from now on with the file as on disk);
// otherwise its diagnostics are cleared and its cached packages dropped.
func (s *Server) didClose(p *protocol.DidCloseTextDocumentParams) (any, error) {
	doc, err := s.docs.close(p.TextDocument.URI)
	if err != nil {
		s.log.Print(err)
		return nil, nil
	}
	dir := filepath.Dir(doc.path)
	for _, d := range s.docs.snapshot() {
		if filepath.Dir(d.path) == dir {
			s.sched.schedule(dir)
			return nil, nil
		}
	}
	s.sched.cancel(dir, func() { s.clear(dir) })
	s.pipeline.forget(dir)
	return nil, nil
}

// scheduleAll schedules the package of every open file.
func (s *Server) scheduleAll() {
	for _, dir := range s.docs.dirs() {
		s.sched.schedule(dir)
	}
}
