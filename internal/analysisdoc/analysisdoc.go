// Package analysisdoc extracts an analyzer's documentation from the
// package comment of its doc.go, so that -help, SARIF rule help and the
// package page say the same.
package analysisdoc

import "strings"

// Extract extracts the documentation of the analyzer name from the
// source of a doc.go, as x/tools' passes do: the text under the heading
// "# Analyzer name" of the package comment, up to the next heading, whose
// first line "name: summary" becomes the summary.
func Extract(src, name string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			if in {
				break // the end of the comment
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if strings.HasPrefix(text, "# ") {
			if in {
				break
			}
			in = text == "# Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	doc := strings.TrimSpace(strings.Join(lines, "\n"))
	summary, ok := strings.CutPrefix(doc, name+": ")
	if !ok {
		panic("doc.go: no \"# Analyzer " + name + "\" section starting with \"" + name + ": \"")
	}
	return summary
}
