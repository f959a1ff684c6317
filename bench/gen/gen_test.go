package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
			dir := t.TempDir()
			m := newModule(16, 1, 3, wrapped)
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
