package driver_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
)

// TestPanicIsInternalError checks that in both drivers an analyzer that
// panics fails on its package with one error, worded alike, instead of
// ending the process.
func TestPanicIsInternalError(t *testing.T) {
	dir := module(t)
	t.Chdir(dir)

	boom := &analysis.Analyzer{Name: "boom", Doc: "boom", Run: func(*analysis.Pass) (any, error) { panic("boom") }}
	drivers := map[string]func() (*driver.Result, error){
		"Run": func() (*driver.Result, error) {
			return driver.Run([]string{"./helper"}, driver.Options{Analyzer: boom})
		},
		"RunStandard": func() (*driver.Result, error) {
			res, _, err := driver.RunStandard([]string{"./helper"}, driver.Options{Analyzer: boom})
			return res, err
		},
	}
	const want = "example.com/m/helper: internal error: boom panicked on package example.com/m/helper: boom\n"
	for name, run := range drivers {
		res, err := run()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Errors) != 1 || !strings.HasPrefix(res.Errors[0].Error(), want) {
			t.Errorf("%s: errors %q, want one starting %q", name, res.Errors, want)
		}
	}
}

// TestRunStandardErrors checks the standard driver's errors: a package
// with several type errors gets one error, which names how many more
// there are, and neither its test variant nor its importer has one of its
// own.
func TestRunStandardErrors(t *testing.T) {
	dir := module(t)
	t.Chdir(dir)

	bad := "package helper\n\nvar X int = \"s\"\nvar Y int = \"t\"\n"
	if err := os.WriteFile(filepath.Join(dir, "helper", "bad.go"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	quiet := &analysis.Analyzer{Name: "quiet", Doc: "quiet", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	res, _, err := driver.RunStandard([]string{"./..."}, driver.Options{Analyzer: quiet, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "example.com/m/helper: ") ||
		!strings.Contains(res.Errors[0].Error(), "bad.go:3") || !strings.Contains(res.Errors[0].Error(), "(and 1 more errors)") {
		t.Errorf("errors %v, want one error for helper, at bad.go:3, counting the other", res.Errors)
	}
}
