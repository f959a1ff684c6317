// Command floor runs the floor analyzer of the benchmarks (see package
// floor) under the same driver as cmd/bodyclosecheck, so that
// bench/run.sh can compare bodyclosecheck with the least an SSA-based
// analysis with facts costs. It accepts the same flags (-test,
// -cpuprofile, -memprofile, ...).
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/bench/floor/floor"
)

func main() { singlechecker.Main(floor.Analyzer) }
