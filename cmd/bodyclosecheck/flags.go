package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodydrain"
)

// Exit codes of the command, in every format.
const (
	exitClean    = 0 // no findings (and after -fix, every fix applied)
	exitError    = 1 // usage, load or type errors, a failed analysis, fixes left unapplied
	exitFindings = 3 // findings were reported
)

// options are the command's flags: one set for both drivers and every
// output.
type options struct {
	fs         *flag.FlagSet
	analyzer   *analysis.Analyzer
	checkDrain bool               // -check-drain
	drain      *analysis.Analyzer // bodydraincheck, with -check-drain

	format     string
	severity   report.Severity
	standard   bool // -driver=standard
	fix, diff  bool
	context    int  // -c: lines of context around each finding; -1 for none
	legacyJSON bool // -json: the go/analysis JSON tree
	tests      bool
	tags       string

	jobs                int
	cache               string
	cpuprofile, memprof string
	stats, verbose      bool
}

// newOptions declares the command's flags and the analyzer's.
func newOptions() *options {
	o := &options{analyzer: bodyclose.NewAnalyzer(bodyclose.Config{}), format: "text", severity: report.SeverityWarning}
	fs := flag.NewFlagSet("bodyclosecheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints the error
	o.fs = fs
	fs.Func("format", "output `format`: text, json, sarif or github (default \"text\")", o.setFormat)
	fs.Func("severity", "`level` of the findings in SARIF, GitHub annotations and the language server:\nwarning or error (default \"warning\")", o.setSeverity)
	fs.Func("driver", "`driver`: \"default\" analyses only the module's packages from source, in parallel,\n"+
		"with a result cache; \"standard\" loads every package, dependencies included, from\nsource, as other go/analysis commands do", o.setDriver)
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes instead of printing the findings")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, print the fixes as a unified diff instead of applying them")
	fs.IntVar(&o.context, "c", -1, "print `N` lines of source around each finding")
	fs.BoolVar(&o.legacyJSON, "json", false, "print the go/analysis JSON tree (by package and analyzer), as other\ngo/analysis commands do; runs the standard driver. -format=json is the stable schema")
	fs.BoolVar(&o.checkDrain, "check-drain", false, "also report bodies closed before they are read to EOF, which net/http then\ncannot reuse the connection of (the bodydraincheck analyzer)")
	fs.BoolVar(&o.tests, "test", true, "also check test files")
	fs.StringVar(&o.tags, "tags", "", "comma-separated build tags (passed to the go command in GOFLAGS)")
	fs.IntVar(&o.jobs, "jobs", 0, "packages analysed at once (0: GOMAXPROCS)")
	fs.StringVar(&o.cache, "cache", "", "result cache directory, or \"off\" (default: $BODYCLOSECHECK_CACHE, else the user cache directory)")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile to `file`")
	fs.StringVar(&o.memprof, "memprofile", "", "write a heap profile to `file`")
	fs.BoolVar(&o.verbose, "v", false, "verbose: say where results are cached, and print -stats")
	fs.BoolVar(&o.stats, "stats", false, "print how many packages were analysed, how many came from the cache, and how many calls were taken as closed for want of their arguments' values")
	o.analyzer.Flags.VisitAll(func(fl *flag.Flag) { fs.Var(fl.Value, fl.Name, fl.Usage) })
	fs.Usage = func() {} // run prints the usage, for -help and without packages
	return o
}

// usage prints the command's usage and flags on stderr.
func (o *options) usage() {
	fmt.Fprintf(os.Stderr, "%s\n\nUsage: bodyclosecheck [-flag] [package...]\n"+
		"       bodyclosecheck lsp [-flag]    (the language server; bodyclosecheck lsp -help)\n"+
		"       go vet -vettool=$(which bodyclosecheck) [package...]\n\nFlags:\n", o.analyzer.Doc)
	o.fs.SetOutput(os.Stderr)
	o.fs.PrintDefaults()
}

// parse parses args and checks that the flags go together.
func (o *options) parse(args []string) error {
	if err := o.fs.Parse(args); err != nil {
		return err
	}
	switch {
	case o.diff && !o.fix:
		o.fix = true // as x/tools' -diff: the fixes, as a diff
	case o.legacyJSON && o.format != "text":
		return fmt.Errorf("-json is the go/analysis JSON tree; it does not combine with -format=%s (use -format=json)", o.format)
	case o.fix && o.format != "text":
		return fmt.Errorf("-fix applies the fixes and prints no findings; it does not combine with -format=%s", o.format)
	}
	if o.legacyJSON {
		o.standard = true // the tree is the checker's
	}
	if o.checkDrain {
		o.drain = drainAnalyzer(o.analyzer)
	}
	return o.passTags()
}

// also returns the analyzers run besides bodyclosecheck.
func (o *options) also() []*analysis.Analyzer {
	if o.drain == nil {
		return nil
	}
	return []*analysis.Analyzer{o.drain}
}

// drainAnalyzer returns a bodydraincheck analyzer whose -skip-tests,
// -max-states and -fold-exits are those of a, the command's bodyclosecheck: one flag of
// the command sets both.
func drainAnalyzer(a *analysis.Analyzer) *analysis.Analyzer {
	d := bodydrain.NewAnalyzer(bodydrain.Config{})
	for _, name := range []string{"skip-tests", "max-states", "fold-exits"} {
		if err := d.Flags.Set(name, a.Flags.Lookup(name).Value.String()); err != nil {
			panic(err) // the same flag types: cannot fail
		}
	}
	return d
}

// setFormat is the -format flag.
func (o *options) setFormat(v string) error {
	for _, f := range report.Formats {
		if f == v {
			o.format = v
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(report.Formats, ", "))
}

// setSeverity is the -severity flag.
func (o *options) setSeverity(v string) (err error) {
	o.severity, err = report.ParseSeverity(v)
	return err
}

// setDriver is the -driver flag: "standard", or "default" ("fast", its
// old name).
func (o *options) setDriver(v string) error {
	switch v {
	case "standard":
		o.standard = true
	case "default", "fast":
		o.standard = false
	default:
		return fmt.Errorf("want standard or default")
	}
	return nil
}

// passTags passes -tags to the go command through GOFLAGS (after what
// GOFLAGS holds), so that both drivers, and the go list they run, select
// files by the same build tags.
func (o *options) passTags() error {
	if o.tags == "" {
		return nil
	}
	if strings.ContainsAny(o.tags, "'\"\\") {
		return fmt.Errorf("-tags %q: want a comma-separated list", o.tags)
	}
	tags := strings.Join(strings.Fields(strings.ReplaceAll(o.tags, ",", " ")), ",") // "a b", the old form, too
	return os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+tags))
}

// vetProtocol reports whether args are from go vet: a unit.cfg to
// analyse, or the queries it makes of a -vettool (-V=full, -flags).
func vetProtocol(args []string) bool {
	for _, a := range args {
		switch strings.TrimLeft(a, "-") {
		case "V", "V=full", "flags":
			return strings.HasPrefix(a, "-")
		}
	}
	return unitConfig(args) != ""
}

// unitConfig returns the unit.cfg that go vet names as the last of args,
// or "".
func unitConfig(args []string) string {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return ""
	}
	return args[len(args)-1]
}
