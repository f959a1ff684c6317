package bodydrain_test

import (
	"strings"
	"testing"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodydrain"
)

// TestDoc checks that the Doc is the "Analyzer bodydraincheck" section of
// the package comment: a one-line summary, then what it reports, what
// counts as a drain, what is exempt, the fix and how to enable it.
func TestDoc(t *testing.T) {
	doc := bodydrain.NewAnalyzer(bodydrain.Config{}).Doc
	summary, body, _ := strings.Cut(doc, "\n\n")
	if summary != "report response bodies closed before they are read to EOF" {
		t.Errorf("summary %q", summary)
	}
	for _, want := range []string{"io.ReadAll", "io.LimitReader", "Decode", "204", "HEAD", "HTTP/2", "-check-drain", "drain: true", "//nolint:bodydraincheck", "maxDrain"} {
		if !strings.Contains(body, want) {
			t.Errorf("Doc lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "# Implementation") || strings.Contains(doc, "sources.go") {
		t.Errorf("Doc contains the implementation section:\n%s", doc)
	}
}
