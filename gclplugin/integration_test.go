package gclplugin_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// wantFindings are the findings of the plugin on testdata/gclmod, one
// issue each with every leaking return in the message: Pooled (two leaking
// returns) is suppressed by //nolint on its call line, Drained's helper
// closes the body in another package, Inspected's helper is listed in the
// closers setting and the leak in client_test.go is dropped by skip-tests.
var wantFindings = []string{
	"client.go:15:15: resp.Body is never closed: leaks at the returns on lines 20 and 22",
	"client.go:27:15: resp.Body is never closed: leaks at the return on line 31",
	"client.go:54:15: resp.Body is never closed: leaks at the return on line 58",
}

// wantRelatedFindings and wantRelated are the findings and the related-
// information issues with related-information: true (related.yml).
var wantRelatedFindings = []string{
	"client.go:15:15: resp.Body is never closed: leaks at the return on line 20",
	"client.go:27:15: resp.Body is never closed: leaks at the return on line 31",
	"client.go:54:15: resp.Body is never closed: leaks at the return on line 58",
}

var wantRelated = []string{
	"client.go:20:3: bodyclosecheck(related information): resp.Body is still open at this return",
	"client.go:22:2: bodyclosecheck(related information): resp.Body is still open at this return",
	"client.go:31:2: bodyclosecheck(related information): resp.Body is still open at this return",
	"client.go:58:2: bodyclosecheck(related information): resp.Body is still open at this return",
}

// TestGolangciLint runs the custom golangci-lint on the fixture module,
// on all its packages and on the root package alone (the helper package
// is then only a dependency, analysed for facts).
func TestGolangciLint(t *testing.T) {
	bin := golangci(t)
	dir := copyFixture(t, "gclmod")
	for _, pattern := range []string{"./...", "."} {
		issues, code, out := runGolangci(t, bin, dir, pattern)
		if code != 1 {
			t.Errorf("golangci-lint run %s: exit code %d, want 1\n%s", pattern, code, out)
		}
		findings, related := splitIssues(t, issues)
		if !slices.Equal(findings, wantFindings) {
			t.Errorf("golangci-lint run %s findings:\n%s\nwant:\n%s", pattern, strings.Join(findings, "\n"), strings.Join(wantFindings, "\n"))
		}
		if len(related) > 0 {
			t.Errorf("golangci-lint run %s: %d related-information issues, want one issue per finding:\n%s", pattern, len(related), strings.Join(related, "\n"))
		}
	}
}

// TestGolangciLintRelated runs with related-information: true: the
// leaking returns come back as issues of their own.
func TestGolangciLintRelated(t *testing.T) {
	bin := golangci(t)
	dir := copyFixture(t, "gclmod")
	issues, code, out := runGolangci(t, bin, dir, "--config", "related.yml", "./...")
	if code != 1 {
		t.Errorf("exit code %d, want 1\n%s", code, out)
	}
	findings, related := splitIssues(t, issues)
	if !slices.Equal(findings, wantRelatedFindings) || !slices.Equal(related, wantRelated) {
		t.Errorf("findings:\n%s\nrelated:\n%s\nwant:\n%s\n%s", strings.Join(findings, "\n"), strings.Join(related, "\n"),
			strings.Join(wantRelatedFindings, "\n"), strings.Join(wantRelated, "\n"))
	}
}

// TestGolangciLintDrain runs with drain: true (drain.yml): Checked's
// body, closed unread after a status check, is one more issue of the
// same linter, which golangci-lint prefixes with the analyzer's name,
// with no related-information issue; CheckedSilenced's is silenced by
// //nolint:bodydraincheck.
func TestGolangciLintDrain(t *testing.T) {
	bin := golangci(t)
	dir := copyFixture(t, "gclmod")
	issues, code, out := runGolangci(t, bin, dir, "--config", "drain.yml", "./...")
	if code != 1 {
		t.Errorf("exit code %d, want 1\n%s", code, out)
	}
	findings, related := splitIssues(t, issues)
	want := slices.Sorted(slices.Values(append(slices.Clone(wantFindings),
		"client.go:79:2: bodydraincheck: resp.Body is closed unread at the return on line 83, after the status check on line 80: "+
			"net/http then drops its connection instead of reusing it; drain it before the close, at most a bounded amount: "+
			"io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))")))
	if !slices.Equal(findings, want) || len(related) > 0 {
		t.Errorf("findings:\n%s\nrelated:\n%s\nwant:\n%s", strings.Join(findings, "\n"), strings.Join(related, "\n"), strings.Join(want, "\n"))
	}

	// --fix applies the drain fix too, and the result builds.
	if _, code, out := runGolangci(t, bin, dir, "--config", "drain.yml", "--fix", "./..."); code != 0 && code != 1 {
		t.Fatalf("golangci-lint run --fix: exit code %d\n%s", code, out)
	}
	src, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))"); n != 1 {
		t.Errorf("after --fix: %d drain-and-close defers, want 1 (Checked)\n%s", n, src)
	}
	if out, err := exec.Command("go", "-C", dir, "build", "./...").CombinedOutput(); err != nil {
		t.Fatalf("go build after --fix: %v\n%s", err, out)
	}
}

