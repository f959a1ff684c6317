// Command singlechecker runs the bodyclosecheck analyzer under the
// standard go/analysis driver (singlechecker), the same driver as the
// floor (bench/floor) and as github.com/timakin/bodyclose, so that
// bench/run.sh can compare the analyses under one driver whatever driver
// cmd/bodyclosecheck uses. It accepts the same flags as the floor.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

func main() { singlechecker.Main(bodyclose.Analyzer) }
