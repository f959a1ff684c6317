package bodyclose_test

import (
	"strings"
	"testing"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// TestDocFromPackageComment checks that the Analyzer's Doc is the
// "Analyzer bodyclosecheck" section of the package comment: summary
// first, the example kept as code, the implementation notes left out.
func TestDocFromPackageComment(t *testing.T) {
	doc := bodyclose.NewAnalyzer(bodyclose.Config{}).Doc
	summary, body, _ := strings.Cut(doc, "\n\n")
	if summary != "report HTTP response bodies that are not closed on every path" {
		t.Errorf("summary = %q", summary)
	}
	for _, want := range []string{"pins one pooled connection", "\n\tresp, err := client.Do(req)\n", "certainly right get none."} {
		if !strings.Contains(body, want) {
			t.Errorf("Doc lacks %q:\n%s", want, doc)
		}
	}
	for _, gone := range []string{"# ", "\n//", "Implementation", "internal/flow"} {
		if strings.Contains(doc, gone) {
			t.Errorf("Doc contains %q:\n%s", gone, doc)
		}
	}
}
