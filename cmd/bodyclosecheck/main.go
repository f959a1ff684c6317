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
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

func main() { singlechecker.Main(bodyclose.Analyzer) }
