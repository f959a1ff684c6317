package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDeterministicPrefix checks that the output depends only on the
// options and that a smaller module is a prefix of a larger one.
func TestDeterministicPrefix(t *testing.T) {
	a, err := newModule(30, 1, 1, true).render()
	if err != nil {
		t.Fatal(err)
	}
	b, err := newModule(30, 1, 1, true).render()
	if err != nil {
		t.Fatal(err)
	}
	small, err := newModule(12, 1, 1, true).render()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("two renderings have %d and %d files", len(a), len(b))
	}
	for name, src := range a {
		if !bytes.Equal(src, b[name]) {
			t.Errorf("%s differs between two renderings", name)
		}
	}
	for name, src := range small {
		if strings.HasPrefix(name, "svc/") && !bytes.Equal(src, a[name]) {
			t.Errorf("%s differs between -n 12 and -n 30", name)
		}
	}
}

// TestBuildsAndVets writes a small module and runs go build and go vet on
// it, and checks that expected.txt counts the leaking functions.
func TestBuildsAndVets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	for _, wrapped := range []bool{true, false} {
		t.Run(fmt.Sprintf("wrapped-checks=%t", wrapped), func(t *testing.T) {
			m := newModule(16, 1, 3, wrapped)
			dir, files := writeModule(t, m)
			for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
				cmd := exec.Command("go", args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
			if got, want := string(files["expected.txt"]), fmt.Sprintf("%d\n", len(m.leaks)); got != want {
				t.Errorf("expected.txt = %q, want %q", got, want)
			}
			// Every listed leak is a function of the generated code.
			for _, l := range m.leaks {
				name := l.fn[strings.LastIndex(l.fn, ".")+1:]
				re := regexp.MustCompile(`func \(c \*Client\) ` + name + `\(`)
				found := false
				for path, src := range files {
					if strings.HasPrefix(path, strings.TrimPrefix(l.pkg, modulePath+"/")+"/") && re.Match(src) {
						found = true
					}
				}
				if !found {
					t.Errorf("leak %s %s not found in the generated code", l.pkg, l.fn)
				}
			}
		})
	}
}

// writeModule renders m into a new temporary directory.
func writeModule(t *testing.T, m *module) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	files, err := m.render()
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, files
}

// TestFindingsAreTheLeaks runs bodyclosecheck on a generated module and
// checks that it reports exactly the functions listed in
// expected-leaks.txt, once each: the benchmark's finding counts are then
// a measure of precision too.
func TestFindingsAreTheLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs bodyclosecheck")
	}
	for _, wrapped := range []bool{true, false} {
		t.Run(fmt.Sprintf("wrapped-checks=%t", wrapped), func(t *testing.T) {
			dir, files := writeModule(t, newModule(24, 1, 1, wrapped))
			var want []string
			for _, line := range strings.Split(strings.TrimSpace(string(files["expected-leaks.txt"])), "\n") {
				f := strings.Split(line, "\t")
				want = append(want, f[0]+" "+f[1])
			}
			got := leakingFuncs(t, dir, runTool(t, dir))
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("findings in functions\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// runTool builds cmd/bodyclosecheck and runs it on dir/..., returning the
// positions of its findings.
func runTool(t *testing.T, dir string) []token.Position {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bodyclosecheck")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/bodyclosecheck").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-format=json", "-cache=off", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("bodyclosecheck: %v (want exit 3)\n%s", err, out)
	}
	var found []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	}
	if err := json.Unmarshal(out, &found); err != nil {
		t.Fatal(err)
	}
	var posns []token.Position
	for _, f := range found {
		posns = append(posns, token.Position{Filename: filepath.Join(dir, f.File), Line: f.Line})
	}
	return posns
}

// leakingFuncs names the function around each position as
// expected-leaks.txt does: "import/path (*Client).Method" or "import/path f".
func leakingFuncs(t *testing.T, dir string, posns []token.Position) []string {
	t.Helper()
	var names []string
	fset := token.NewFileSet()
	for _, p := range posns {
		f, err := parser.ParseFile(fset, p.Filename, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(p.Filename))
		name := "?"
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fset.Position(fd.Pos()).Line > p.Line || fset.Position(fd.End()).Line < p.Line {
				continue
			}
			name = fd.Name.Name
			if fd.Recv != nil {
				name = "(" + types.ExprString(fd.Recv.List[0].Type) + ")." + name
			}
		}
		names = append(names, modulePath+"/"+filepath.ToSlash(rel)+" "+name)
	}
	return names
}
