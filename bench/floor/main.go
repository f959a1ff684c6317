// Command floor runs the floor analyzer of the benchmarks (see package
// floor), so that bench/run.sh can compare bodyclosecheck with the least
// an SSA-based analysis with facts costs under the same driver:
//
//	floor [flags] packages            the standard driver (singlechecker), like bodyclose
//	floor -driver=fast packages       the driver of cmd/bodyclosecheck (internal/driver), no result cache
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/bench/floor/floor"
	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
	"github.com/bodyclosecheck/bodyclosecheck/internal/stdfacts"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-driver=fast" {
		os.Exit(runFast(os.Args[2:]))
	}
	singlechecker.Main(floor.Analyzer)
}

// runFast runs the floor under internal/driver, with tests, as
// "bodyclosecheck -cache=off" runs bodyclosecheck.
func runFast(patterns []string) int {
	res, err := driver.Run(patterns, driver.Options{
		Analyzer: floor.Analyzer,
		Tests:    true,
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