// TestExampleConfig runs the custom golangci-lint with the repository's
// example .golangci.yml on the fixture module: its settings are accepted
// and, with no closers and skip-tests off, Inspected and the leak in
// client_test.go are reported too.
func TestExampleConfig(t *testing.T) {
	bin := golangci(t)
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := copyFixture(t, "gclmod")
	issues, code, out := runGolangci(t, bin, dir, "--config", filepath.Join(root, ".golangci.yml"), "./...")
	if code != 1 {
		t.Errorf("exit code %d, want 1\n%s", code, out)
	}
	findings, _ := splitIssues(t, issues)
	want := append(slices.Clone(wantFindings),
		"client.go:64:15: resp.Body is never closed: leaks at the return on line 69",
		"client_test.go:10:15: resp.Body is never closed: leaks at the end of the function on line 15")
	slices.Sort(want)
	if !slices.Equal(findings, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(findings, "\n"), strings.Join(want, "\n"))
	}
}

// TestCustomGclConfig checks that .custom-gcl.yml builds the version of
// golangci-lint tested here, with this module's plugin package.
func TestCustomGclConfig(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, ".custom-gcl.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nversion: " + golangciVersion + "\n",
		"\n  - module: " + selfModule + "\n",
		"\n    import: " + selfModule + "/gclplugin\n",
		"\n    path: .\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf(".custom-gcl.yml does not contain %q:\n%s", want, data)
		}
	}
}

// TestGolangciLintFix checks that golangci-lint run --fix applies the
// suggested fixes, that the result builds and that it is then clean.
func TestGolangciLintFix(t *testing.T) {
	bin := golangci(t)
	dir := copyFixture(t, "gclmod")
	if _, code, out := runGolangci(t, bin, dir, "--fix", "./..."); code != 0 && code != 1 {
		t.Fatalf("golangci-lint run --fix: exit code %d\n%s", code, out)
	}
	src, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var at []int
	for i, l := range lines {
		if l == "\tdefer resp.Body.Close()" {
			at = append(at, i+1)
		}
	}
	if want := []int{19, 32, 60, 82}; !slices.Equal(at, want) { // 82: Checked's own
		t.Errorf("after --fix: defer resp.Body.Close() on lines %v, want %v\n%s", at, want, src)
	}
	if out, err := exec.Command("go", "-C", dir, "build", "./...").CombinedOutput(); err != nil {
		t.Fatalf("go build after --fix: %v\n%s", err, out)
	}
	issues, code, out := runGolangci(t, bin, dir, "./...")
	if code != 0 || len(issues) != 0 {
		t.Errorf("after --fix: exit code %d, %d issues\n%s", code, len(issues), out)
	}
}

// TestGolangciLintBadSettings checks that an unknown setting stops
// golangci-lint with an error that names it.
func TestGolangciLintBadSettings(t *testing.T) {
	bin := golangci(t)
	dir := copyFixture(t, "gclmod")
	_, code, out := runGolangci(t, bin, dir, "--config", "bad-settings.yml", "./...")
	if code == 0 || code == 1 {
		t.Errorf("exit code %d, want an error code (neither 0 nor 1 for issues)\n%s", code, out)
	}
	for _, want := range []string{"plugin(bodyclosecheck)", `unknown field "max_states"`, "max-states (int)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not contain %q:\n%s", want, out)
		}
	}
}

// copyFixture copies testdata/name into a temporary directory.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// gclIssue is an issue of golangci-lint's JSON output.
type gclIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

// runGolangci runs "golangci-lint run" with JSON output in dir and returns
// the issues, the exit code and the whole output. The limits on identical
// issues are lifted: the related-information lines of several findings
// share one text.
func runGolangci(t *testing.T, bin, dir string, args ...string) ([]gclIssue, int, string) {
	t.Helper()
	// --allow-parallel-runners: other tests or tools may run a
	// golangci-lint at the same time; each run here has its own cache.
	cmd := exec.Command(bin, append([]string{"run", "--output.json.path=stdout", "--show-stats=false",
		"--max-same-issues=0", "--max-issues-per-linter=0", "--allow-parallel-runners"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("golangci-lint %v: %v", args, err)
	}
	out := stdout.String() + stderr.String()
	var report struct{ Issues []gclIssue }
	if stdout.Len() > 0 {
		if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
			t.Fatalf("golangci-lint %v: bad JSON output: %v\n%s", args, err, out)
		}
	}
	return report.Issues, code, out
}

// splitIssues formats the issues as "file:line:col: text", sorted, and
// splits the findings from the related information. Every issue must come
// from the bodyclosecheck linter.
func splitIssues(t *testing.T, issues []gclIssue) (findings, related []string) {
	t.Helper()
	for _, is := range issues {
		if is.FromLinter != "bodyclosecheck" {
			t.Errorf("issue from linter %q, want bodyclosecheck: %+v", is.FromLinter, is)
		}
		s := fmt.Sprintf("%s:%d:%d: %s", filepath.Base(is.Pos.Filename), is.Pos.Line, is.Pos.Column, is.Text)
		if strings.Contains(is.Text, "(related information)") {
			related = append(related, s)
		} else {
			findings = append(findings, s)
		}
	}
	slices.Sort(findings)
	slices.Sort(related)
	return findings, related
}
