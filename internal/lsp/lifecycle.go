package lsp

import (
	"context"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// initialize records what the client can do and advertises the server's
// capabilities: full document sync with open/close and save, and quick
// fixes.
func (s *Server) initialize(p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != uninitialized {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize sent twice"}
	}
	s.state = running
	if w := p.Capabilities.Workspace; w != nil && w.DidChangeWatchedFiles != nil {
		dyn := w.DidChangeWatchedFiles.DynamicRegistration
		s.watchRegistered = dyn != nil && *dyn
	}
	yes, no := true, false
	sync := protocol.TextDocumentSyncKindFull
	var version *string
	if s.opts.Version != "" {
		version = &s.opts.Version
	}
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: &yes,
				Change:    &sync,
				Save:      protocol.SaveOptions{IncludeText: &no},
			},
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix},
			},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: s.name(), Version: version},
	}, nil
}

// name returns the server name reported to the client.
func (s *Server) name() string {
	if s.opts.Name != "" {
		return s.opts.Name
	}
	return "bodyclosecheck"
}

// initialized asks the client to watch the files whose change on disk
// changes what packages contain: Go files, go.mod, go.sum and go.work.
// The registration is a request to the client, so it is sent from its own
// goroutine: the connection reads the answer only after this returns.
func (s *Server) initialized(conn *jsonrpc2.Conn) {
	s.mu.Lock()
	register := s.watchRegistered
	s.mu.Unlock()
	if !register {
		return
	}
	var watchers []protocol.FileSystemWatcher
	for _, glob := range []string{"**/*.go", "**/go.mod", "**/go.sum", "**/go.work"} {
		watchers = append(watchers, protocol.FileSystemWatcher{GlobPattern: glob})
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "bodyclosecheck-watch",
		Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
	}}}
	go func() {
		if err := conn.Call(context.Background(), protocol.ServerClientRegisterCapability, params, nil); err != nil {
			s.log.Printf("registering file watchers: %v", err)
		}
	}()
}

// shutdown stops all analyses; the server then only waits for exit.
func (s *Server) shutdown() {
	s.mu.Lock()
	s.state = shutDown
	s.mu.Unlock()
	s.sched.stop()
}

// exitNow makes Serve return: with 0 after shutdown, 1 without.
func (s *Server) exitNow() {
	code := 1
	if s.getState() == shutDown {
		code = 0
	}
	select {
	case s.exit <- code:
	default:
	}
}
