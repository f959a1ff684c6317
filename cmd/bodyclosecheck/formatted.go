package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// runFormatted is the driver for -format=json|sarif|github: it loads the
// packages, runs the analyzer, and prints the findings (each once) in the
// chosen format on stdout. Errors go to stderr. It returns the exit code.
func runFormatted(format string, args []string) int {
	a := bodyclose.NewAnalyzer(bodyclose.Config{})
	fs := flag.NewFlagSet("bodyclosecheck", flag.ContinueOnError)
	tests := fs.Bool("test", true, "also check test files")
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	if err := fs.Parse(args); err != nil {
		return exitError // the flag package printed why
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "bodyclosecheck: no packages given (try ./...)")
		return exitError
	}
	root, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	found, failed := analyze(a, fs.Args(), *tests, root)
	if err := write(os.Stdout, format, found, root, a); err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	switch {
	case failed:
		return exitError
	case len(found) > 0:
		return exitFindings
	}
	return exitClean
}

// analyze loads patterns (with syntax for every dependency, since the
// analyzer uses facts), runs a, and returns the findings and whether
// loading or analysis failed (the errors are printed to stderr).
func analyze(a *analysis.Analyzer, patterns []string, tests bool, root string) ([]finding, bool) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return nil, true
	}
	failed := packages.PrintErrors(pkgs) > 0
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return nil, true
	}
	for act := range g.All() {
		if act.Err == nil {
			continue
		}
		failed = true
		if !act.Package.IllTyped { // type errors were printed while loading
			fmt.Fprintf(os.Stderr, "bodyclosecheck: %s: %v\n", act, act.Err)
		}
	}
	return collect(g, root), failed
}

// write prints found in format.
func write(w io.Writer, format string, found []finding, root string, a *analysis.Analyzer) error {
	switch format {
	case "json":
		return writeJSON(w, found)
	case "sarif":
		return writeSARIF(w, found, root, a)
	case "github":
		return writeGitHub(w, found)
	}
	return fmt.Errorf("unknown format %q", format)
}
