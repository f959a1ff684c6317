package driver_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts/stdfacts"
)

// module writes a small module: a helper package whose functions close or
// only read a response, users in another package, a test variant that
// needs export_test.go, and a leak in a test file.
func module(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"helper/helper.go": `package helper

import (
	"io"
	"net/http"
)

func Close(resp *http.Response) { resp.Body.Close() }

func Read(resp *http.Response) []byte { b, _ := io.ReadAll(resp.Body); return b }

type T struct{}

func (T) hidden() int { return 1 }

// Fetch closes the body when it reads it into *into.
func Fetch(u string, into *[]byte) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if into != nil {
		defer resp.Body.Close()
		*into, err = io.ReadAll(resp.Body)
	}
	return resp, err
}
`,
		"helper/export_test.go": "package helper\n\nfunc (t T) Hidden() int { return t.hidden() }\n",
		"helper/helper_test.go": "package helper_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/helper\"\n)\n\nfunc TestHidden(t *testing.T) { _ = helper.T{}.Hidden() }\n",
		"user/user.go": `package user

import (
	"net/http"

	"example.com/m/helper"
)

func Closed(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	helper.Close(resp)
}

func Leaked(u string) []byte {
	resp, err := http.Get(u)
	if err != nil {
		return nil
	}
	return helper.Read(resp)
}

// Unknown cannot tell whether Fetch closes: counted as undecided.
func Unknown(into *[]byte) int {
	resp, err := helper.Fetch("x", into)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
`,
		"user/user_test.go": "package user\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"testing\"\n)\n\nfunc TestLeak(t *testing.T) {\n\tresp, err := http.Get(\"x\")\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\t_ = resp.StatusCode\n}\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs the driver in dir and returns the result and the findings as
// "file:line: message", sorted and without duplicates.
func run(t *testing.T, dir, cache string) (*driver.Result, []string) {
	t.Helper()
	return runDeps(t, dir, cache, driver.DepTypesAuto, "./...")
}

// runDeps is run with the dependencies' types from deps, on patterns.
func runDeps(t *testing.T, dir, cache string, deps driver.DepTypes, patterns ...string) (*driver.Result, []string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	res, err := driver.Run(patterns, driver.Options{
		Analyzer: bodyclose.NewAnalyzer(bodyclose.Config{}),
		Tests:    true,
		CacheDir: cache,
		ToolID:   "test",
		External: stdfacts.NewExternal(),
		DepTypes: deps,
	})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, d := range res.Findings {
		s := filepath.Base(d.Posn.Filename) + ":" + strconv.Itoa(d.Posn.Line) + ": " + d.Message
		if !slices.Contains(found, s) {
			found = append(found, s)
		}
	}
	slices.Sort(found)
	return res, found
}

// TestFactsAcrossPackages checks that facts computed from source flow to
// importers, that test variants type-check, and that standard library
// facts come from the table (log.Fatal never returns).
func TestFactsAcrossPackages(t *testing.T) {
	res, found := run(t, module(t), "")
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	want := []string{
		"user.go:18: resp.Body is never closed: leaks at the return on line 22",
		"user_test.go:10: resp.Body is never closed: leaks at the end of the function on line 15",
	}
	if !slices.Equal(found, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(found, "\n"), strings.Join(want, "\n"))
	}
}

