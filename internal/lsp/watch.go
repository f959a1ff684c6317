package lsp

import protocol "github.com/tliron/glsp/protocol_3_16"

// didChangeWatchedFiles drops the cached packages, since files changed on
// disk, and schedules every open package.
func (s *Server) didChangeWatchedFiles(p *protocol.DidChangeWatchedFilesParams) (any, error) {
	if len(p.Changes) > 0 {
		s.pipeline.invalidate()
		s.scheduleAll()
	}
	return nil, nil
}
