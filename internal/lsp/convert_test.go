package lsp

import (
	"go/token"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
)

// TestLSPConvertFinding checks the conversion of a report.Finding into a
// diagnostic and its quick fix: UTF-16 positions in the content as
// analysed, the rule as code and source, the documentation link, related
// information, the severity chosen, and a fix in a file that cannot be
// read dropped whole.
func TestLSPConvertFinding(t *testing.T) {
	const path = "/m/p/a.go"
	content := "package p\n\nvar ü = get() // é\n"
	at := func(s string) token.Position {
		off := strings.Index(content, s)
		line := strings.Count(content[:off], "\n") + 1
		return token.Position{Filename: path, Offset: off, Line: line, Column: off - strings.LastIndex(content[:off], "\n")}
	}
	f := report.Finding{
		Rule: "bodyclosecheck", URL: "https://example.com/doc", Posn: at("get()"), End: at(" //"),
		Message: "leak",
		Related: []report.Related{{Posn: at("// é"), End: at("// é"), Message: "here"}},
		Fixes: []report.Fix{
			{Message: "fix", Edits: []report.Edit{{Posn: at("get"), End: at("()"), NewText: "fetch"}}},
			{Message: "elsewhere", Edits: []report.Edit{{Posn: token.Position{Filename: "/nowhere.go", Line: 1, Column: 1}, NewText: "x"}}},
		},
	}
	for _, sev := range []report.Severity{report.SeverityWarning, report.SeverityError} {
		c := &converter{
			severity: protocolSeverity(sev),
			content: func(p string) ([]byte, error) {
				if p == path {
					return []byte(content), nil
				}
				return readContent(p)
			},
			uriOf:   pathToURI,
			mappers: make(map[string]*mapper),
		}
		out := convertAll(c, []report.Finding{f})
		ff := out[path]
		if ff == nil || len(ff.diags) != 1 {
			t.Fatalf("%s: converted %+v, want one diagnostic in %s", sev, out, path)
		}
		d := ff.diags[0]
		wantRange := protocol.Range{Start: protocol.Position{Line: 2, Character: 8}, End: protocol.Position{Line: 2, Character: 13}}
		wantSev := map[report.Severity]protocol.DiagnosticSeverity{report.SeverityWarning: protocol.DiagnosticSeverityWarning, report.SeverityError: protocol.DiagnosticSeverityError}[sev]
		if d.Range != wantRange || *d.Severity != wantSev || d.Code.Value != "bodyclosecheck" || *d.Source != "bodyclosecheck" ||
			d.CodeDescription.HRef != f.URL || len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.Range.Start.Character != 14 {
			t.Errorf("%s: diagnostic %+v", sev, d)
		}
		if len(ff.fixes) != 1 || ff.fixes[0].action.Title != "fix" || *ff.fixes[0].action.IsPreferred {
			t.Fatalf("%s: fixes %+v, want the one whose file is readable, not preferred (there were two)", sev, ff.fixes)
		}
		edit := ff.fixes[0].action.Edit.Changes[pathToURI(path)][0]
		if edit.NewText != "fetch" || edit.Range.Start.Character != 8 || edit.Range.End.Character != 11 {
			t.Errorf("%s: edit %+v", sev, edit)
		}
	}
}
