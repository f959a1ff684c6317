package report

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Formats are the names Write accepts, the first the default.
var Formats = []string{"text", "json", "sarif", "github"}

// Options say how Write renders findings.
type Options struct {
	// Root is the directory the command ran in: the JSON, SARIF and
	// GitHub formats name files below it relative to it.
	Root string
	// Context is the number of source lines printed before and after each
	// finding in the text format; negative: none.
	Context int
	// Analyzer describes the rule in SARIF; Also are the other analyzers
	// whose findings may be among those written, one rule each.
	Analyzer *analysis.Analyzer
	Also     []*analysis.Analyzer
	// Severity is the level of SARIF results and the kind of GitHub
	// workflow command; "" is SeverityWarning.
	Severity Severity
}

// Write prints found to w in format, one of Formats.
func Write(w io.Writer, format string, found []Finding, o Options) error {
	if o.Severity == "" {
		o.Severity = SeverityWarning
	}
	switch format {
	case "text":
		return writeText(w, found, o.Context)
	case "json":
		return writeJSON(w, found, o.Root)
	case "sarif":
		return writeSARIF(w, found, o)
	case "github":
		return writeGitHub(w, found, o)
	}
	return fmt.Errorf("unknown format %q", format)
}

// writeText prints findings as go/analysis commands do: the finding, its
// source lines with context lines around them (as -c does there), then
// each related location indented by a tab.
func writeText(w io.Writer, found []Finding, context int) error {
	src := make(sourceLines)
	for _, f := range found {
		if _, err := fmt.Fprintf(w, "%s: %s\n", f.Posn, f.Message); err != nil {
			return err
		}
		if context >= 0 {
			if err := writeContext(w, f, context, src); err != nil {
				return err
			}
		}
		for _, r := range f.Related {
			if _, err := fmt.Fprintf(w, "%s: \t%s\n", r.Posn, r.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeContext prints the lines of f, and n lines before and after them,
// each after its number and a tab.
// sourceLines holds the lines of the files findings are in, each file
// read once; an unreadable file has none.
type sourceLines map[string][]string

// of returns the lines of the file name.
func (s sourceLines) of(name string) []string {
	lines, ok := s[name]
	if !ok {
		if b, err := os.ReadFile(name); err == nil {
			lines = strings.Split(string(b), "\n")
		}
		s[name] = lines
	}
	return lines
}

func writeContext(w io.Writer, f Finding, n int, src sourceLines) error {
	lines := src.of(f.Posn.Filename)
	end := max(f.End.Line, f.Posn.Line)
	for i := max(f.Posn.Line-n, 1); i <= min(end+n, len(lines)); i++ {
		if _, err := fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1]); err != nil {
			return err
		}
	}
	return nil
}
