package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deepFile is a file of 3000 nested closures around a leak: go/parser
// gives up resolving its identifiers ("exceeded max scope depth"), which
// the drivers must not ask it to do.
func deepFile() string {
	const n = 3000
	return "package fixmod\n\nimport \"net/http\"\n\nfunc Deep(u string) {\n" +
		strings.Repeat("func() {\n", n) +
		"resp, err := http.Get(u)\nif err != nil {\nreturn\n}\n_ = resp.StatusCode\n" +
		strings.Repeat("}()\n", n) + "}\n"
}

// TestOutputsOfBothDrivers checks that each output (-format=text with
// and without -c, json, sarif, github; -diff; -fix) is the same whichever
// driver computed the findings, that the fixes of -fix compile and leave
// nothing to report, and that a file too deeply nested for go/parser's
// object resolution is analysed by both.
func TestOutputsOfBothDrivers(t *testing.T) {
	slow(t, "every output of both drivers on a module with a 3000-closure file (about 25 s)")
	bin := buildTool(t)
	dir := copyModule(t, "fixmod")
	if err := os.WriteFile(filepath.Join(dir, "deep.go"), []byte(deepFile()), 0o644); err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-format=text"}, {"-c=1"}, {"-format=json"}, {"-format=sarif"}, {"-format=github"}, {"-diff"},
	} {
		var outs [2]string
		for i, drv := range []string{"-driver=default", "-driver=standard"} {
			argv := append([]string{drv, "-cache=off"}, append(args, "./...")...)
			out, code := run(t, dir, bin, argv...)
			want := 3
			if args[0] == "-diff" {
				want = 0
			}
			if code != want || strings.Contains(out, "scope depth") || !strings.Contains(out, "deep.go") {
				t.Errorf("%s: exit %d, want %d and a finding in deep.go:\n%s", strings.Join(argv, " "), code, want, out)
			}
			outs[i] = out
		}
		if outs[0] != outs[1] {
			t.Errorf("%s: the drivers differ:\ndefault:\n%s\nstandard:\n%s", args[0], outs[0], outs[1])
		}
		if now, _ := os.ReadFile(filepath.Join(dir, "client.go")); string(now) != string(orig) {
			t.Fatalf("%s changed client.go", args[0])
		}
		switch args[0] {
		case "-c=1":
			if !strings.Contains(outs[0], "\n14\t\tresp, err := c.Get(u)\n") {
				t.Errorf("-c=1 does not show the line of the call with its number:\n%s", outs[0])
			}
		case "-diff":
			if !strings.Contains(outs[0], "+++ "+filepath.Join(dir, "client.go")+" (new)") || !strings.Contains(outs[0], "+\tdefer resp.Body.Close()") {
				t.Errorf("-diff does not show the fix of client.go:\n%s", outs[0])
			}
		}
	}
	for _, drv := range []string{"-driver=default", "-driver=standard"} {
		fixed := copyModule(t, "fixmod")
		if out, code := run(t, fixed, bin, drv, "-fix", "./..."); code != 0 || out != "" {
			t.Errorf("%s -fix: exit %d, want 0 and no output:\n%s", drv, code, out)
		}
		if out, code := run(t, fixed, "go", "build", "./..."); code != 0 {
			t.Errorf("%s -fix: the fixed module does not build:\n%s", drv, out)
		}
		if out, code := run(t, fixed, bin, drv, "-cache=off", "./..."); code != 0 {
			t.Errorf("%s -fix left findings (exit %d):\n%s", drv, code, out)
		}
	}
}
