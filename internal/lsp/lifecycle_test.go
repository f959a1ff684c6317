package lsp

import (
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func protoVersioned(v int32) protocol.VersionedTextDocumentIdentifier {
	return protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: testURI}, Version: v}
}

// TestLSPPanicCodeActionClose checks that a panicking analysis publishes an
// empty list and leaves the server working, that quick fixes are offered
// for the analyzed version only, and that closing the last file of a
// package clears its diagnostics.
func TestLSPPanicCodeActionClose(t *testing.T) { inBubble(testPanicCodeActionClose)(t) }

func testPanicCodeActionClose(t *testing.T) {
	s, fa, fc := newTestServer(t, -1)
	open(s, 1)
	fa.next(t).reply <- func() map[string]*fileFindings { panic("boom") }
	if p := nextPublish(t, fc); p.Diagnostics == nil || len(p.Diagnostics) != 0 {
		t.Fatalf("after a panic: published %+v, want an empty list", p)
	}
	change(s, 2)
	fa.next(t).finish()
	checkPublished(t, nextPublish(t, fc), 2)

	at := func(line, chr protocol.UInteger) []protocol.CodeAction {
		pos := protocol.Position{Line: line, Character: chr}
		actions, err := s.codeAction(&protocol.CodeActionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: testURI},
			Range:        protocol.Range{Start: pos, End: pos},
		})
		if err != nil || actions == nil {
			t.Fatalf("codeAction: %v, %v", actions, err)
		}
		return actions
	}
	if got := at(2, 4); len(got) != 1 || got[0].Title != "fix 2" {
		t.Errorf("actions inside the finding = %+v, want fix 2", got)
	}
	if got := at(5, 0); len(got) != 0 {
		t.Errorf("actions away from the finding = %+v, want none", got)
	}
	if _, err := s.docs.change(protoVersioned(3), nil); err != nil {
		t.Fatal(err)
	}
	if got := at(2, 4); len(got) != 0 {
		t.Errorf("actions for an edited document = %+v, want none until it is analyzed", got)
	}

	s.didClose(&protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: testURI}})
	if p := nextPublish(t, fc); p.URI != testURI || len(p.Diagnostics) != 0 || p.Diagnostics == nil {
		t.Errorf("after didClose: %+v, want an empty list for a.go", p)
	}
}
