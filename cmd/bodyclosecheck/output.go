package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/tools/go/analysis"
)

// write prints found in format: text on stderr (like every go/analysis
// command), the machine-readable formats on stdout.
func write(format string, found []finding, root string, a *analysis.Analyzer) error {
	switch format {
	case "text":
		return writeText(os.Stderr, found)
	case "json":
		return writeJSON(os.Stdout, found)
	case "sarif":
		return writeSARIF(os.Stdout, found, root, a)
	case "github":
		return writeGitHub(os.Stdout, found)
	}
	return fmt.Errorf("unknown format %q", format)
}

// writeText prints findings as go/analysis commands do: the finding, then
// each related location indented by a tab.
func writeText(w io.Writer, found []finding) error {
	for _, f := range found {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s\n", f.abs, f.Line, f.Column, f.Message); err != nil {
			return err
		}
		for _, r := range f.Related {
			if _, err := fmt.Fprintf(w, "%s:%d:%d: \t%s\n", r.abs, r.Line, r.Column, r.Message); err != nil {
				return err
			}
		}
	}
	return nil
}
