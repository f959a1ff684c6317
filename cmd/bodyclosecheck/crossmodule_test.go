package main_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestDriversAgreeAcrossModules checks that helpers in another module
// (testdata/crossmodule.txtar) are understood by the default driver as by
// the standard one: exactly the one real leak, from both.
func TestDriversAgreeAcrossModules(t *testing.T) {
	bin := buildTool(t)
	dir := extractTxtar(t, filepath.Join("testdata", "crossmodule.txtar"))
	want := []string{"app.go:12:15: resp.Body is not closed on every path: leaks at the return on line 17"}
	for _, driver := range []string{"fast", "standard"} {
		out, code := run(t, filepath.Join(dir, "main"), bin, "-driver="+driver, "./...")
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if _, rest, ok := strings.Cut(line, "/main/"); ok && !strings.Contains(rest, ": \t") {
				got = append(got, rest)
			}
		}
		if code != 3 || !slices.Equal(got, want) {
			t.Errorf("-driver=%s: exit %d, findings:\n%s\nwant:\n%s\nfull output:\n%s",
				driver, code, strings.Join(got, "\n"), strings.Join(want, "\n"), out)
		}
	}
}

// extractTxtar writes the files of the archive into a new temporary
// directory and returns it.
func extractTxtar(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
