package main_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// layers are the layers of ARCHITECTURE.md, bottom first: a package
// imports only packages of the module in layers below its own.
var layers = [][]string{
	{"internal/httpknow", "internal/flow", "internal/cfgpath", "internal/guard", "internal/typecheck", "internal/fixtures", "internal/nolint", "internal/analysisdoc", "internal/ssabuild", "bodyleak"}, // knowledge, engines, test data
	{"passes/closefacts", "internal/ssahttp"},                                                   // facts; SSA helpers that know HTTP
	{"passes/bodyclose", "passes/bodydrain", "passes/closefacts/stdfacts", "bench/floor/floor"}, // analyzers; the facts of the standard library
	{"internal/report"},                 // findings and their formats
	{"internal/driver", "internal/lsp"}, // drivers, generic
	{"cmd/bodyclosecheck", "gclplugin", "passes/closefacts/stdfacts/gen", "bench/floor", "bench/gen", "bench/singlechecker"}, // front doors, tools
}

// TestImportsPointDownwards checks the module's import graph against
// layers, and that every package has a layer.
func TestImportsPointDownwards(t *testing.T) {
	const module = "github.com/bodyclosecheck/bodyclosecheck/"
	layerOf := make(map[string]int)
	for i, l := range layers {
		for _, p := range l {
			layerOf[module+p] = i
		}
	}
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		mine, ok := layerOf[p.ImportPath]
		if !ok {
			t.Errorf("%s has no layer: add it to layers and to ARCHITECTURE.md", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			if theirs, ok := layerOf[imp]; ok && theirs >= mine {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports point downwards only", p.ImportPath, mine, imp, theirs)
			}
		}
	}
}
