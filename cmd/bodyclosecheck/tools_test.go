package main_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// toolPath is the command, built once by TestMain.
var toolPath, toolErr = "", error(nil)

// TestMain builds the command once for all the tests of the package.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bodyclosecheck-test")
	if err != nil {
		panic(err)
	}
	toolPath = filepath.Join(dir, "bodyclosecheck")
	if out, err := exec.Command("go", "build", "-o", toolPath, ".").CombinedOutput(); err != nil {
		toolErr = fmt.Errorf("go build: %v\n%s", err, out)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildTool returns the command built by TestMain.
// slow skips an integration test under -short (go test -short ./...,
// the quick loop of the README), saying what it would run.
func slow(t *testing.T, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short: skips %s", what)
	}
}

func buildTool(t testing.TB) string {
	t.Helper()
	if toolErr != nil {
		t.Fatal(toolErr)
	}
	return toolPath
}

// copyModule copies testdata/name into a temporary directory.
func copyModule(t *testing.T, name string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("testdata", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// run runs name with args in dir and returns its combined output and exit code.
func run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return buf.String(), 0
	case errors.As(err, &exit):
		return buf.String(), exit.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", -1
}

var findingRE = regexp.MustCompile(`(?m)([\w.]+\.go):(\d+):(\d+): \t?(\S.*)$`)

// findings extracts "file:line:col: message" lines (file base names only),
// sorted.
func findings(out string) []string {
	var list []string
	for _, m := range findingRE.FindAllStringSubmatch(out, -1) {
		list = append(list, filepath.Base(m[1])+":"+m[2]+":"+m[3]+": "+m[4])
	}
	slices.Sort(list)
	return list
}
