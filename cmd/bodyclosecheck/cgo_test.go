package main_test

import (
	"strings"
	"testing"
)

// TestCgoPackage checks a package that uses cgo: the analyzer sees the
// files the cgo tool generates and reports at the original positions.
func TestCgoPackage(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, map[string]string{
		"go.mod": goMod,
		"c.go": `package c

/*
static int answer(void) { return 42; }
*/
import "C"

import "net/http"

func Answer() int { return int(C.answer()) }

func Get(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode + Answer()
}
`,
	})
	out, code := run(t, dir, bin, "./...")
	if code != 3 || !strings.Contains(out, "c.go:13:15: resp.Body is never closed: leaks at the return on line 17") {
		t.Errorf("exit code %d, output:\n%s", code, out)
	}
}
