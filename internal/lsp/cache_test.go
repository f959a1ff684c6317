package lsp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// cacheModule is a module whose package p has a dependency in the module.
var cacheModule = map[string]string{
	"go.mod":     "module example.com/m\n\ngo 1.26\n",
	"dep/dep.go": "package dep\n\nimport \"io\"\n\nfunc Close(c io.Closer) error { return c.Close() }\n",
	"p/p.go": "package p\n\nimport (\n\t\"strings\"\n\n\t\"example.com/m/dep\"\n)\n\n" +
		"var _ = dep.Close\n\nfunc F() string { return strings.ToUpper(\"x\") }\n",
	"p/extra.go": "//go:build ignore\n\npackage p\n\nfunc Extra() {}\n",
}

// cacheTestFile is an external test of package p: with it, p has two
// roots, one importing the other.
const cacheTestFile = "package p_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/p\"\n)\n\n" +
	"func TestF(t *testing.T) { _ = p.F() }\n"

// cacheTest loads the package p of a module through a cache.
type cacheTest struct {
	t     *testing.T
	c     *depCache
	dir   string            // of package p
	extra map[string][]byte // open files besides p.go
}

func newCacheTest(t *testing.T, mod string) *cacheTest {
	return &cacheTest{t: t, c: newDepCache(loadSettings{}), dir: filepath.Join(mod, "p")}
}

// step loads p with p.go open with content pgo ("": not open) and checks
// whether the cached dependencies were reused.
func (ct *cacheTest) step(pgo string, wantReused bool) (*loaded, error) {
	ct.t.Helper()
	overlay := make(map[string][]byte)
	for k, v := range ct.extra {
		overlay[k] = v
	}
	if pgo != "" {
		overlay[filepath.Join(ct.dir, "p.go")] = []byte(pgo)
	}
	ld, reused, err := ct.c.load(context.Background(), ct.dir, overlay)
	if reused != wantReused {
		ct.t.Fatalf("reused = %v, want %v (err %v)", reused, wantReused, err)
	}
	return ld, err
}

// TestLSPDepCacheReuse checks that an edit of the body of a function
// reuses the dependencies, gives the same types as a full load, links
// the external test package to the new package, and that a type error
// keeps the cache for the next edit.
func TestLSPDepCacheReuse(t *testing.T) {
	mod := writeFiles(t, cacheModule)
	if err := os.WriteFile(filepath.Join(mod, "p", "p_test.go"), []byte(cacheTestFile), 0o644); err != nil {
		t.Fatal(err)
	}
	ct := newCacheTest(t, mod)
	dir := ct.dir
	if _, err := ct.step("", false); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(cacheModule["p/p.go"], `"x"`, `"y" + strings.Repeat("z", 2)`, 1)
	ld, err := ct.step(edited, true)
	if err != nil {
		t.Fatal(err)
	}
	full, err := loadDir(context.Background(), dir, map[string][]byte{filepath.Join(dir, "p.go"): []byte(edited)}, loadSettings{})
	if err != nil {
		t.Fatal(err)
	}
	compareRoots(t, ld.roots, full.roots)
	p, ptest := ld.roots[0], ld.roots[1]
	if ptest.Imports["example.com/m/p"] != p || !strings.Contains(string(ld.sources[filepath.Join(dir, "p.go")]), `"z"`) {
		t.Error("the external test package does not import the new package, or the sources are not the edited ones")
	}

	broken := strings.Replace(edited, "strings.Repeat", "strings.NoSuch", 1)
	if _, err := ct.step(broken, true); !errors.Is(err, errNotTypeChecked) {
		t.Errorf("type error: err = %v, want errNotTypeChecked", err)
	}
	if _, err := ct.step(edited, true); err != nil {
		t.Errorf("after repairing: %v", err)
	}
}

// compareRoots checks that two loads of the same roots have the same
// files, types and amount of type information.
func compareRoots(t *testing.T, got, want []*packages.Package) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d roots, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		gi, wi := g.TypesInfo, w.TypesInfo
		if g.ID != w.ID || g.Types.Path() != w.Types.Path() || len(g.Syntax) != len(w.Syntax) ||
			len(gi.Types) != len(wi.Types) || len(gi.Defs) != len(wi.Defs) || len(gi.Uses) != len(wi.Uses) ||
			len(gi.Selections) != len(wi.Selections) || len(gi.FileVersions) != len(wi.FileVersions) ||
			strings.Join(g.Types.Scope().Names(), ",") != strings.Join(w.Types.Scope().Names(), ",") {
			t.Errorf("root %s differs from a full load (%s)", g.ID, w.ID)
		}
	}
}

// TestLSPDepCacheInvalidation checks the changes that need a full load: a
// new import, a new build constraint, a dependency changed on disk, a
// new file in the directory.
func TestLSPDepCacheInvalidation(t *testing.T) {
	mod := writeFiles(t, cacheModule)
	ct := newCacheTest(t, mod)
	orig := cacheModule["p/p.go"]
	ct.step("", false)
	withUTF8 := strings.Replace(orig, "\t\"strings\"\n", "\t\"strings\"\n\t\"unicode/utf8\"\n", 1) + "\nvar _ = utf8.RuneLen\n"
	if _, err := ct.step(withUTF8, false); err != nil {
		t.Fatalf("new import: %v", err)
	}
	ct.step(withUTF8, true)
	ct.step("//go:build !plan9\n\n"+withUTF8, false)
	ct.step(withUTF8, false) // the constraint is gone again
	ct.step(withUTF8, true)

	depGo := filepath.Join(mod, "dep", "dep.go")
	if err := os.WriteFile(depGo, []byte(cacheModule["dep/dep.go"]+"\nfunc Other() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct.step(withUTF8, false)
	ct.extra = map[string][]byte{depGo: []byte(cacheModule["dep/dep.go"] + "\nfunc Unsaved() {}\n")}
	ct.step(withUTF8, false) // a dependency edited in the editor
	ct.step(withUTF8, true)
	ct.extra = nil
	ct.step(withUTF8, false) // and closed without saving

	ct.extra = map[string][]byte{filepath.Join(ct.dir, "extra.go"): []byte("package p\n\nfunc Extra() {}\n")}
	ld, err := ct.step(withUTF8, false) // a file left out by its build constraint is edited in
	if err != nil || ld.roots[0].Types.Scope().Lookup("Extra") == nil {
		t.Errorf("file no longer left out: %v", err)
	}
	ct.extra = nil

	if err := os.WriteFile(filepath.Join(ct.dir, "q.go"), []byte("package p\n\nfunc Q() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ld, err = ct.step(withUTF8, false)
	if err != nil || ld.roots[0].Types.Scope().Lookup("Q") == nil {
		t.Errorf("new file: %v", err)
	}
	ct.c.invalidate()
	ct.step(withUTF8, false)
}
