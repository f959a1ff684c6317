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
	before, _ := listKey(goEnvNow(t), []string{"./..."}, true, "test")
	t.Setenv("GOAMD64", "v3")
	after, _ := listKey(goEnvNow(t), []string{"./..."}, true, "test")
	if before == "" || before == after {
		t.Errorf("list key %q with GOAMD64=v1, %q with v3: want two different keys", before, after)
	}
}

// TestListKeyFollowsCC checks that the key changes when PATH starts or
// stops finding the C compiler that cgo would run.
func TestListKeyFollowsCC(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"go.mod": "module example.com/k\n\ngo 1.24\n", "k.go": "package k\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	t.Setenv("CGO_ENABLED", "1")
	t.Setenv("CC", "bodyclosecheck-test-cc")
	missing, _ := listKey(goEnvNow(t), []string{"./..."}, true, "test")
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "bodyclosecheck-test-cc"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(filepath.ListSeparator)+os.Getenv("PATH"))
	found, _ := listKey(goEnvNow(t), []string{"./..."}, true, "test")
	if missing == "" || missing == found {
		t.Errorf("list key %q without the C compiler on PATH, %q with it: want two different keys", missing, found)
	}
}

// TestListKeyStable checks that nothing changed gives the same key: the
// go command's configuration includes a temporary directory (GOGCCFLAGS)
// that is new at every call.
func TestListKeyStable(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"go.mod": "module example.com/k\n\ngo 1.24\n", "k.go": "package k\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	first, _ := listKey(goEnvNow(t), []string{"./..."}, true, "test")
	second, _ := listKey(goEnvNow(t), []string{"./..."}, true, "test")
	if first == "" || first != second {
		t.Errorf("list keys %q and %q for the same module: want one key", first, second)
	}
}

// goEnvNow reads the go command's configuration.
func goEnvNow(t *testing.T) goEnvironment {
	env, ok := readGoEnv()
	if !ok {
		t.Fatal("go env -json failed")
	}
	return env
}
