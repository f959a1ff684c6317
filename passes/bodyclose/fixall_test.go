package bodyclose_test

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/fixtures"

	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// update rewrites the .golden files of the fixture families from the
// fixes (go test -run TestFixAllFamilies -update); review the diff.
var update = flag.Bool("update", false, "rewrite testdata/src/*/*.go.golden from the suggested fixes")

// recorder is an analysistest.Testing that keeps the errors.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestFixAllFamilies applies the first suggested fix of every finding in
// every fixture family to a copy of testdata, then checks that the fixed
// code type-checks and is gofmt'd, that the fixes create no finding of
// their own (only the findings without a fix remain), and that fixing
// again changes nothing. It prints how many findings carry a fix.
func TestFixAllFamilies(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(analysistest.TestData())); err != nil {
		t.Fatal(err)
	}
	all := fixtures.All()
	first := analysistest.Run(t, dir, bodyclose.Analyzer, all...)
	fixed := 0
	var unfixed []string
	seen := make(map[string]bool)                 // a file of a package and its test variant is checked twice
	edits := make(map[string][]analysis.TextEdit) // by file name
	for _, r := range first {
		for _, d := range r.Diagnostics {
			at := r.Pass.Fset.Position(d.Pos).String()
			if seen[at] {
				continue
			}
			seen[at] = true
			if len(d.SuggestedFixes) == 0 {
				unfixed = append(unfixed, strings.TrimPrefix(at, dir)+": "+d.Message)
				continue
			}
			fixed++
			for _, e := range d.SuggestedFixes[0].TextEdits {
				name := r.Pass.Fset.File(e.Pos).Name()
				edits[name] = append(edits[name], e)
			}
		}
	}
	total := len(seen)
	for name, es := range edits {
		fixedSrc := applyAll(t, first, name, es)
		if *update {
			rel, err := filepath.Rel(dir, name)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(analysistest.TestData(), rel+".golden"), fixedSrc, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("%d of %d findings (%.0f%%) carry a fix; without one:\n%s", fixed, total, 100*float64(fixed)/float64(total), strings.Join(unfixed, "\n"))
	if fixed*10 < total*9 {
		t.Errorf("%d of %d findings carry a fix, want at least 90%%", fixed, total)
	}

	rec := &recorder{}
	second := analysistest.Run(rec, dir, bodyclose.Analyzer, all...)
	for _, e := range rec.errs {
		if !strings.Contains(e, "no diagnostic was reported matching") && !onlyLinesMoved(e) {
			t.Errorf("after the fixes: %s", e)
		}
	}
	remaining := 0
	seen = make(map[string]bool)
	for _, r := range second {
		for _, d := range r.Diagnostics {
			if at := r.Pass.Fset.Position(d.Pos).String(); seen[at] {
				continue
			} else {
				seen[at] = true
			}
			remaining++
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("after the fixes, %s still has a fix: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
		}
	}
	if remaining != len(unfixed) {
		t.Errorf("after the fixes: %d findings, want the %d without a fix", remaining, len(unfixed))
	}
}

// onlyLinesMoved reports whether analysistest error e says that a
// diagnostic does not match its pattern only because the fixes above it
// moved the line numbers it names.
func onlyLinesMoved(e string) bool {
	_, rest, ok := strings.Cut(e, "diagnostic \"")
	if !ok {
		return false
	}
	msg, pattern, ok := strings.Cut(rest, "\" does not match pattern `")
	if !ok {
		return false
	}
	pattern = strings.TrimSuffix(pattern, "`")
	digits := regexp.MustCompile(`[0-9]+`)
	return strings.Contains(digits.ReplaceAllString(msg, "N"), digits.ReplaceAllString(pattern, "N"))
}

// applyAll applies es to the file name (positions from the passes in
// results), checking that no two edits overlap and that the result is
// formatted Go.
func applyAll(t *testing.T, results []*analysistest.Result, name string, es []analysis.TextEdit) []byte {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fset := results[0].Pass.Fset
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range es {
		f := fset.File(e.Pos)
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		sp := span{f.Offset(e.Pos), f.Offset(end), string(e.NewText)}
		if !slices.Contains(spans, sp) { // a file shared by a package and its test variant
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return b.start - a.start })
	out := src
	for i, sp := range spans {
		if i > 0 && sp.end > spans[i-1].start {
			t.Fatalf("%s: overlapping fixes at offsets %d and %d", filepath.Base(name), sp.start, spans[i-1].start)
		}
		out = slices.Concat(out[:sp.start], []byte(sp.text), out[sp.end:])
	}
	formatted, err := format.Source(out)
	if err != nil {
		t.Fatalf("%s after the fixes does not parse: %v\n%s", name, err, out)
	}
	if err := os.WriteFile(name, formatted, 0o644); err != nil {
		t.Fatal(err)
	}
	return formatted
}
