package driver

import (
	"os"
	"path/filepath"
	"testing"
)

// TestListKeyFollowsGoEnv checks that the package-list key changes with
// the go command's configuration beyond GOOS and GOARCH: GOAMD64 selects
// files through build tags such as amd64.v3.
func TestListKeyFollowsGoEnv(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"go.mod": "module example.com/k\n\ngo 1.24\n", "k.go": "package k\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	t.Setenv("GOARCH", "amd64")
	t.Setenv("GOAMD64", "v1")
	before, _ := listKey([]string{"./..."}, true, "test")
	t.Setenv("GOAMD64", "v3")
	after, _ := listKey([]string{"./..."}, true, "test")
	if before == "" || before == after {
		t.Errorf("list key %q with GOAMD64=v1, %q with v3: want two different keys", before, after)
	}
}
