package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// write prints found in format: text on stderr (like every go/analysis
// command; with context lines of source around each finding, if not
// negative), the machine-readable formats on stdout.
func write(format string, found []finding, root string, a *analysis.Analyzer, context int) error {
	switch format {
	case "text":
		return writeText(os.Stderr, found, context)
	case "json":
		return writeJSON(os.Stdout, found)
	case "sarif":
		return writeSARIF(os.Stdout, found, root, a)
	case "github":
		return writeGitHub(os.Stdout, found)
	}
	return fmt.Errorf("unknown format %q", format)
}

// writeText prints findings as go/analysis commands do: the finding, its
// source lines with context lines around them (as -c does there), then
// each related location indented by a tab.
func writeText(w io.Writer, found []finding, context int) error {
	src := make(map[string][]string) // lines by file, read once
	for _, f := range found {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s\n", f.abs, f.Line, f.Column, f.Message); err != nil {
			return err
		}
		if context >= 0 {
			if err := writeContext(w, f, context, src); err != nil {
				return err
			}
		}
		for _, r := range f.Related {
			if _, err := fmt.Fprintf(w, "%s:%d:%d: \t%s\n", r.abs, r.Line, r.Column, r.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeContext prints the lines of f, and n lines before and after them,
// each after its number and a tab.
func writeContext(w io.Writer, f finding, n int, src map[string][]string) error {
	lines, ok := src[f.abs]
	if !ok {
		b, err := os.ReadFile(f.abs)
		if err == nil {
			lines = strings.Split(string(b), "\n")
		}
		src[f.abs] = lines
	}
	end := max(f.EndLine, f.Line)
	for i := max(f.Line-n, 1); i <= min(end+n, len(lines)); i++ {
		if _, err := fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1]); err != nil {
			return err
		}
	}
	return nil
}