// TestCache checks that an unchanged re-run reads every package from the
// cache and that touching one file re-analyses only its package and its
// importers.
func TestCache(t *testing.T) {
	dir, cache := module(t), t.TempDir()
	first, want := run(t, dir, cache)
	if first.Cached != 0 || first.Analyzed == 0 {
		t.Fatalf("first run: %d analysed, %d cached", first.Analyzed, first.Cached)
	}
	second, found := run(t, dir, cache)
	if second.Analyzed != 0 || second.Cached != first.Analyzed || !slices.Equal(found, want) {
		t.Errorf("unchanged re-run: %d analysed, %d cached, findings %v", second.Analyzed, second.Cached, found)
	}
	// user.Unknown, once although user has a test variant too.
	for i, r := range []*driver.Result{first, second} {
		if got := r.Counts[bodyclose.CountUndecided]; got != 1 {
			t.Errorf("run %d: %d undecided calls, want 1", i+1, got)
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, "user", "user.go"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n// touched\n")
	f.Close()
	third, found := run(t, dir, cache)
	// user and user [user.test] depend on user.go; the generated test
	// main package is never analysed.
	if third.Analyzed != 2 || !slices.Equal(found, want) {
		t.Errorf("after touching user.go: %d analysed (want 2), %d cached, findings %v", third.Analyzed, third.Cached, found)
	}
}

// TestTypeErrors checks that a package that does not type-check is an
// error, not a crash, and that its importers are skipped quietly.
func TestTypeErrors(t *testing.T) {
	dir := module(t)
	os.WriteFile(filepath.Join(dir, "helper", "bad.go"), []byte("package helper\n\nvar X int = \"s\"\n"), 0o644)
	res, _ := run(t, dir, "")
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Error(), "bad.go:3") {
		t.Errorf("want a type error at bad.go:3, got %v", res.Errors)
	}
}

// TestImporterOfSourceUnit checks that a package typed from export data
// never imports a package analysed from source: crypto/hpke is checked
// from source, and the vendored golang.org/x/crypto/chacha20poly1305 that
// it imports itself imports crypto/cipher, also checked from source. Were
// the vendored package typed from export data, it would bring a second
// crypto/cipher, and crypto/hpke would not type-check (two cipher.AEAD).
func TestImporterOfSourceUnit(t *testing.T) {
	res, err := driver.Run([]string{"crypto/cipher", "crypto/hpke"}, driver.Options{
		Analyzer: bodyclose.NewAnalyzer(bodyclose.Config{}),
		External: stdfacts.NewExternal(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if res.Analyzed < 3 {
		t.Errorf("%d packages analysed, want crypto/cipher, crypto/hpke and their vendored importers", res.Analyzed)
	}
}

// TestNoPackages checks that a pattern matching no packages is an error,
// as for go vet, not a silent success.
func TestNoPackages(t *testing.T) {
	dir := module(t)
	if err := os.MkdirAll(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	_, err := driver.Run([]string{"./empty/..."}, driver.Options{Analyzer: bodyclose.NewAnalyzer(bodyclose.Config{}), ToolID: "test"})
	if err == nil || !strings.Contains(err.Error(), "./empty/... matched no packages") {
		t.Errorf("Run(./empty/...) error = %v, want \"matched no packages\"", err)
	}
}

// TestCacheGoVersion checks that lowering the module's go version (the
// type checker's language version) is not answered from the cache: code
// that needs the newer version no longer type-checks.
func TestCacheGoVersion(t *testing.T) {
	dir, cache := module(t), t.TempDir()
	src := "package user\n\nfunc Count() (n int) {\n\tfor range 3 {\n\t\tn++\n\t}\n\treturn n\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "user", "count.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, _ := run(t, dir, cache); len(res.Errors) > 0 {
		t.Fatalf("go 1.26: %v", res.Errors)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ := run(t, dir, cache)
	if len(res.Errors) == 0 || !strings.Contains(fmt.Sprint(res.Errors), "count.go") {
		t.Errorf("after go 1.21 in go.mod: errors %v, want the range over an int in count.go", res.Errors)
	}
}

// TestDepTypesAgree checks that the findings are the same whether the
// dependencies' types come from export data, from source with function
// bodies ignored, or from either as the build cache decides; the roots
// include net/http/httputil, whose dependencies span much of the standard
// library (generics, cgo, assembly).
func TestDepTypesAgree(t *testing.T) {
	dir := module(t)
	var first []string
	for i, deps := range []driver.DepTypes{driver.DepTypesExport, driver.DepTypesSource, driver.DepTypesAuto} {
		res, found := runDeps(t, dir, "", deps, "./...", "net/http/httputil")
		if len(res.Errors) > 0 {
			t.Fatalf("DepTypes %d: errors %v", deps, res.Errors)
		}
		if i == 0 {
			first = found
			if len(found) < 3 {
				t.Fatalf("only %d findings: %v", len(found), found)
			}
		} else if !slices.Equal(found, first) {
			t.Errorf("DepTypes %d: findings\n%s\nwant (from export data)\n%s", deps, strings.Join(found, "\n"), strings.Join(first, "\n"))
		}
	}
}

// TestCacheWithoutBuildCache checks that results cached with one build
// cache serve a run with another, empty one (a CI runner that restores
// the result cache only).
func TestCacheWithoutBuildCache(t *testing.T) {
	dir, cache := module(t), t.TempDir()
	first, want := run(t, dir, cache)
	if first.Analyzed == 0 || len(first.Errors) > 0 {
		t.Fatalf("first run: %d analysed, errors %v", first.Analyzed, first.Errors)
	}
	t.Setenv("GOCACHE", t.TempDir())
	res, found := run(t, dir, cache)
	if res.Analyzed != 0 || res.Cached != first.Analyzed || !slices.Equal(found, want) {
		t.Errorf("with an empty build cache: %d analysed, %d cached (want 0 and %d), findings %v, want %v",
			res.Analyzed, res.Cached, first.Analyzed, found, want)
	}
}
