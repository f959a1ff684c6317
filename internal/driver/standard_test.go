package driver_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/driver"
)

// TestRunStandardErrors checks the standard driver's errors: an analyzer
// that panics is an "internal error" of its package, not a crash; a
// package with several type errors gets one error, which names how many
// more there are, and neither its test variant nor its importer has one
// of its own.
func TestRunStandardErrors(t *testing.T) {
	dir := module(t)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)

	boom := &analysis.Analyzer{Name: "boom", Doc: "boom", Run: func(*analysis.Pass) (any, error) { panic("boom") }}
	res, _, err := driver.RunStandard([]string{"./helper"}, driver.Options{Analyzer: boom})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Error(), "internal error: boom panicked on package example.com/m/helper: boom") {
		t.Errorf("errors %v, want the panic as an internal error", res.Errors)
	}

	bad := "package helper\n\nvar X int = \"s\"\nvar Y int = \"t\"\n"
	if err := os.WriteFile(filepath.Join(dir, "helper", "bad.go"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	quiet := &analysis.Analyzer{Name: "quiet", Doc: "quiet", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	res, _, err = driver.RunStandard([]string{"./..."}, driver.Options{Analyzer: quiet, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "example.com/m/helper: ") ||
		!strings.Contains(res.Errors[0].Error(), "bad.go:3") || !strings.Contains(res.Errors[0].Error(), "(and 1 more errors)") {
		t.Errorf("errors %v, want one error for helper, at bad.go:3, counting the other", res.Errors)
	}
}
