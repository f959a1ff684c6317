package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// TestVetxOnly checks which unit configs ask for facts only.
func TestVetxOnly(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	factsCfg := write("facts.cfg", `{"ID":"p","VetxOnly":true}`)
	fullCfg := write("full.cfg", `{"ID":"p"}`)
	badCfg := write("bad.cfg", `{`)
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{factsCfg}, true},
		{[]string{"-check-drain", factsCfg}, true},
		{[]string{fullCfg}, false},
		{[]string{badCfg}, false},
		{[]string{filepath.Join(dir, "missing.cfg")}, false},
		{[]string{"-flags"}, false},
		{nil, false},
	} {
		if got := vetxOnly(tc.args); got != tc.want {
			t.Errorf("vetxOnly(%q) = %t, want %t", tc.args, got, tc.want)
		}
	}
}

// TestFactsOnly checks that the analyzer go vet runs on a dependency keeps
// its name, flags, prerequisites and result type but not its analysis:
// its Run never looks at the pass (the full analysis would read its type
// information at once).
func TestFactsOnly(t *testing.T) {
	drain := false
	full := withDrain(bodyclose.Analyzer, &drain)
	a := factsOnly(full)
	if a.Name != full.Name || len(a.Requires) != len(full.Requires) || a.Flags.Lookup("max-states") == nil || a.ResultType != full.ResultType {
		t.Errorf("factsOnly changed the analyzer: %+v", a)
	}
	res, err := a.Run(&analysis.Pass{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.(*bodyclose.Stats); !ok {
		t.Errorf("result %T, want *bodyclose.Stats", res)
	}
}
