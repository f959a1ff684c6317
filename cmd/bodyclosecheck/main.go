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
// cached per package; -driver=standard loads everything from source, as
// other go/analysis commands do. Both drivers print through the same
// output layer: -format=text (with -c), json, sarif or github, -fix and
// -diff. -json prints the go/analysis JSON tree of the standard driver.
package main

import (
	"os"
)

func main() {
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == "lsp":
		os.Exit(runLSP(args[1:]))
	case vetProtocol(args):
		runVet() // go vet's unit protocol, through x/tools' unitchecker
	}
	os.Exit(run(args))
}
