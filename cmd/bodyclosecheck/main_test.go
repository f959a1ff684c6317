package main_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var want = []string{
	"client.go:14:15: resp.Body is never closed: leaks at the return on line 19",
	"client.go:19:3: resp.Body is still open at this return",
	"client.go:21:2: resp.Body is still open at this return",
	"client.go:26:15: resp.Body is never closed: leaks at the return on line 30",
	"client.go:30:2: resp.Body is still open at this return",
}

// TestStandaloneAndVet checks that the command and go vet -vettool report
// the same findings, with the documented exit codes.
func TestStandaloneAndVet(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "fixmod")

	out, code := run(t, dir, bin, "./...")
	if code != 3 {
		t.Errorf("standalone exit code = %d, want 3\n%s", code, out)
	}
	if got := findings(out); !slices.Equal(got, want) {
		t.Errorf("standalone findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code != 1 {
		t.Errorf("go vet exit code = %d, want 1\n%s", code, out)
	}
	if got := findings(out); !slices.Equal(got, want) {
		t.Errorf("go vet findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFixCompiles applies -fix to the fixture module, then checks that it
// builds and that the linter reports nothing there any more.
func TestFixCompiles(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "fixmod")

	if out, code := run(t, dir, bin, "-fix", "./..."); code != 0 {
		t.Fatalf("-fix exit code = %d\n%s", code, out)
	}
	src, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "defer resp.Body.Close()"); n != 3 {
		t.Errorf("after -fix: %d deferred closes, want 3\n%s", n, src)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("go build after -fix failed:\n%s", out)
	}
	if out, code := run(t, dir, bin, "./..."); code != 0 || out != "" {
		t.Errorf("after -fix: exit code %d, output:\n%s", code, out)
	}
}

// TestBadPackage checks that a package that does not type-check gets a
// clear error and exit code 1, not a crash.
func TestBadPackage(t *testing.T) {
	bin := buildTool(t)
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/bad\n\ngo 1.26\n",
		"bad.go": "package bad\n\nimport \"net/http\"\n\nfunc F() { resp, _ := http.Get(1) }\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, code := run(t, dir, bin, "./...")
	if code != 1 {
		t.Errorf("exit code = %d, want 1\n%s", code, out)
	}
	if !strings.Contains(out, "bad.go:5") || strings.Contains(out, "panic") {
		t.Errorf("want a type error at bad.go:5 and no panic, got:\n%s", out)
	}
}
