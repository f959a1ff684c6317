package main

import (
	"encoding/json"
	"flag"
	"os"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// runVet serves go vet's unit protocol through x/tools' unitchecker, as
// singlechecker.Main does, with the analyzer's flags under their own
// names (go vet -vettool=... -skip-tests). The tool's -check-drain flag
// (listed by -flags, so go vet passes it on) adds bodydraincheck: a vet
// tool is one analyzer to go vet, so both run as one named
// bodyclosecheck, and the drain findings are told apart by their
// category, "drain". It does not return.
func runVet() {
	checkDrain := flag.Bool("check-drain", false, "also report bodies closed before they are read to EOF (bodydraincheck)")
	a := withDrain(bodyclose.Analyzer, checkDrain)
	if vetxOnly(os.Args[1:]) {
		a = factsOnly(a)
	}
	singlechecker.Main(a)
}

// vetxOnly reports whether go vet runs the tool on a dependency only for
// its facts: the unit's config file, the last argument, says VetxOnly.
// An unreadable config is left to unitchecker to report.
func vetxOnly(args []string) bool {
	name := unitConfig(args)
	if name == "" {
		return false
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return false
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// factsOnly returns a with a Run that does nothing but give an empty
// result, for go vet's runs on dependencies: unitchecker runs every
// analyzer that needs facts there, a included, and drops their
// diagnostics; the facts come from a's prerequisites (closefacts), and
// the root's own SSA search (net/http and every dependency that obtains a
// response) would be wasted, against the rule that SSA is never built for
// dependencies.
func factsOnly(a *analysis.Analyzer) *analysis.Analyzer {
	b := *a
	b.Run = func(*analysis.Pass) (any, error) { return new(bodyclose.Stats), nil }
	return &b
}

// withDrain returns an analyzer that runs a and, when *enabled (read at
// run time, after the flags are parsed), bodydraincheck with a's
// -skip-tests, -max-states and -fold-exits, on the same pass.
func withDrain(a *analysis.Analyzer, enabled *bool) *analysis.Analyzer {
	drain := sync.OnceValue(func() *analysis.Analyzer { return drainAnalyzer(a) }) // once the flags are parsed
	both := &analysis.Analyzer{
		Name:       a.Name,
		Doc:        a.Doc,
		URL:        a.URL,
		Flags:      a.Flags,
		ResultType: a.ResultType,
		FactTypes:  a.FactTypes,
		Requires:   slices.Clone(a.Requires),
	}
	probe := drainAnalyzer(a)
	for _, r := range probe.Requires {
		if !slices.Contains(both.Requires, r) {
			both.Requires = append(both.Requires, r)
		}
	}
	both.Run = func(pass *analysis.Pass) (any, error) {
		res, err := a.Run(passOf(a, pass))
		if err != nil || !*enabled {
			return res, err
		}
		d := drain()
		_, err = d.Run(passOf(d, pass))
		return res, err
	}
	return both
}

// passOf returns pass as analyzer x sees it.
func passOf(x *analysis.Analyzer, pass *analysis.Pass) *analysis.Pass {
	p := *pass
	p.Analyzer = x
	return &p
}
