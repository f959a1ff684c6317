package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// firstLine matches the first line of a finding ("file:line:col:
// message", not a related location, whose message starts with a tab).
var firstLine = regexp.MustCompile(`(?m)^\S+\.go:\d+:\d+: [^\t].*$`)

// loadError matches the errors that the two drivers word differently
// (the standard one adds the type checker's "could not import").
var loadError = regexp.MustCompile(`: (missing go.sum entry|could not import) `)

// findingLines returns the first lines of the findings in out, sorted,
// with full file names.
func findingLines(out string) []string {
	var got []string
	for _, l := range firstLine.FindAllString(out, -1) {
		if !loadError.MatchString(l) {
			got = append(got, l)
		}
	}
	slices.Sort(got)
	return got
}

// TestBrokenTestDependency runs both drivers over "all" of modules one of
// whose dependencies has a test that cannot be loaded
// (testdata/brokendep.txtar) or whose test dependency the go command will
// not build for the main module (testdata/untidydep.txtar), and over that
// dependency by import path: each reports an error only for what cannot
// be loaded, and the findings of every other package, the same from both
// drivers.
func TestBrokenTestDependency(t *testing.T) {
	slow(t, "both drivers over all of two modules with broken dependencies (about 90 s)")
	bin := buildTool(t)
	for _, tc := range []struct {
		archive, pattern string
		code             int
		err              string   // the error to report
		want             []string // findings outside the standard library
	}{
		{"brokendep", "all", 1, "b_test.go:6:2: missing go.sum entry",
			[]string{"b/b.go:8:15: resp.Body is never closed", "main/main.go:10:15: resp.Body is not closed on every path"}},
		{"brokendep", "example.com/b", 1, "b_test.go:6:2: missing go.sum entry",
			[]string{"b/b.go:8:15: resp.Body is never closed"}},
		{"untidydep", "all", 3, "",
			[]string{"b/b_test.go:11:15: response from http.Get is discarded", "main/main.go:10:15: resp.Body is not closed on every path"}},
	} {
		dir := filepath.Join(extractTxtar(t, filepath.Join("testdata", tc.archive+".txtar")), "main")
		outputs := make(map[string][]string)
		for _, driver := range []string{"fast", "standard"} {
			out, code := run(t, dir, bin, "-driver="+driver, tc.pattern)
			if code != tc.code || !strings.Contains(out, tc.err) {
				t.Errorf("%s: -driver=%s %s: exit %d, want %d and %q:\n%s", tc.archive, driver, tc.pattern, code, tc.code, tc.err, out)
			}
			outputs[driver] = findingLines(out)
			var ours []string // findings in the fixture's modules
			for _, f := range outputs[driver] {
				if rel, ok := strings.CutPrefix(f, filepath.Dir(dir)+string(filepath.Separator)); ok {
					ours = append(ours, rel)
				}
			}
			if len(ours) != len(tc.want) {
				t.Errorf("%s: -driver=%s %s: findings in the modules:\n%s\nwant %d", tc.archive, driver, tc.pattern, strings.Join(ours, "\n"), len(tc.want))
			}
			for _, w := range tc.want {
				if !slices.ContainsFunc(ours, func(f string) bool { return strings.HasPrefix(f, w) }) {
					t.Errorf("%s: -driver=%s %s: no finding %q in:\n%s", tc.archive, driver, tc.pattern, w, out)
				}
			}
		}
		if !slices.Equal(outputs["fast"], outputs["standard"]) {
			t.Errorf("%s %s: drivers disagree:\nfast:\n%s\nstandard:\n%s", tc.archive, tc.pattern,
				strings.Join(outputs["fast"], "\n"), strings.Join(outputs["standard"], "\n"))
		}
	}
}

// TestStd runs both drivers over the standard library: the same findings,
// exit 3 from both.
func TestStd(t *testing.T) {
	slow(t, "both drivers over the standard library (about 50 s; .ci/run also runs the command on std)")
	bin := buildTool(t)
	dir := t.TempDir()
	outputs := make(map[string][]string)
	for _, driver := range []string{"fast", "standard"} {
		out, code := run(t, dir, bin, "-driver="+driver, "std")
		if code != 3 {
			t.Errorf("-driver=%s std: exit %d, want 3\n%s", driver, code, out)
		}
		outputs[driver] = findingLines(out)
	}
	if len(outputs["fast"]) < 50 || !slices.Equal(outputs["fast"], outputs["standard"]) {
		t.Errorf("std: drivers disagree (%d and %d findings):\nfast:\n%s\nstandard:\n%s",
			len(outputs["fast"]), len(outputs["standard"]),
			strings.Join(outputs["fast"], "\n"), strings.Join(outputs["standard"], "\n"))
	}
}

// TestSourceDependencyInKey checks that the result cache sees a change in
// a dependency that has no export data and is type-checked from source
// (d, in testdata/untidydep.txtar): when d no longer declares what b's test
// uses, the next run reports the type error instead of a cached result.
func TestSourceDependencyInKey(t *testing.T) {
	slow(t, "two runs over all of a module with an untidy dependency (about 20 s)")
	bin := buildTool(t)
	root := extractTxtar(t, filepath.Join("testdata", "untidydep.txtar"))
	dir, cache := filepath.Join(root, "main"), "-cache="+t.TempDir()
	for i, want := range []int{3, 3} { // the second run comes from the cache
		if out, code := run(t, dir, bin, cache, "-v", "all"); code != want || (i == 1 && !strings.Contains(out, "from the cache")) {
			t.Fatalf("run %d: exit %d, want %d\n%s", i, code, want, out)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "d", "d.go"), []byte("package d\n\nconst Y = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := run(t, dir, bin, cache, "all"); code != 1 || !strings.Contains(out, "undefined: d.X") {
		t.Errorf("after d changed: exit %d, want 1 and the type error\n%s", code, out)
	}
}
