// Package stdfacts holds what the facts analyzers (ctrlflow and
// closefacts) find in the standard library, as a table generated from the
// running toolchain's sources, so that the scalable driver can analyse a
// module from source while typing its dependencies from export data.
//
// Regenerate the table with:
//
//	go run ./passes/closefacts/stdfacts/gen > passes/closefacts/stdfacts/stdfacts.txt
package stdfacts

import (
	_ "embed"
	"fmt"
	"go/types"
	"strconv"
	"strings"
	"sync"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

//go:embed stdfacts.txt
var table string

// Table is the parsed form of the table: the functions and methods that
// never return, and the closing summaries.
type Table struct {
	NoReturn  map[httpknow.FuncKey]bool
	Summaries map[httpknow.FuncKey]*closefacts.Summary
}

var load = sync.OnceValues(func() (*Table, error) { return Parse(table) })

// Load returns the embedded table, parsed once.
func Load() *Table {
	t, err := load()
	if err != nil {
		panic(fmt.Sprintf("stdfacts: embedded table is corrupt: %v", err)) // a build defect
	}
	return t
}

// Parse parses a table in the format written by Format.
func Parse(text string) (*Table, error) {
	t := &Table{NoReturn: map[httpknow.FuncKey]bool{}, Summaries: map[httpknow.FuncKey]*closefacts.Summary{}}
	for n, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("line %d: %q", n+1, line)
		}
		key := httpknow.FuncKey{Pkg: f[1], Recv: f[2], Name: f[3]}
		switch {
		case f[0] == "noreturn" && len(f) == 4:
			t.NoReturn[key] = true
		case f[0] == "summary" && len(f) == 6:
			sum, err := parseSummary(f[4], f[5])
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n+1, err)
			}
			t.Summaries[key] = sum
		default:
			return nil, fmt.Errorf("line %d: %q", n+1, line)
		}
	}
	return t, nil
}

// parseSummary parses "2,1,0" (effects) and "0" (closed results).
func parseSummary(params, closed string) (*closefacts.Summary, error) {
	sum := new(closefacts.Summary)
	for _, p := range splitList(params) {
		e, err := strconv.Atoi(p)
		if err != nil || e < 0 || e > int(closefacts.ClosesOnError) {
			return nil, fmt.Errorf("bad effect %q", p)
		}
		sum.Params = append(sum.Params, closefacts.Effect(e))
	}
	for _, r := range splitList(closed) {
		i, err := strconv.Atoi(r)
		if err != nil {
			return nil, fmt.Errorf("bad result index %q", r)
		}
		sum.ClosedResults = append(sum.ClosedResults, i)
	}
	return sum, nil
}

func splitList(s string) []string {
	if s == "-" || s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Format writes one table line.
func formatLine(kind string, k httpknow.FuncKey, extra ...string) string {
	return strings.Join(append([]string{kind, k.Pkg, k.Recv, k.Name}, extra...), "\t")
}

// formatSummary is the inverse of parseSummary.
func formatSummary(sum *closefacts.Summary) []string {
	params, closed := "-", "-"
	if len(sum.Params) > 0 {
		var p []string
		for _, e := range sum.Params {
			p = append(p, strconv.Itoa(int(e)))
		}
		params = strings.Join(p, ",")
	}
	if len(sum.ClosedResults) > 0 {
		var c []string
		for _, r := range sum.ClosedResults {
			c = append(c, strconv.Itoa(r))
		}
		closed = strings.Join(c, ",")
	}
	return []string{params, closed}
}

// Visible reports whether fn can be called from another package: an
// exported function or method (methods of unexported types are reached
// through embedding, as testing.T reaches common.Fatal).
func Visible(fn *types.Func) bool {
	return fn.Exported()
}
