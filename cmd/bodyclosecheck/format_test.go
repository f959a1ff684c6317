package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// writeModule writes files into a new temporary module directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goMod = "module example.com/m\n\ngo 1.26\n"

// TestFormatExitCodes checks 0 (clean), 3 (findings) and 1 (type errors)
// in every format.
func TestFormatExitCodes(t *testing.T) {
	bin := buildTool(t)
	clean := writeModule(t, map[string]string{"go.mod": goMod, "a.go": "package a\n\nfunc A() int { return 1 }\n"})
	bad := writeModule(t, map[string]string{"go.mod": goMod, "a.go": "package a\n\nfunc A() int { return \"x\" }\n"})
	leaky := copyModule(t, "fixmod")
	for _, format := range []string{"text", "json", "sarif", "github"} {
		for dir, want := range map[string]int{clean: 0, leaky: 3, bad: 1} {
			out, code := run(t, dir, bin, "-format="+format, "./...")
			if code != want {
				t.Errorf("-format=%s in %s: exit code %d, want %d\n%s", format, filepath.Base(dir), code, want, out)
			}
		}
	}
}

// TestFormatJSON checks the stable JSON objects, and that a finding in a
// file shared by a package and its test variant appears once.
func TestFormatJSON(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, map[string]string{
		"go.mod":    goMod,
		"a.go":      "package a\n\nimport \"net/http\"\n\nfunc Get(u string) int {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n",
		"a_test.go": "package a\n\nimport \"testing\"\n\nfunc TestGet(t *testing.T) { _ = Get }\n",
	})
	out, code := runStdout(t, dir, bin, "-format=json", "./...")
	if code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", code, out)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if len(got) != 1 {
		t.Fatalf("%d findings, want 1 (package and test variant merged):\n%s", len(got), out)
	}
	f := got[0]
	if f["rule"] != "bodyclosecheck" || f["file"] != "a.go" || f["line"] != 6.0 || f["column"] != 15.0 ||
		f["message"] != "resp.Body is never closed: leaks at the return on line 10" {
		t.Errorf("unexpected finding: %v", f)
	}
	fixes, _ := f["fixes"].([]any)
	related, _ := f["related"].([]any)
	if len(fixes) != 1 || len(related) != 1 {
		t.Errorf("want 1 fix and 1 related location, got %v and %v", fixes, related)
	}
}

// runStdout runs a command and returns its standard output only.
func runStdout(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	stdout := filepath.Join(t.TempDir(), "stdout")
	out, code := run(t, dir, "sh", append([]string{"-c", `"$0" "$@" >` + stdout, name}, args...)...)
	data, err := os.ReadFile(stdout)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return string(data), code
}

// TestFormatSARIF validates the SARIF log against the 2.1.0 schema and
// checks what GitHub code scanning uses: rule help, %SRCROOT%-relative
// URIs, related locations and fixes.
func TestFormatSARIF(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "fixmod")
	out, code := runStdout(t, dir, bin, "-format=sarif", "./...")
	if code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", code, out)
	}
	report, err := sarif.FromBytes([]byte(out), sarif.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Validate(); err != nil {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema: %v", err)
	}
	run := report.Runs[0]
	if len(run.Tool.Driver.Rules) != 1 || run.Tool.Driver.Rules[0].Help == nil || *run.Tool.Driver.Rules[0].Help.Text == "" {
		t.Errorf("want one rule with help text, got %+v", run.Tool.Driver.Rules)
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2", len(run.Results))
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if *loc.ArtifactLocation.URI != "client.go" || *loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || *loc.Region.StartLine != 14 {
		t.Errorf("unexpected location %+v", loc)
	}
	if len(r.RelatedLocations) != 2 || len(r.Fixes) != 1 {
		t.Errorf("want 2 related locations and 1 fix, got %d and %d", len(r.RelatedLocations), len(r.Fixes))
	}
	if base := run.OriginalUriBaseIds["%SRCROOT%"]; base.URI == nil || !strings.HasPrefix(*base.URI, "file:///") {
		t.Errorf("missing %%SRCROOT%% base URI: %+v", run.OriginalUriBaseIds)
	}
}

// TestFormatGitHub checks the workflow commands and their escaping.
func TestFormatGitHub(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "fixmod")
	out, code := runStdout(t, dir, bin, "-format=github", "./...")
	if code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", code, out)
	}
	want := regexp.MustCompile(`^::error file=client\.go,line=(14|26),col=15,endLine=\d+,endColumn=\d+,title=bodyclosecheck::resp\.Body is never closed: leaks at the return on line \d+(%0Aclient\.go:\d+:\d+: resp\.Body is still open at this return)+$`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 annotations, got:\n%s", out)
	}
	for _, l := range lines {
		if !want.MatchString(l) {
			t.Errorf("bad annotation: %s", l)
		}
	}
}
