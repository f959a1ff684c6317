package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/bodyclosecheck/bodyclosecheck/internal/fixtures"
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

// sarifLog is the part of a SARIF log that the tests look at.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, FullName, Version string
				Rules                   []struct {
					Help                 struct{ Text string }
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		AutomationDetails  struct{ ID string }
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Results            []struct {
			Level     string
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
					Region struct{ StartLine, StartColumn int }
				}
			}
			RelatedLocations []json.RawMessage
			Fixes            []json.RawMessage
		}
	}
}

// validSARIF validates out against the SARIF 2.1.0 schema (OASIS,
// errata 01, in testdata) and decodes it.
func validSARIF(t *testing.T, out string) sarifLog {
	t.Helper()
	schema, err := filepath.Abs(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewReferenceLoader("file://"+filepath.ToSlash(schema)), gojsonschema.NewStringLoader(out))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Valid() {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema: %v\n%s", res.Errors(), out)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	return log
}

// TestFormatSARIF validates the SARIF log against the 2.1.0 schema and
// checks what GitHub code scanning uses: rule help, the tool's version,
// %SRCROOT%-relative URIs, related locations and fixes, the level that
// -severity sets, and no "unset" sentinels (-1) or empty arrays.
func TestFormatSARIF(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "fixmod")
	out, code := runStdout(t, dir, bin, "-format=sarif", "./...")
	if code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", code, out)
	}
	if strings.Contains(out, "-1") || strings.Contains(out, "[]") {
		t.Errorf("the log has an unset sentinel (-1) or an empty array:\n%s", out)
	}
	run := validSARIF(t, out).Runs[0]
	if len(run.Tool.Driver.Rules) != 1 || run.Tool.Driver.Rules[0].Help.Text == "" {
		t.Errorf("want one rule with help text, got %+v", run.Tool.Driver.Rules)
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2", len(run.Results))
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "client.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine != 14 || loc.Region.StartColumn != 15 {
		t.Errorf("unexpected location %+v", loc)
	}
	if len(r.RelatedLocations) != 2 || len(r.Fixes) != 1 {
		t.Errorf("want 2 related locations and 1 fix, got %d and %d", len(r.RelatedLocations), len(r.Fixes))
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"]; !strings.HasPrefix(base.URI, "file:///") {
		t.Errorf("missing %%SRCROOT%% base URI: %+v", run.OriginalURIBaseIDs)
	}
	d := run.Tool.Driver
	if d.Version == "" || d.FullName == "" || run.AutomationDetails.ID == "" {
		t.Errorf("driver %+v, automation details %+v: want a version, a full name and an id", d, run.AutomationDetails)
	}
	for _, sev := range []string{"warning", "error"} {
		out, _ := runStdout(t, dir, bin, "-format=sarif", "-severity="+sev, "./...")
		r := validSARIF(t, out).Runs[0]
		if r.Results[0].Level != sev || r.Tool.Driver.Rules[0].DefaultConfiguration.Level != sev {
			t.Errorf("-severity=%s: result level %q, rule level %q", sev, r.Results[0].Level, r.Tool.Driver.Rules[0].DefaultConfiguration.Level)
		}
	}
	clean := writeModule(t, map[string]string{"go.mod": goMod, "a.go": "package a\n"})
	out, _ = runStdout(t, clean, bin, "-format=sarif", "./...")
	if r := validSARIF(t, out).Runs[0]; r.Results == nil || len(r.Results) != 0 {
		t.Errorf("no findings: want results [] (the tool ran and found nothing), got %v", r.Results)
	}
}

// TestFormatGitHub checks the workflow commands, their escaping, and the
// command that -severity chooses (warning by default, as in SARIF and
// the language server).
func TestFormatGitHub(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "fixmod")
	out, code := runStdout(t, dir, bin, "-format=github", "./...")
	if code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", code, out)
	}
	if errOut, _ := runStdout(t, dir, bin, "-format=github", "-severity=error", "./..."); errOut != strings.ReplaceAll(out, "::warning ", "::error ") {
		t.Errorf("-severity=error:\n%s\nwant the same with ::error", errOut)
	}
	want := regexp.MustCompile(`^::warning file=client\.go,line=(14|26),col=15,endLine=\d+,endColumn=\d+,title=bodyclosecheck::resp\.Body is never closed: leaks at the return on line \d+(%0Aclient\.go:\d+:\d+: resp\.Body is still open at this return)+$`)
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

// TestSARIFMultitool runs Microsoft's SARIF Multitool ("validate": the
// 2.1.0 schema and its rules) on the log of every fixture family (over a
// hundred findings with related locations and fixes), once with its
// default rules and once with GitHub's ingestion rules too, and requires
// no error and no warning. The Multitool exits 0 even when it reports
// errors, so the test reads the log it writes. BODYCLOSECHECK_SARIF_MULTITOOL
// names its binary (.ci/run installs it from npm); without it, or
// Sarif.Multitool on PATH, the test is skipped.
func TestSARIFMultitool(t *testing.T) {
	tool := os.Getenv("BODYCLOSECHECK_SARIF_MULTITOOL")
	if tool == "" {
		var err error
		if tool, err = exec.LookPath("Sarif.Multitool"); err != nil {
			t.Skip("SARIF Multitool not installed: npm install @microsoft/sarif-multitool-linux, then set BODYCLOSECHECK_SARIF_MULTITOOL to node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
		}
	}
	bin := buildTool(t)
	testdata, err := filepath.Abs(fixtures.Dir(filepath.Join("..", "..")))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"-format=sarif"}, fixtures.All()...)...)
	cmd.Dir = testdata
	cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+testdata, "BODYCLOSECHECK_CACHE=off")
	out, err := cmd.Output()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 3 {
		t.Fatalf("bodyclosecheck -format=sarif: %v", err)
	}
	if n := len(validSARIF(t, string(out)).Runs[0].Results); n < 100 {
		t.Fatalf("%d results, want the fixture families' 100 or more", n)
	}
	in := filepath.Join(t.TempDir(), "bodyclosecheck.sarif")
	if err := os.WriteFile(in, out, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, kinds := range [][]string{nil, {"--rule-kind", "Gh;Sarif"}} {
		log := filepath.Join(t.TempDir(), "validation.sarif")
		args := append([]string{"validate", in, "--output", log}, kinds...)
		cmd := exec.Command(tool, args...)
		cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
		msg, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, msg)
		}
		data, err := os.ReadFile(log)
		if err != nil {
			t.Fatalf("%s wrote no log: %v\n%s", tool, err, msg)
		}
		var v struct {
			Runs []struct {
				Results []struct {
					RuleID, Level string
					Message       struct{ Text string }
				}
			}
		}
		if err := json.Unmarshal(data, &v); err != nil || len(v.Runs) == 0 {
			t.Fatalf("the Multitool's log: %v\n%s", err, data)
		}
		for _, r := range v.Runs[0].Results {
			if r.Level == "" || r.Level == "error" || r.Level == "warning" {
				t.Errorf("rules %v: %s %s: %s", kinds, r.Level, r.RuleID, r.Message.Text)
			}
		}
	}
}
