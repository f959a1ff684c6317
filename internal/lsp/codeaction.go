package lsp

import (
	"slices"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// codeAction returns the quick fixes of the diagnostics that overlap the
// requested range. They are offered only while the document is at the
// version analyzed, since their edits are positions in that text.
func (s *Server) codeAction(p *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	actions := []protocol.CodeAction{}
	if len(p.Context.Only) > 0 && !slices.ContainsFunc(p.Context.Only, coversQuickFix) {
		return actions, nil
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return actions, nil
	}
	doc, res := s.docs.get(path), s.results.get(path)
	if doc == nil || res == nil || res.version == nil || *res.version != doc.version {
		return actions, nil
	}
	for _, f := range res.fixes {
		if overlaps(f.diag.Range, p.Range) {
			actions = append(actions, f.action)
		}
	}
	return actions, nil
}

// coversQuickFix reports whether a requested kind includes quick fixes:
// kinds are hierarchical ("quickfix" includes "quickfix.x"; "" all).
func coversQuickFix(kind protocol.CodeActionKind) bool {
	return kind == "" || kind == protocol.CodeActionKindQuickFix
}

// overlaps reports whether two ranges share a position; touching counts,
// so that a cursor at either end of a diagnostic finds it.
func overlaps(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// before reports whether position p comes strictly before q.
func before(p, q protocol.Position) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Character < q.Character
}
