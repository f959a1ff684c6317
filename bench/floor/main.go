// Command floor runs the floor analyzer of the benchmarks (see package
// floor), so that bench/run.sh can compare bodyclosecheck with the least
// an SSA-based analysis with facts costs under the same driver:
//
//	floor [flags] packages            the standard driver (singlechecker), like bodyclose
//	floor -driver=fast packages       the driver of cmd/bodyclosecheck (internal/driver)
//
// With -driver=fast, the result cache is $BODYCLOSECHECK_CACHE when it is
// set (and not "off"), as for bodyclosecheck, so that the harness gives
// both the same driver with the same work: a cold cache to fill.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/bench/floor/floor"
	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts/stdfacts"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-driver=fast" {
		os.Exit(runFast(os.Args[2:]))
	}
	singlechecker.Main(floor.Analyzer)
}

// runFast runs the floor under internal/driver, with tests, as
// bodyclosecheck runs.
func runFast(patterns []string) int {
	res, err := driver.Run(patterns, driver.Options{
		Analyzer: floor.Analyzer,
		Tests:    true,
		CacheDir: cacheDir(),
		ToolID:   "bench/floor",
		External: stdfacts.NewExternal(),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		return 1
	}
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, e)
	}
	if len(res.Errors) > 0 {
		return 1
	}
	fmt.Fprintf(os.Stderr, "floor: %d packages analysed\n", res.Analyzed)
	return 0
}

// cacheDir returns $BODYCLOSECHECK_CACHE, or "" (no cache).
func cacheDir() string {
	if d := os.Getenv("BODYCLOSECHECK_CACHE"); d != "off" {
		return d
	}
	return ""
}
