package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/lsp"
	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// runLSP runs "bodyclosecheck lsp [-flag]": a language server on stdin and
// stdout that publishes the findings of open files' packages as you type.
// It returns the process exit code: 0 after an orderly shutdown and exit.
func runLSP(args []string) int {
	a := bodyclose.NewAnalyzer(bodyclose.Config{})
	fs := flag.NewFlagSet("bodyclosecheck lsp", flag.ContinueOnError)
	debounce := fs.Duration("debounce", lsp.DefaultDebounce, "wait this long after an edit before analyzing again")
	tags := fs.String("tags", "", "comma-separated build tags for loading packages")
	verbose := fs.Bool("v", false, "log each analysis and its timing to stderr")
	severity := report.SeverityWarning
	fs.Func("severity", "`level` of the diagnostics: warning or error (default \"warning\")", func(v string) (err error) {
		severity, err = report.ParseSeverity(v)
		return err
	})
	checkDrain := fs.Bool("check-drain", false, "also report bodies closed before they are read to EOF (the bodydraincheck analyzer)")
	addAnalyzerFlags(fs, a)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: bodyclosecheck lsp [-flag]\n\n"+
			"Serves the Language Server Protocol on stdin and stdout for an editor.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "bodyclosecheck lsp: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return 2
	}
	logOut := io.Discard
	if *verbose {
		logOut = os.Stderr
	}
	analyzers := []*analysis.Analyzer{a}
	if *checkDrain {
		analyzers = append(analyzers, drainAnalyzer(a))
	}
	opts := lsp.Options{
		Analyzers: analyzers,
		Debounce:  *debounce,
		Log:       log.New(logOut, "bodyclosecheck lsp: ", log.Ltime|log.Lmicroseconds),
		Name:      "bodyclosecheck",
		Severity:  severity,
	}
	if *debounce == 0 {
		opts.Debounce = -1 // 0 on the command line means none
	}
	if *tags != "" {
		opts.BuildFlags = []string{"-tags=" + *tags}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return lsp.New(opts).Serve(ctx, stdio{})
}

// addAnalyzerFlags exposes the analyzer's own flags (-max-states,
// -closers, ...) as flags of the lsp subcommand.
func addAnalyzerFlags(fs *flag.FlagSet, a *analysis.Analyzer) {
	a.Flags.VisitAll(func(f *flag.Flag) {
		fs.Var(f.Value, f.Name, f.Usage)
	})
}

// stdio is the server's stream: stdin and stdout.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }

// Close closes stdout, telling the client that the server is done; stdin
// is left to the process exit, since closing it would not interrupt a
// pending read.
func (stdio) Close() error { return os.Stdout.Close() }
