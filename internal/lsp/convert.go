package lsp

import (
	"go/token"
	"os"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
)

// fileFindings are the protocol form of the findings in one file.
type fileFindings struct {
	diags []protocol.Diagnostic
	fixes []quickFix
}

// quickFix is a code action that fixes one diagnostic.
type quickFix struct {
	diag   protocol.Diagnostic
	action protocol.CodeAction
}

// converter turns findings into protocol diagnostics and code actions,
// computing UTF-16 positions from the content of each file as it was
// analyzed.
type converter struct {
	severity protocol.DiagnosticSeverity
	content  func(path string) ([]byte, error)
	uriOf    func(path string) string
	mappers  map[string]*mapper
}

// location returns the file, URI and range of [p, end); an end in
// another file is p. ok is false if p is not in a readable file.
func (c *converter) location(p, end token.Position) (path string, loc protocol.Location, ok bool) {
	if !p.IsValid() || p.Filename == "" {
		return "", loc, false
	}
	m := c.mappers[p.Filename]
	if m == nil {
		content, err := c.content(p.Filename)
		if err != nil {
			return "", loc, false
		}
		m = newMapper(content)
		c.mappers[p.Filename] = m
	}
	endOff := p.Offset
	if end.IsValid() && end.Filename == p.Filename {
		endOff = max(end.Offset, p.Offset)
	}
	loc = protocol.Location{URI: c.uriOf(p.Filename), Range: m.lspRange(p.Offset, endOff)}
	return p.Filename, loc, true
}

// convert adds f to the findings by file path in out.
func (c *converter) convert(f report.Finding, out map[string]*fileFindings) {
	path, loc, ok := c.location(f.Posn, f.End)
	if !ok {
		return
	}
	severity := c.severity
	source := f.Rule
	d := protocol.Diagnostic{
		Range:    loc.Range,
		Severity: &severity,
		Code:     &protocol.IntegerOrString{Value: f.Rule},
		Source:   &source,
		Message:  f.Message,
	}
	if f.URL != "" {
		d.CodeDescription = &protocol.CodeDescription{HRef: f.URL}
	}
	for _, r := range f.Related {
		if _, rloc, ok := c.location(r.Posn, r.End); ok {
			d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{Location: rloc, Message: r.Message})
		}
	}
	ff := out[path]
	if ff == nil {
		ff = new(fileFindings)
		out[path] = ff
	}
	ff.diags = append(ff.diags, d)
	for _, fix := range f.Fixes {
		if action, ok := c.codeAction(d, fix, len(f.Fixes) == 1); ok {
			ff.fixes = append(ff.fixes, quickFix{diag: d, action: action})
		}
	}
}

// codeAction returns the quick fix that applies fix to the files.
func (c *converter) codeAction(d protocol.Diagnostic, fix report.Fix, preferred bool) (protocol.CodeAction, bool) {
	changes := make(map[protocol.DocumentUri][]protocol.TextEdit)
	for _, e := range fix.Edits {
		_, loc, ok := c.location(e.Posn, e.End)
		if !ok {
			return protocol.CodeAction{}, false // a fix is applied whole or not at all
		}
		changes[loc.URI] = append(changes[loc.URI], protocol.TextEdit{Range: loc.Range, NewText: e.NewText})
	}
	kind := protocol.CodeActionKindQuickFix
	return protocol.CodeAction{
		Title:       fix.Message,
		Kind:        &kind,
		Diagnostics: []protocol.Diagnostic{d},
		IsPreferred: &preferred,
		Edit:        &protocol.WorkspaceEdit{Changes: changes},
	}, true
}

// protocolSeverity is the diagnostic severity of s.
func protocolSeverity(s report.Severity) protocol.DiagnosticSeverity {
	if s == report.SeverityError {
		return protocol.DiagnosticSeverityError
	}
	return protocol.DiagnosticSeverityWarning
}

// convertAll converts found, by file path.
func convertAll(c *converter, found []report.Finding) map[string]*fileFindings {
	out := make(map[string]*fileFindings)
	for _, f := range found {
		c.convert(f, out)
	}
	return out
}

// readContent reads a file from disk: the fallback for files that were
// neither parsed in the root directory nor open.
func readContent(path string) ([]byte, error) { return os.ReadFile(path) }
