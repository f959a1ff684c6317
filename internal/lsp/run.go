package lsp

import (
	"context"
	"fmt"
	"runtime/debug"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// runAnalysis is the scheduler's job for dir: it analyzes the package with
// the open documents as they are now and publishes the findings, unless
// a newer edit overtook it. A panic ends only this run, with no findings.
func (s *Server) runAnalysis(ctx context.Context, dir string, gen uint64) {
	docs := s.docs.snapshot()
	found, err := s.safeAnalyze(ctx, dir, docs)
	if ctx.Err() != nil {
		return // overtaken by an edit, or shutting down
	}
	if err != nil {
		s.logMessage(protocol.MessageTypeError, fmt.Sprintf("bodyclosecheck: %s: %v", dir, err))
	}
	s.sched.commit(dir, gen, func() { s.publish(dir, docs, found) })
}

// safeAnalyze calls the analyzer, turning a panic into an error with no
// findings.
func (s *Server) safeAnalyze(ctx context.Context, dir string, docs []*document) (found map[string]*fileFindings, err error) {
	defer func() {
		if r := recover(); r != nil {
			found, err = nil, fmt.Errorf("internal error: %v\n%s", r, debug.Stack())
		}
	}()
	return s.analyzer(ctx, dir, docs)
}
