package gclplugin_test

import (
	"go/version"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// TestRequirementsNotAboveGolangci checks that no module required by this
// module's go.mod is at a higher version than golangci-lint requires, and
// that the go directive is not newer: building the plugin into
// golangci-lint must not upgrade any of golangci-lint's dependencies.
func TestRequirementsNotAboveGolangci(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	ours := parseGoMod(t, filepath.Join(root, "go.mod"))
	dir, err := golangciSource(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	theirs := parseGoMod(t, filepath.Join(dir, "go.mod"))

	problems, extra := requirementsAbove(ours, theirs)
	for _, p := range problems {
		t.Error(p)
	}
	for _, m := range extra {
		t.Logf("%s is not required by golangci-lint %s: it adds to its build", m, golangciVersion)
	}
	if version.Compare("go"+ours.Go.Version, "go"+theirs.Go.Version) > 0 {
		t.Errorf("go directive %s is newer than golangci-lint %s's go %s", ours.Go.Version, golangciVersion, theirs.Go.Version)
	}
}

// TestBuildListNotAboveGolangci checks every module of this module's
// build list ("go list -m all"), not only its go.mod: a dependency whose
// go.mod predates module graph pruning brings its whole requirement graph
// into golangci-lint's build.
func TestBuildListNotAboveGolangci(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skips downloading golangci-lint's source to compare build lists")
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := golangciSource(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	theirs := parseGoMod(t, filepath.Join(dir, "go.mod"))
	out, err := goCommand(root, "go", "list", "-m", "-f", "{{if not .Main}}{{.Path}} {{.Version}}{{end}}", "all")
	if err != nil {
		t.Fatal(err)
	}
	list := &modfile.File{}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) == 2 {
			list.Require = append(list.Require, &modfile.Require{Mod: module.Version{Path: f[0], Version: f[1]}})
		}
	}
	if len(list.Require) == 0 {
		t.Fatalf("go list -m all listed no module:\n%s", out)
	}
	problems, _ := requirementsAbove(list, theirs)
	for _, p := range problems {
		t.Error("build list: " + p)
	}
}

// TestRequirementsAbove checks the comparison on made-up go.mod files.
func TestRequirementsAbove(t *testing.T) {
	ours := parseGoModText(t, "module a\n\ngo 1.26\n\nrequire (\n\tx.org/low v1.2.0\n\tx.org/high v1.10.0 // indirect\n\tx.org/new v0.1.0\n)\n")
	theirs := parseGoModText(t, "module b\n\ngo 1.26\n\nrequire (\n\tx.org/low v1.3.0\n\tx.org/high v1.9.0\n)\n")
	problems, extra := requirementsAbove(ours, theirs)
	if want := []string{"x.org/high v1.10.0 is above golangci-lint " + golangciVersion + "'s v1.9.0"}; !slices.Equal(problems, want) {
		t.Errorf("problems = %q, want %q", problems, want)
	}
	if want := []string{"x.org/new v0.1.0"}; !slices.Equal(extra, want) {
		t.Errorf("extra = %q, want %q", extra, want)
	}
}

// requirementsAbove lists the requirements of ours that are higher than
// the same module's requirement in theirs, and those theirs does not
// require at all (they add to golangci-lint's build but upgrade nothing).
func requirementsAbove(ours, theirs *modfile.File) (problems, extra []string) {
	have := make(map[string]string)
	for _, r := range theirs.Require {
		have[r.Mod.Path] = r.Mod.Version
	}
	for _, r := range ours.Require {
		v, ok := have[r.Mod.Path]
		switch {
		case !ok:
			extra = append(extra, r.Mod.Path+" "+r.Mod.Version)
		case semver.Compare(r.Mod.Version, v) > 0:
			problems = append(problems, r.Mod.Path+" "+r.Mod.Version+" is above golangci-lint "+golangciVersion+"'s "+v)
		}
	}
	return problems, extra
}

// parseGoMod parses the go.mod file at path.
func parseGoMod(t *testing.T, path string) *modfile.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(path, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Go == nil {
		t.Fatalf("%s has no go directive", path)
	}
	return f
}

// parseGoModText parses go.mod text.
func parseGoModText(t *testing.T, text string) *modfile.File {
	t.Helper()
	f, err := modfile.Parse("go.mod", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
