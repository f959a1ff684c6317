package gclplugin_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// golangciVersion is the golangci-lint release the plugin is built into.
const golangciVersion = "v2.15.0"

// golangciModule is the module path of golangci-lint.
const golangciModule = "github.com/golangci/golangci-lint/v2"

// selfModule is the module path of this repository.
const selfModule = "github.com/bodyclosecheck/bodyclosecheck"

// customGolangci builds (once per test binary, and once per content hash
// across runs) a golangci-lint that contains the plugin, and returns the
// path of the binary.
var customGolangci = sync.OnceValues(func() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	hash, err := buildHash(root)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(cache, "bodyclosecheck", "golangci-lint-"+hash)
	if _, err := os.Stat(bin); err == nil {
		now := time.Now()
		os.Chtimes(bin, now, now) // marks it used, for pruneCache
		return bin, nil
	}
	start := time.Now()
	if err := buildGolangci(root, bin); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "built custom golangci-lint %s in %v: %s\n", golangciVersion, time.Since(start).Round(time.Second), bin)
	pruneCache(bin)
	return bin, nil
})

// pruneCache removes the binaries built for other contents of the module
// that have not been used for ten minutes (longer than a test run): each
// is some 50 MB.
func pruneCache(keep string) {
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(keep), "golangci-lint-*"))
	for _, f := range old {
		info, err := os.Stat(f)
		if f != keep && err == nil && time.Since(info.ModTime()) > 10*time.Minute {
			os.Remove(f)
		}
	}
}

// golangci returns the custom golangci-lint binary or fails the test.
func golangci(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skips building golangci-lint with the plugin (minutes on a fresh machine)")
	}
	start := time.Now()
	bin, err := customGolangci()
	if err != nil {
		t.Fatalf("building custom golangci-lint: %v", err)
	}
	t.Logf("custom golangci-lint ready in %v: %s", time.Since(start).Round(time.Millisecond), bin)
	return bin
}

// moduleRoot returns the directory of this module: the parent of the
// test's working directory, checked by its go.mod.
func moduleRoot() (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	if !bytes.Contains(data, []byte("module "+selfModule+"\n")) {
		return "", fmt.Errorf("%s/go.mod is not the go.mod of %s", root, selfModule)
	}
	return root, nil
}

// buildHash hashes what the custom binary depends on: the golangci-lint
// version, the Go toolchain, go.mod, go.sum and every non-test .go file
// of the module outside testdata.
func buildHash(root string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s %s/%s\n", golangciVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
				fileExists(filepath.Join(path, "go.mod"))) {
				return filepath.SkipDir // not part of the module's packages
			}
			return nil
		}
		if (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) ||
			path == filepath.Join(root, "go.mod") || path == filepath.Join(root, "go.sum") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, f)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// buildGolangci builds golangci-lint with the plugin into bin the way
// "golangci-lint custom" does, but from the module cache instead of a
// git clone: copy the source, add the plugin import, replace the plugin
// module by root, tidy and build.
func buildGolangci(root, bin string) error {
	work, err := os.MkdirTemp("", "bodyclosecheck-gcl-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	srcDir, err := golangciSource(work)
	if err != nil {
		return err
	}
	repo := filepath.Join(work, "golangci-lint")
	if err := os.CopyFS(repo, os.DirFS(srcDir)); err != nil {
		return fmt.Errorf("copying %s: %w", srcDir, err)
	}
	plugins := "package main\n\nimport _ \"" + selfModule + "/gclplugin\"\n"
	if err := os.WriteFile(filepath.Join(repo, "cmd", "golangci-lint", "plugins.go"), []byte(plugins), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	tmp := bin + fmt.Sprintf(".tmp%d", os.Getpid())
	steps := [][]string{
		{"go", "mod", "edit", "-replace", selfModule + "=" + root},
		{"go", "mod", "edit", "-require", selfModule + "@v0.0.0"},
		{"go", "mod", "tidy"},
		{"go", "build", "-trimpath", "-o", tmp, "-ldflags", "-s -w -X main.version=" + strings.TrimPrefix(golangciVersion, "v") +
			"-custom-gcl-bodyclosecheck -X main.date=" + time.Now().UTC().Format(time.RFC3339), "./cmd/golangci-lint"},
	}
	for _, args := range steps {
		if _, err := goCommand(repo, args...); err != nil {
			return err
		}
	}
	return os.Rename(tmp, bin)
}

// golangciSource returns the directory of golangci-lint's source in the
// module cache, downloading it through the module proxy if needed.
func golangciSource(work string) (string, error) {
	out, err := goCommand(work, "go", "mod", "download", "-json", golangciModule+"@"+golangciVersion)
	if err != nil {
		return "", err
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", fmt.Errorf("go mod download -json: %v\n%s", err, out)
	}
	if mod.Error != "" || mod.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", golangciModule, golangciVersion, mod.Error)
	}
	return mod.Dir, nil
}

// goCommand runs a go command in dir outside any workspace and returns
// its standard output; the error includes the standard error.
func goCommand(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s (in %s): %v\n%s", strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return out, nil
}

// fileExists reports whether name exists.
func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
