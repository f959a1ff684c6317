package main

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
	"github.com/bodyclosecheck/bodyclosecheck/internal/stdfacts"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// driverFlags are the flags of the scalable driver.
type driverFlags struct {
	fs                  *flag.FlagSet
	analyzer            *analysis.Analyzer
	tests               bool
	jobs                int
	cache               string
	cpuprofile, memprof string
	stats, verbose      bool
}

// newDriverFlags declares the driver's flags and the analyzer's.
func newDriverFlags() *driverFlags {
	f := &driverFlags{analyzer: bodyclose.NewAnalyzer(bodyclose.Config{})}
	f.fs = flag.NewFlagSet("bodyclosecheck", flag.ContinueOnError)
	f.fs.BoolVar(&f.tests, "test", true, "also check test files")
	f.fs.IntVar(&f.jobs, "jobs", 0, "packages analysed at once (0: GOMAXPROCS)")
	f.fs.StringVar(&f.cache, "cache", "", "result cache directory, or \"off\" (default: $BODYCLOSECHECK_CACHE, else the user cache directory)")
	f.fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile to `file`")
	f.fs.StringVar(&f.memprof, "memprofile", "", "write a heap profile to `file`")
	f.fs.BoolVar(&f.verbose, "v", false, "verbose: say where results are cached, and print -stats")
	f.fs.BoolVar(&f.stats, "stats", false, "print how many packages were analysed, how many came from the cache, and how many calls were taken as closed for want of their arguments' values")
	f.analyzer.Flags.VisitAll(func(fl *flag.Flag) { f.fs.Var(fl.Value, fl.Name, fl.Usage) })
	return f
}

// runDriver runs the scalable driver and prints in format. handled is
// false when args need the standard go/analysis driver instead (-fix,
// -diff, -json, -c, the go vet protocol): main then falls back to it.
func runDriver(format string, args []string) (code int, handled bool) {
	f := newDriverFlags()
	f.fs.SetOutput(io.Discard)
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) || format == "text" {
			return 0, false // the standard driver prints usage or handles the flag
		}
		fmt.Fprintf(os.Stderr, "bodyclosecheck: %v (with -format=%s)\n", err, format)
		return exitError, true
	}
	if f.fs.NArg() == 0 || vetProtocol(f.fs.Args()) {
		return 0, false
	}
	stop, err := f.startProfiles()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError, true
	}
	defer stop()
	return f.run(format), true
}

// vetProtocol reports whether args are a go vet invocation (unit.cfg).
func vetProtocol(args []string) bool {
	return len(args) == 1 && strings.HasSuffix(args[0], ".cfg")
}

// run analyses the packages and prints the findings.
func (f *driverFlags) run(format string) int {
	root, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	start := time.Now()
	dir := cacheDir(f.cache)
	if f.verbose {
		fmt.Fprintf(os.Stderr, "bodyclosecheck: result cache %s\n", cmp.Or(dir, "off"))
	}
	res, err := driver.Run(f.fs.Args(), driver.Options{
		Analyzer: f.analyzer,
		Tests:    f.tests,
		Jobs:     f.jobs,
		CacheDir: dir,
		ToolID:   f.toolID(),
		External: stdfacts.NewExternal(),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, e)
	}
	if f.stats || f.verbose {
		fmt.Fprintf(os.Stderr, "bodyclosecheck: %d packages analysed, %d from the cache, in %v\n",
			res.Analyzed, res.Cached, time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(os.Stderr, "bodyclosecheck: %d calls whose body a helper closes or not depending on arguments unknown at the call, taken as closed\n",
			res.Counts[bodyclose.CountUndecided])
	}
	found := collect(f.analyzer.Name, res.Diagnostics, root)
	if err := write(format, found, root, f.analyzer); err != nil {
		fmt.Fprintln(os.Stderr, "bodyclosecheck:", err)
		return exitError
	}
	switch {
	case len(res.Errors) > 0:
		return exitError
	case len(found) > 0:
		return exitFindings
	}
	return exitClean
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

// toolID identifies this executable and the analyzer's configuration, so
// that cached results of another build or other flags are not reused.
func (f *driverFlags) toolID() string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if file, err := os.Open(exe); err == nil {
			io.Copy(h, file)
			file.Close()
		}
	}
	f.analyzer.Flags.VisitAll(func(fl *flag.Flag) { fmt.Fprintf(h, "-%s=%s\n", fl.Name, fl.Value) })
	fmt.Fprintf(h, "-test=%t\n", f.tests)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// startProfiles starts the CPU profile; the returned function stops it
// and writes the heap profile.
func (f *driverFlags) startProfiles() (func(), error) {
	stop := func() {}
	if f.cpuprofile != "" {
		out, err := os.Create(f.cpuprofile)
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
		if f.memprof != "" {
			if out, err := os.Create(f.memprof); err == nil {
				pprof.WriteHeapProfile(out)
				out.Close()
			}
		}
	}, nil
}
