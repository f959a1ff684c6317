package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"
)

// isHelp reports whether args ask for usage.
func isHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help", "-?":
			return true
		case "--":
			return false
		}
	}
	return false
}

// printFrontDoorHelp lists the flags that bodyclosecheck itself handles
// before the standard driver's usage, which follows: the output format,
// the driver choice and the scalable driver's own flags.
func printFrontDoorHelp(w io.Writer) {
	fmt.Fprint(w, `Flags of bodyclosecheck itself (the analyzer's and the standard driver's follow):
  -format string
    	output: text, json, sarif or github (default "text")
  -driver string
    	"standard" runs the standard go/analysis driver, as -fix, -diff, -json
    	and -c do; by default the scalable driver analyses only the module's
    	packages from source, in parallel, with a result cache
`)
	f := newDriverFlags()
	f.fs.SetOutput(w)
	f.fs.VisitAll(func(fl *flag.Flag) {
		if f.analyzer.Flags.Lookup(fl.Name) != nil || fl.Name == "test" {
			return // listed with the analyzer's flags
		}
		name, usage := flag.UnquoteUsage(fl)
		if name != "" {
			name = " " + name
		}
		fmt.Fprintf(w, "  -%s%s\n    \t%s\n", fl.Name, name, strings.ReplaceAll(usage, "\n", "\n    \t"))
	})
	fmt.Fprint(w, `  -tags list
    	build tags, for both drivers (passed to the go command in GOFLAGS)
  lsp
    	run the language server (bodyclosecheck lsp -help)

`)
}

// hideDeprecated writes the standard driver's usage without the flags it
// keeps only for compatibility, which do nothing there ("no effect
// (deprecated)"): -source and -all. -v (which does work) and -tags are
// listed with bodyclosecheck's own flags. flag.PrintDefaults writes one
// flag per call.
type hideDeprecated struct{ w io.Writer }

func (h hideDeprecated) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("no effect (deprecated)")) {
		return len(p), nil
	}
	return h.w.Write(p)
}
