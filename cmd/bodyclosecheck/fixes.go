package main

import (
	"fmt"
	"go/format"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
)

// applyFixes applies the first suggested fix of each finding, as the
// x/tools drivers do: each fix is merged into the edits accepted so far
// (identical edits, as when a file belongs to a package and its test
// variant, coalesce), and a fix that conflicts with them in any file is
// left out as a whole. Files that would change are formatted and
// written, or, with diff, printed to w as a unified diff. Fixes to
// generated files are skipped. The error says how many fixes were left
// out, if any.
func applyFixes(found []report.Finding, diff bool, w io.Writer) error {
	accepted := make(map[string][]udiff.Edit) // by absolute file name
	contents := make(map[string]string)
	total, good, generated := 0, 0, 0
	for _, f := range found {
		if len(f.Fixes) == 0 {
			continue
		}
		total++
		edits, err := fixEdits(f.Fixes[0], contents)
		switch {
		case err != nil:
			fmt.Fprintf(os.Stderr, "bodyclosecheck: skipping the fix of %s: %v\n", f.Posn, err)
			continue
		case touchesGenerated(edits, contents):
			generated++
			continue
		}
		merged, ok := mergeFix(accepted, edits)
		if !ok {
			continue
		}
		maps.Copy(accepted, merged)
		good++
	}
	changed, err := writeFixed(accepted, contents, diff, w)
	if err != nil {
		return err
	}
	if bad := total - good - generated; bad > 0 {
		if diff {
			return fmt.Errorf("%d of %s skipped (they conflict with others)", bad, plural(total, "fix", "fixes"))
		}
		return fmt.Errorf("applied %d of %s; %s updated. (Re-run the command to apply more.)",
			good, plural(total, "fix", "fixes"), plural(changed, "file", "files"))
	}
	return nil
}

// fixEdits returns the edits of fx by file, sorted, reading each file once
// into contents and checking that the edits fit it.
func fixEdits(fx report.Fix, contents map[string]string) (map[string][]udiff.Edit, error) {
	edits := make(map[string][]udiff.Edit)
	for _, e := range fx.Edits {
		name, start, end := e.Posn.Filename, e.Posn.Offset, e.End.Offset
		src, ok := contents[name]
		if !ok {
			b, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			src = string(b)
			contents[name] = src
		}
		if start < 0 || end < start || end > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) outside %s (%d bytes): the file changed since it was analysed", start, end, name, len(src))
		}
		edits[name] = append(edits[name], udiff.Edit{Start: start, End: end, New: e.NewText})
	}
	for _, list := range edits {
		udiff.SortEdits(list)
	}
	return edits, nil
}

// mergeFix merges the edits of one fix into accepted, file by file, and
// returns the merged lists of the files it touches; ok is false if the
// fix conflicts with accepted in some file.
func mergeFix(accepted, edits map[string][]udiff.Edit) (merged map[string][]udiff.Edit, ok bool) {
	merged = make(map[string][]udiff.Edit, len(edits))
	for file, list := range edits {
		m, ok := udiff.Merge(accepted[file], list)
		if !ok {
			return nil, false
		}
		merged[file] = m
	}
	return merged, true
}

// touchesGenerated reports whether edits change a generated file (one
// with the standard "Code generated ... DO NOT EDIT." comment).
func touchesGenerated(edits map[string][]udiff.Edit, contents map[string]string) bool {
	for file := range edits {
		if isGenerated(contents[file]) {
			return true
		}
	}
	return false
}

// isGenerated reports whether src has the comment that marks generated
// Go files, before its package clause.
func isGenerated(src string) bool {
	head, _, _ := strings.Cut(src, "\npackage ")
	for _, line := range strings.Split(head, "\n") {
		if strings.HasPrefix(line, "// Code generated ") && strings.HasSuffix(strings.TrimSpace(line), " DO NOT EDIT.") {
			return true
		}
	}
	return false
}

// writeFixed applies the accepted edits, formats each changed file, and
// writes it or prints its diff; it returns how many files it wrote.
func writeFixed(accepted map[string][]udiff.Edit, contents map[string]string, diff bool, w io.Writer) (int, error) {
	files := make([]string, 0, len(accepted))
	for file := range accepted {
		files = append(files, file)
	}
	slices.Sort(files) // a stable diff
	written := 0
	for _, file := range files {
		old := contents[file]
		fixed, err := udiff.Apply(old, accepted[file])
		if err != nil {
			return written, fmt.Errorf("%s: %v", file, err)
		}
		if formatted, err := format.Source([]byte(fixed)); err == nil {
			fixed = string(formatted)
		}
		if diff {
			if _, err := io.WriteString(w, udiff.Unified(file+" (old)", file+" (new)", old, fixed)); err != nil {
				return written, err
			}
			continue
		}
		info, err := os.Stat(file)
		if err != nil {
			return written, err
		}
		if err := os.WriteFile(file, []byte(fixed), info.Mode().Perm()); err != nil {
			return written, err
		}
		written++
	}
	return written, nil
}

// plural returns "n noun" with the right form.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
