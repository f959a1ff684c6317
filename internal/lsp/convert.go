package lsp

import (
	"go/token"
	"os"

	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/go/analysis"
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

// converter turns analysis diagnostics into protocol ones, computing
// UTF-16 positions from the content of each file as it was analyzed.
type converter struct {
	fset    *token.FileSet
	content func(path string) ([]byte, error)
	uriOf   func(path string) string
	mappers map[string]*mapper
}

// location returns the file, URI and range of [pos, end); end may be
// NoPos. ok is false if the position is not in a readable file.
func (c *converter) location(pos, end token.Pos) (path string, loc protocol.Location, ok bool) {
	p := c.fset.PositionFor(pos, false)
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
	if e := c.fset.PositionFor(end, false); end.IsValid() && e.Filename == p.Filename {
		endOff = max(e.Offset, p.Offset)
	}
	loc = protocol.Location{URI: c.uriOf(p.Filename), Range: m.lspRange(p.Offset, endOff)}
	return p.Filename, loc, true
}

// convert adds f to the findings by file path in out.
func (c *converter) convert(f finding, out map[string]*fileFindings) {
	path, loc, ok := c.location(f.diag.Pos, f.diag.End)
	if !ok {
		return
	}
	severity := protocol.DiagnosticSeverityWarning
	source := f.analyzer.Name
	d := protocol.Diagnostic{
		Range:    loc.Range,
		Severity: &severity,
		Code:     &protocol.IntegerOrString{Value: f.analyzer.Name},
		Source:   &source,
		Message:  f.diag.Message,
	}
	if f.url != "" {
		d.CodeDescription = &protocol.CodeDescription{HRef: f.url}
	}
	for _, r := range f.diag.Related {
		if _, rloc, ok := c.location(r.Pos, r.End); ok {
			d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{Location: rloc, Message: r.Message})
		}
	}
	ff := out[path]
	if ff == nil {
		ff = new(fileFindings)
		out[path] = ff
	}
	ff.diags = append(ff.diags, d)
	for _, fix := range f.diag.SuggestedFixes {
		if action, ok := c.codeAction(d, fix, len(f.diag.SuggestedFixes) == 1); ok {
			ff.fixes = append(ff.fixes, quickFix{diag: d, action: action})
		}
	}
}

// codeAction returns the quick fix that applies fix to the files.
func (c *converter) codeAction(d protocol.Diagnostic, fix analysis.SuggestedFix, preferred bool) (protocol.CodeAction, bool) {
	changes := make(map[protocol.DocumentUri][]protocol.TextEdit)
	for _, e := range fix.TextEdits {
		_, loc, ok := c.location(e.Pos, e.End)
		if !ok {
			return protocol.CodeAction{}, false // a fix is applied whole or not at all
		}
		changes[loc.URI] = append(changes[loc.URI], protocol.TextEdit{Range: loc.Range, NewText: string(e.NewText)})
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

// convertAll converts found, by file path.
func convertAll(c *converter, found []finding) map[string]*fileFindings {
	out := make(map[string]*fileFindings)
	for _, f := range found {
		c.convert(f, out)
	}
	return out
}

// readContent reads a file from disk: the fallback for files that were
// neither parsed in the root directory nor open.
func readContent(path string) ([]byte, error) { return os.ReadFile(path) }
