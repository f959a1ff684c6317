package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// proofTest runs functions of the fix fixture against a server that
// answers with a body (403 for the early return, 404 for the loop's
// continue, 200 for the dropped response) under bodyleak.
const proofTest = `package fix

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bodyclosecheck/bodyclosecheck/bodyleak"
)

func server(t *testing.T, code int) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(code)
		w.Write([]byte(strings.Repeat("<html>nope</html>", 200)))
	}))
	t.Cleanup(s.Close) // after bodyleak's check, registered later
	return s
}

func TestEarlyReturn(t *testing.T) {
	s := server(t, http.StatusForbidden)
	c := s.Client()
	bodyleak.Track(t, c)
	fetchItems(c, s.URL)
}

func TestLoop(t *testing.T) {
	s := server(t, http.StatusNotFound)
	bodyleak.TrackDefault(t)
	loopExits([]string{s.URL, s.URL})
}

func TestDiscarded(t *testing.T) {
	s := server(t, http.StatusOK)
	bodyleak.TrackDefault(t)
	ping(s.URL)
}
`

// TestFixesStopLeaks proves the fixes at run time: the fix fixture before
// -fix (fix.go) and after (fix.go.golden) run against real responses with
// bodies; bodyleak fails the early-return, loop and dropped-response
// tests of the first and passes those of the second.
func TestFixesStopLeaks(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fixture := filepath.Join(root, "passes", "bodyclose", "testdata", "src")
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(string(data), `"github.com/stretchr/testify/require"`, `"example.com/proof/require"`)
	}
	write("go.mod", "module example.com/proof\n\ngo 1.26\n\nrequire github.com/bodyclosecheck/bodyclosecheck v0.0.0\n\nreplace github.com/bodyclosecheck/bodyclosecheck => "+root+"\n")
	write("require/require.go", read(filepath.Join(fixture, "github.com", "stretchr", "testify", "require", "require.go")))
	write("before/fix.go", read(filepath.Join(fixture, "fix", "fix.go")))
	write("after/fix.go", read(filepath.Join(fixture, "fix", "fix.go.golden")))
	write("before/proof_test.go", proofTest)
	write("after/proof_test.go", proofTest)

	run := func(pkg string) (string, error) {
		cmd := exec.Command("go", "test", "-count=1", "-mod=mod", pkg)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("./before")
	if err == nil {
		t.Fatalf("the unfixed code passed under bodyleak:\n%s", out)
	}
	t.Logf("unfixed, under bodyleak:\n%s", out)
	for _, name := range []string{"TestEarlyReturn", "TestLoop", "TestDiscarded"} {
		if !strings.Contains(out, "--- FAIL: "+name) || !strings.Contains(out, "never closed") {
			t.Errorf("unfixed %s did not fail with a bodyleak report:\n%s", name, out)
		}
	}
	if out, err := run("./after"); err != nil {
		t.Errorf("the fixed code leaks or fails:\n%s", out)
	}
}
