package lsp

import (
	"context"
	"io"
	"log"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// notifier sends notifications to the client; *jsonrpc2.Conn is one.
type notifier interface {
	Notify(ctx context.Context, method string, params any, opts ...jsonrpc2.CallOption) error
}

// state is where the server is in its lifecycle.
type state int

const (
	uninitialized state = iota
	running
	shutDown
)

// analyzeFunc computes the findings, by file path, of the package in dir
// with the open documents docs.
type analyzeFunc func(ctx context.Context, dir string, docs []*document) (map[string]*fileFindings, error)

// Server is a language server for one client. Create it with New and run
// it with Serve.
type Server struct {
	opts     Options
	log      *log.Logger
	docs     *documents
	sched    *scheduler
	results  *resultStore
	pipeline *pipeline
	analyzer analyzeFunc // pipeline.analyze, replaced in tests
	out      *outbox
	exit     chan int

	mu              sync.Mutex
	state           state
	watchRegistered bool // the client will send didChangeWatchedFiles
}

// New returns a server configured by opts.
func New(opts Options) *Server {
	s := &Server{
		opts:    opts,
		log:     opts.logger(),
		docs:    newDocuments(),
		results: newResultStore(),
		out:     newOutbox(opts.logger()),
		exit:    make(chan int, 1),
	}
	s.pipeline = newPipeline(opts, s.log)
	s.analyzer = s.pipeline.analyze
	s.sched = newScheduler(opts.debounce(), 1, s.runAnalysis)
	return s
}

// Serve answers the client on stream until it sends exit or hangs up,
// and returns the exit code the protocol asks for: 0 after shutdown and
// exit, 1 otherwise.
func (s *Server) Serve(ctx context.Context, stream io.ReadWriteCloser) int {
	ready := make(chan struct{})
	handler := jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		<-ready
		return s.handle(ctx, conn, req)
	})
	conn := jsonrpc2.NewConn(ctx, newTolerantStream(stream, s.log),
		handler.SuppressErrClosed(), jsonrpc2.SetLogger(s.log))
	go s.out.run(conn)
	close(ready)
	code := 1
	select {
	case code = <-s.exit:
	case <-conn.DisconnectNotify():
		s.log.Print("client hung up without exit")
	case <-ctx.Done():
	}
	s.sched.stop()
	s.out.close(5 * time.Second)
	conn.Close()
	return code
}

// notify queues a notification to the client.
func (s *Server) notify(method string, params any) { s.out.push(method, params) }

// getState returns the lifecycle state.
func (s *Server) getState() state {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// logMessage logs msg and shows it in the client's log.
func (s *Server) logMessage(typ protocol.MessageType, msg string) {
	s.log.Print(msg)
	s.notify(protocol.ServerWindowLogMessage, protocol.LogMessageParams{Type: typ, Message: msg})
}
