// Command bodyclosecheck reports HTTP response bodies that are not closed
// on every path.
//
// Usage:
//
//	bodyclosecheck [-flag] [package...]
//
// It accepts the flags of every go/analysis command (-fix, -diff, -json,
// -test, -c) and also runs as a vet tool:
//
//	go vet -vettool=$(which bodyclosecheck) ./...
//
// With -format=json, -format=sarif or -format=github it prints findings
// for CI instead (see formatted.go); -format=text is the default.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

func main() {
	format, rest, err := splitFormat(os.Args[1:])
	if err != nil {
		os.Stderr.WriteString("bodyclosecheck: " + err.Error() + "\n")
		os.Exit(exitError)
	}
	if format != "text" {
		os.Exit(runFormatted(format, rest))
	}
	os.Args = append(os.Args[:1], rest...)
	singlechecker.Main(bodyclose.Analyzer)
}
