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
// By default it runs the scalable driver (internal/driver): only the
// module's packages are analysed from source, in parallel, with results
// cached per package; -format=json, -format=sarif and -format=github print
// findings for CI. The flags of the standard driver (-fix, -diff, -json,
// -c) and the go vet protocol use the standard go/analysis driver.
package main

import (
	"flag"
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "lsp" {
		os.Exit(runLSP(os.Args[2:]))
	}
	format, rest, err := splitFormat(os.Args[1:])
	if err != nil {
		os.Stderr.WriteString("bodyclosecheck: " + err.Error() + "\n")
		os.Exit(exitError)
	}
	if rest, err = splitTags(rest); err != nil {
		os.Stderr.WriteString("bodyclosecheck: " + err.Error() + "\n")
		os.Exit(exitError)
	}
	rest, standard := splitDriver(rest)
	if isHelp(rest) {
		printFrontDoorHelp(os.Stderr)
	}
	if !standard {
		if code, handled := runDriver(format, rest); handled {
			os.Exit(code)
		}
	}
	os.Args = append(os.Args[:1], rest...)
	flag.CommandLine.SetOutput(hideDeprecated{os.Stderr})
	singlechecker.Main(bodyclose.Analyzer)
}
