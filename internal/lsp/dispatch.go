package lsp

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// codeServerNotInitialized is the LSP error for a request before initialize.
const codeServerNotInitialized = -32002

// handle answers one request or notification. Notifications are handled
// in the order they arrive.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	switch req.Method {
	case protocol.MethodInitialize:
		return withParams(req, s.initialize)
	case protocol.MethodExit:
		s.exitNow()
		return nil, nil
	}
	switch st := s.getState(); {
	case st == uninitialized && !req.Notif:
		return nil, &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "server not initialized"}
	case st == shutDown && !req.Notif:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "server is shut down"}
	case st != running:
		return nil, nil // notifications before initialize or after shutdown are dropped
	}
	switch req.Method {
	case protocol.MethodInitialized:
		s.initialized(conn)
	case protocol.MethodShutdown:
		s.shutdown()
	case protocol.MethodTextDocumentDidOpen:
		return withParams(req, s.didOpen)
	case protocol.MethodTextDocumentDidChange:
		return withParams(req, s.didChange)
	case protocol.MethodTextDocumentDidSave:
		return withParams(req, s.didSave)
	case protocol.MethodTextDocumentDidClose:
		return withParams(req, s.didClose)
	case protocol.MethodWorkspaceDidChangeWatchedFiles:
		return withParams(req, s.didChangeWatchedFiles)
	case protocol.MethodTextDocumentCodeAction:
		return withParams(req, s.codeAction)
	default:
		if !req.Notif {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: fmt.Sprintf("method not supported: %s", req.Method)}
		}
	}
	return nil, nil // other notifications ($/cancelRequest, $/setTrace, ...) need nothing
}

// withParams decodes the parameters of req and calls f with them.
func withParams[P, R any](req *jsonrpc2.Request, f func(*P) (R, error)) (any, error) {
	p := new(P)
	if req.Params != nil {
		if err := json.Unmarshal(*req.Params, p); err != nil {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: fmt.Sprintf("%s: %v", req.Method, err)}
		}
	}
	return f(p)
}
