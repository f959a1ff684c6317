package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The tests in this file run a server in-process with a fake analysis
// that the test controls, and a fake client that records publications.
// They run in a synctest bubble (inBubble): the clock is fake, so a
// debounce takes no time and a wait for what must not happen is exact.

const (
	testDir = "/work/fake/pkg"
	testURI = "file:///work/fake/pkg/a.go"
)

// fakeClient records the diagnostics published to it.
type fakeClient struct {
	pubs chan protocol.PublishDiagnosticsParams
}

func (c *fakeClient) Notify(ctx context.Context, method string, params any, opts ...jsonrpc2.CallOption) error {
	if method == protocol.ServerTextDocumentPublishDiagnostics {
		c.pubs <- params.(protocol.PublishDiagnosticsParams)
	}
	return nil
}

// analysisCall is one call of the fake analysis: the documents it saw,
// and where the test sends what it does next (it may panic).
type analysisCall struct {
	docs  []*document
	reply chan func() map[string]*fileFindings
}

// fakeAnalysis hands each call to the test.
type fakeAnalysis struct{ calls chan analysisCall }

func (f *fakeAnalysis) analyze(ctx context.Context, dir string, docs []*document) (map[string]*fileFindings, error) {
	c := analysisCall{docs: docs, reply: make(chan func() map[string]*fileFindings)}
	f.calls <- c
	return (<-c.reply)(), nil
}

// newTestServer returns an initialized server with a fake analysis.
func newTestServer(t *testing.T, debounce time.Duration) (*Server, *fakeAnalysis, *fakeClient) {
	s := New(Options{Debounce: debounce})
	fa := &fakeAnalysis{calls: make(chan analysisCall, 10)}
	fc := &fakeClient{pubs: make(chan protocol.PublishDiagnosticsParams, 100)}
	s.analyzer = fa.analyze
	go s.out.run(fc)
	t.Cleanup(func() { s.out.close(waitTimeout) })
	if _, err := s.initialize(&protocol.InitializeParams{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.sched.stop)
	return s, fa, fc
}

func (f *fakeAnalysis) next(t *testing.T) analysisCall {
	t.Helper()
	select {
	case c := <-f.calls:
		return c
	case <-time.After(waitTimeout):
		t.Fatal("timed out waiting for an analysis")
	}
	return analysisCall{}
}

// version returns the version of a.go that call saw.
func (c analysisCall) version() int32 { return c.docs[0].version }

// finish makes the call return one finding naming the version it saw,
// with a quick fix.
func (c analysisCall) finish() {
	v := c.version()
	c.reply <- func() map[string]*fileFindings { return findingFor(v) }
}

// findingFor returns a finding in a.go whose message names version v.
func findingFor(v int32) map[string]*fileFindings {
	d := protocol.Diagnostic{
		Range:   protocol.Range{Start: protocol.Position{Line: 2, Character: 1}, End: protocol.Position{Line: 2, Character: 9}},
		Message: fmt.Sprintf("leak seen in version %d", v),
	}
	kind := protocol.CodeActionKindQuickFix
	action := protocol.CodeAction{Title: fmt.Sprintf("fix %d", v), Kind: &kind}
	return map[string]*fileFindings{filepath.Join(testDir, "a.go"): {
		diags: []protocol.Diagnostic{d}, fixes: []quickFix{{diag: d, action: action}}}}
}

func nextPublish(t *testing.T, fc *fakeClient) protocol.PublishDiagnosticsParams {
	t.Helper()
	select {
	case p := <-fc.pubs:
		return p
	case <-time.After(waitTimeout):
		t.Fatal("timed out waiting for diagnostics")
	}
	return protocol.PublishDiagnosticsParams{}
}

// expectNoPublish checks that nothing was published and nothing is on its
// way: every goroutine of the bubble is blocked, and no timer fires for a
// second more.
func expectNoPublish(t *testing.T, fc *fakeClient) {
	t.Helper()
	quiesce()
	select {
	case p := <-fc.pubs:
		t.Fatalf("unexpected publication of version %v: %+v", *p.Version, p.Diagnostics)
	default:
	}
}

// quiesce returns once the goroutines of the test's bubble are blocked
// and every timer due within a second has fired: what has not happened by
// then never will, without a new event.
func quiesce() {
	synctest.Wait()
	time.Sleep(time.Second)
	synctest.Wait()
}

// inBubble runs test in a synctest bubble.
func inBubble(test func(t *testing.T)) func(t *testing.T) {
	return func(t *testing.T) { synctest.Test(t, test) }
}

func open(s *Server, v int32) {
	s.didOpen(&protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: testURI, Version: v, Text: "v1"}})
}

func change(s *Server, v int32) {
	s.didChange(&protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: testURI}, Version: v},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: fmt.Sprint("v", v)}},
	})
}

// checkPublished checks a publication of a.go at version v with the
// finding of version v.
func checkPublished(t *testing.T, p protocol.PublishDiagnosticsParams, v int32) {
	t.Helper()
	want := fmt.Sprintf("leak seen in version %d", v)
	if p.URI != testURI || p.Version == nil || *p.Version != protocol.UInteger(v) || len(p.Diagnostics) != 1 || p.Diagnostics[0].Message != want {
		t.Fatalf("published %+v, want version %d with %q", p, v, want)
	}
}
