package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var (
	// drainLeak is the bodyclosecheck finding of drainmod, reported in
	// every mode.
	drainLeak = "client.go:31:15: resp.Body is never closed: leaks at the return on line 35"
	// drainFindings are the bodydraincheck findings of drainmod.
	drainFindings = []string{
		"client.go:13:2: resp.Body is closed unread at the return on line 17, after the status check on line 14: net/http then drops its connection instead of reusing it; drain it before the close, at most a bounded amount: io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))",
		"client.go:26:2: resp.Body is closed unread: net/http then drops its connection instead of reusing it; drain it before the close, at most a bounded amount: io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))",
	}
)

// mainFindings keeps the findings of out (without the related lines).
func mainFindings(out string) []string {
	var got []string
	for _, f := range findings(out) {
		if !strings.Contains(f, ": \t") && !strings.Contains(f, "still open at this return") && !strings.Contains(f, "runs here with") {
			got = append(got, f)
		}
	}
	return got
}

// TestCheckDrain checks that bodydraincheck is off by default and that
// -check-drain turns it on in the command (both drivers) and in go vet,
// with //nolint:bodydraincheck honoured and bodyclosecheck unchanged.
func TestCheckDrain(t *testing.T) {
	bin := buildTool(t)
	dir := extractTxtar(t, filepath.Join("testdata", "drainmod.txtar"))
	with := slices.Sorted(slices.Values(append([]string{drainLeak}, drainFindings...)))
	cases := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"default", []string{bin, "./..."}, 3, []string{drainLeak}},
		{"-check-drain", []string{bin, "-check-drain", "./..."}, 3, with},
		{"-check-drain -driver=standard", []string{bin, "-check-drain", "-driver=standard", "./..."}, 3, with},
		{"go vet", []string{"go", "vet", "-vettool=" + bin, "./..."}, 1, []string{drainLeak}},
		{"go vet -check-drain", []string{"go", "vet", "-vettool=" + bin, "-check-drain", "./..."}, 1, with},
	}
	for _, c := range cases {
		out, code := run(t, dir, c.args[0], c.args[1:]...)
		got := mainFindings(out)
		slices.Sort(got)
		if code != c.code || !slices.Equal(got, c.want) {
			t.Errorf("%s: exit %d, findings:\n%s\nwant exit %d and:\n%s\nfull output:\n%s",
				c.name, code, strings.Join(got, "\n"), c.code, strings.Join(c.want, "\n"), out)
		}
	}
}

// TestCheckDrainFix applies the drain fix with -fix, checks that the
// module builds and that only the finding without a fix is left.
func TestCheckDrainFix(t *testing.T) {
	bin := buildTool(t)
	dir := extractTxtar(t, filepath.Join("testdata", "drainmod.txtar"))
	run(t, dir, bin, "-check-drain", "-fix", "./...") // the leak's fix and the drain fix
	src, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\t\"io\"\n", "_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("after -fix, client.go lacks %q:\n%s", want, src)
		}
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("go build after -fix failed:\n%s", out)
	}
	out, _ := run(t, dir, bin, "-check-drain", "./...")
	if got := mainFindings(out); len(got) != 2 || !strings.Contains(got[0], "resp.Body is closed unread: net/http") {
		t.Errorf("after -fix: findings\n%s\nwant the direct close (no fix) and the leak's remaining close", strings.Join(got, "\n"))
	}
}

// TestCheckDrainSARIF checks that a SARIF log with -check-drain has both
// rules and points each result at its own.
func TestCheckDrainSARIF(t *testing.T) {
	bin := buildTool(t)
	dir := extractTxtar(t, filepath.Join("testdata", "drainmod.txtar"))
	out, code := runStdout(t, dir, bin, "-check-drain", "-format=sarif", "./...")
	if code != 3 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID, Name string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) != 2 || rules[0].ID != "bodyclosecheck" || rules[1].ID != "bodydraincheck" || rules[1].Name != "UndrainedResponseBody" {
		t.Fatalf("rules = %+v, want bodyclosecheck and bodydraincheck", rules)
	}
	count := map[string]int{}
	for _, r := range log.Runs[0].Results {
		count[r.RuleID]++
		if rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result of %s has ruleIndex %d", r.RuleID, r.RuleIndex)
		}
	}
	if count["bodyclosecheck"] != 1 || count["bodydraincheck"] != 2 {
		t.Errorf("results by rule = %v, want 1 and 2", count)
	}
}

// TestLSPCheckDrain checks that the language server reports drain
// findings only with -check-drain, under their own code, and offers the
// drain fix as a quick fix whose result the server then finds clean.
func TestLSPCheckDrain(t *testing.T) {
	bin := buildTool(t)
	for _, drain := range []bool{false, true} {
		dir := extractTxtar(t, filepath.Join("testdata", "drainmod.txtar"))
		args := []string{"-debounce=50ms"}
		if drain {
			args = append(args, "-check-drain")
		}
		c := startLSP(t, bin, dir, args...)
		lspInitialize(t, c, dir)
		path := filepath.Join(dir, "client.go")
		uri := fileURI(path)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": uri, "languageId": "go", "version": 1, "text": string(src)}})
		codes := map[string]int{}
		var first lspDiag
		for _, d := range c.publishFor(uri, 1).Diagnostics {
			codes[d.Code]++
			if d.Code == "bodydraincheck" && codes[d.Code] == 1 {
				first = d
			}
		}
		wantDrain := 0
		if drain {
			wantDrain = 2
		}
		if codes["bodyclosecheck"] != 1 || codes["bodydraincheck"] != wantDrain {
			t.Fatalf("-check-drain=%v: diagnostics by code %v, want 1 bodyclosecheck and %d bodydraincheck", drain, codes, wantDrain)
		}
		if drain {
			var actions []lspAction
			c.request("textDocument/codeAction", map[string]any{
				"textDocument": map[string]any{"uri": uri},
				"range":        first.Range,
				"context":      map[string]any{"diagnostics": []any{first}, "only": []string{"quickfix"}},
			}, &actions)
			if len(actions) != 1 || !strings.HasPrefix(actions[0].Title, "Drain at most 64 KiB of resp.Body") {
				t.Fatalf("code actions = %+v, want the drain fix", actions)
			}
			fixed := applyEdits(t, string(src), actions[0].Edit.Changes[uri])
			c.lspChange(uri, 2, fixed)
			n := 0
			for _, d := range c.publishFor(uri, 2).Diagnostics {
				if d.Code == "bodydraincheck" {
					n++
				}
			}
			if n != 1 {
				t.Errorf("after the quick fix: %d drain diagnostics, want 1 (the direct close)\n%s", n, fixed)
			}
		}
		lspShutdown(t, c, uri)
	}
}
