package main

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts/stdfacts"
)

// run runs the command on args (without the program name) and returns
// its exit code.
func run(args []string) int {
	o := newOptions()
	if err := o.parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			o.usage()
			return exitClean
		}
		fmt.Fprintf(os.Stderr, "bodyclosecheck: %v (bodyclosecheck -help lists the flags)\n", err)
		return exitError
	}
	if o.fs.NArg() == 0 {
		o.usage()
		return exitError
	}
	stop, err := o.startProfiles()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	defer stop()
	return o.run()
}

// run analyses the packages and prints the findings, or applies their
// fixes.
func (o *options) run() int {
	root, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	start := time.Now()
	res, graph, err := o.analyse()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, e)
	}
	if o.stats || o.verbose {
		fmt.Fprintf(os.Stderr, "bodyclosecheck: %d packages analysed, %d from the cache, in %v\n",
			res.Analyzed, res.Cached, time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(os.Stderr, "bodyclosecheck: %d calls whose body a helper closes or not depending on arguments unknown at the call, taken as closed\n",
			res.Counts[bodyclose.CountUndecided])
	}
	code := exitClean
	if len(res.Errors) > 0 {
		code = exitError
	}
	found := report.Unique(res.Findings)
	switch {
	case o.legacyJSON:
		err = graph.PrintJSON(os.Stdout) // findings are data here: they do not change the exit code
	case o.fix:
		err = applyFixes(found, o.diff, os.Stdout)
	default:
		err = o.write(found, root)
		if len(found) > 0 && code == exitClean {
			code = exitFindings
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	return code
}

// write prints found in the chosen format: text on stderr, like every
// go/analysis command, the machine-readable formats on stdout.
func (o *options) write(found []report.Finding, root string) error {
	w := os.Stdout
	if o.format == "text" {
		w = os.Stderr
	}
	return report.Write(w, o.format, found, report.Options{Root: root, Context: o.context, Analyzer: o.analyzer, Also: o.also(), Severity: o.severity})
}

// analyse runs the chosen driver on the packages named on the command
// line.
func (o *options) analyse() (*driver.Result, *checker.Graph, error) {
	if o.standard {
		return driver.RunStandard(o.fs.Args(), driver.Options{Analyzer: o.analyzer, Also: o.also(), Tests: o.tests})
	}
	dir, id := cacheDir(o.cache), ""
	if dir != "" {
		exe, err := os.Executable()
		if err == nil {
			id, err = o.toolID(exe)
		}
		if err != nil {
			dir = ""
			if o.verbose {
				fmt.Fprintf(os.Stderr, "bodyclosecheck: result cache off: cannot read this executable to key it: %v\n", err)
			}
		} else if o.verbose {
			fmt.Fprintf(os.Stderr, "bodyclosecheck: result cache %s\n", dir)
		}
	} else if o.verbose {
		fmt.Fprintln(os.Stderr, "bodyclosecheck: result cache off")
	}
	res, err := driver.Run(o.fs.Args(), driver.Options{
		Analyzer: o.analyzer,
		Also:     o.also(),
		Tests:    o.tests,
		Jobs:     o.jobs,
		CacheDir: dir,
		ToolID:   id,
		External: stdfacts.NewExternal(),
	})
	return res, nil, err
}

// cacheDir resolves the -cache flag.
func cacheDir(flagValue string) string {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv("BODYCLOSECHECK_CACHE")
	}
	if dir == "off" {
		return ""
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(base, "bodyclosecheck")
	}
	return dir
}

// toolID identifies the executable at exe and the analyzer's
// configuration, so that cached results of another build or other flags
// are not reused. Without the executable's content there is no such key:
// the error says why.
func (o *options) toolID(exe string) (string, error) {
	file, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer file.Close()
	h := sha256.New()
	if _, err := io.Copy(h, file); err != nil {
		return "", err
	}
	for _, a := range append([]*analysis.Analyzer{o.analyzer}, o.also()...) {
		fmt.Fprintf(h, "analyzer %s\n", a.Name)
		a.Flags.VisitAll(func(fl *flag.Flag) { fmt.Fprintf(h, "-%s=%s\n", fl.Name, fl.Value) })
	}
	fmt.Fprintf(h, "-test=%t\n", o.tests)
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// startProfiles starts the CPU profile; the returned function stops it
// and writes the heap profile.
func (o *options) startProfiles() (func(), error) {
	stop := func() {}
	if o.cpuprofile != "" {
		out, err := os.Create(o.cpuprofile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			return nil, err
		}
		stop = func() { pprof.StopCPUProfile(); out.Close() }
	}
	return func() {
		stop()
		if o.memprof != "" {
			if out, err := os.Create(o.memprof); err == nil {
				pprof.WriteHeapProfile(out)
				out.Close()
			}
		}
	}, nil
}
