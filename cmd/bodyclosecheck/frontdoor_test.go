package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The tests in this file run the command through the go command's front
// doors: go vet -vettool, go vet -vettool -fix and go fix -fixtool, on
// testdata/vetmod. Its package pool marks Release with
// //bodyclosecheck:closes and Adopt with //bodyclosecheck:takes; the
// facts reach package vetmod through the go command's vet fact files.

// vetmodWant are the findings on testdata/vetmod, related information
// included: Pooled and Legacy are suppressed by //nolint comments,
// Released and Adopted are covered by the directives in package pool;
// Peeked (pool.Peek only reads) and the loop in FirstOK are reported.
var vetmodWant = []string{
	"client.go:15:15: resp.Body is never closed: leaks at the return on line 20",
	"client.go:20:3: resp.Body is still open at this return",
	"client.go:22:2: resp.Body is still open at this return",
	"client.go:27:15: resp.Body is never closed: leaks at the return on line 31",
	"client.go:31:2: resp.Body is still open at this return",
	"client.go:76:15: resp.Body is never closed: leaks at the return on line 80",
	"client.go:80:2: resp.Body is still open at this return",
	"client.go:87:16: resp.Body is not closed on every path: leaks when the call on line 87 runs again in the next loop iteration",
	"client.go:87:24: resp.Body is still open when this call runs again",
	"client.go:96:2: resp.Body is still open at this return",
}

// vetmodLoopClose is how the fixes close the body in FirstOK's loop: at
// the end of the iteration, not with a defer.
const vetmodLoopClose = "\t\t\treturn u\n\t\t}\n\t\tresp.Body.Close()\n\t}\n\treturn \"\"\n"

// vetmodDeferLines are the lines of client.go that hold the deferred
// closes inserted by the fixes (in Status, Fetch and Peeked).
var vetmodDeferLines = []int{19, 32, 82}

// TestVetSuppressionAndDirectives checks that go vet -vettool reports
// what the command reports, with the documented exit codes, honouring
// //nolint and the cross-package directives.
func TestVetSuppressionAndDirectives(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "vetmod")

	out, code := run(t, dir, bin, "./...")
	checkFindings(t, "standalone", out, code, 3, vetmodWant)
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	checkFindings(t, "go vet", out, code, 1, vetmodWant)
}

// TestVetFactsOfDependencies vets the client package alone, so that go
// vet runs the tool on package pool only for its facts (VetxOnly, where
// factsOnly skips the root analysis): the directives there must still
// silence Released and Adopted.
func TestVetFactsOfDependencies(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "vetmod")
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, ".")
	checkFindings(t, "go vet .", out, code, 1, vetmodWant)
}

// TestVetDirectivesMatter removes the directives from package pool and
// checks that go vet then reports Released and Adopted: the directives,
// not something else, silence them.
func TestVetDirectivesMatter(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "vetmod")
	poolFile := filepath.Join(dir, "pool", "pool.go")
	src, err := os.ReadFile(poolFile)
	if err != nil {
		t.Fatal(err)
	}
	stripped := regexp.MustCompile(`(?m)^//bodyclosecheck:\w+\n`).ReplaceAll(src, nil)
	if bytes.Equal(stripped, src) {
		t.Fatal("no //bodyclosecheck: directive found in pool/pool.go")
	}
	if err := os.WriteFile(poolFile, stripped, 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	got := findings(out)
	for _, want := range []string{
		"client.go:56:15: resp.Body is never closed: leaks at the return on line 61",
		"client.go:66:15: resp.Body is never closed: leaks at the return on line 71",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("without directives, go vet (exit %d) does not report %q:\n%s", code, want, out)
		}
	}
}

// TestGoFixAndVetFix applies the fixes with go fix -fixtool, go vet
// -vettool -fix and the command's -fix, and checks that all three give
// the same file, which builds and in which no finding is left (the loop
// in FirstOK is closed at the end of its iteration).
func TestGoFixAndVetFix(t *testing.T) {
	bin := buildTool(t)
	doors := []struct {
		name string
		args []string
	}{
		{"go fix", []string{"go", "fix", "-fixtool=" + bin, "./..."}},
		{"go vet -fix", []string{"go", "vet", "-vettool=" + bin, "-fix", "./..."}},
		{"standalone -fix", []string{bin, "-fix", "./..."}},
	}
	var first []byte
	for _, door := range doors {
		dir := copyModule(t, "vetmod")
		if out, code := run(t, dir, door.args[0], door.args[1:]...); code != 0 {
			t.Errorf("%s: exit code %d, want 0\n%s", door.name, code, out)
		}
		src := checkFixedModule(t, door.name, dir, bin)
		if first == nil {
			first = src
		} else if !bytes.Equal(src, first) {
			t.Errorf("%s fixed client.go differently from %s:\n%s", door.name, doors[0].name, src)
		}
	}
}

// TestGoFixDiff checks go fix -diff: it prints the patch, exits with 1
// and leaves the files alone.
func TestGoFixDiff(t *testing.T) {
	bin := buildTool(t)
	dir := copyModule(t, "vetmod")
	before, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	out, code := run(t, dir, "go", "fix", "-fixtool="+bin, "-diff", "./...")
	if code != 1 {
		t.Errorf("go fix -diff: exit code %d, want 1\n%s", code, out)
	}
	if n := strings.Count(out, "\n+\tdefer resp.Body.Close()\n"); n != len(vetmodDeferLines) {
		t.Errorf("go fix -diff: %d added closes, want %d\n%s", n, len(vetmodDeferLines), out)
	}
	after, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("go fix -diff changed client.go")
	}
}

// checkFixedModule checks a fixed copy of vetmod: the deferred closes
// are where they belong, the module builds, and go vet and the command
// report only the finding that has no fix. It returns client.go.
func checkFixedModule(t *testing.T, door, dir, bin string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	var at []int
	for i, line := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(line) == "defer resp.Body.Close()" {
			at = append(at, i+1)
		}
	}
	if !slices.Equal(at, vetmodDeferLines) {
		t.Errorf("%s: deferred closes on lines %v, want %v\n%s", door, at, vetmodDeferLines, src)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Errorf("%s: go build after the fixes failed:\n%s", door, out)
	}
	if !strings.Contains(string(src), vetmodLoopClose) {
		t.Errorf("%s: FirstOK's loop does not close the body at the end of the iteration:\n%s", door, src)
	}
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	checkFindings(t, door+", then go vet", out, code, 0, nil)
	out, code = run(t, dir, bin, "./...")
	checkFindings(t, door+", then standalone", out, code, 0, nil)
	return src
}

// checkFindings compares the exit code and the findings in out.
func checkFindings(t *testing.T, what, out string, code, wantCode int, want []string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("%s: exit code %d, want %d\n%s", what, code, wantCode, out)
	}
	if got := findings(out); !slices.Equal(got, want) {
		t.Errorf("%s findings:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
