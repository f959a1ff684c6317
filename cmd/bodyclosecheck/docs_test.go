package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// docs are the module's Markdown files, relative to its root.
func docs(t *testing.T, root string) []string {
	t.Helper()
	files := []string{"README.md", "ARCHITECTURE.md", "bench/README.md", "bodyleak/README.md"}
	more, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil || len(more) == 0 {
		t.Fatalf("docs/*.md: %v, %d files", err, len(more))
	}
	for _, m := range more {
		rel, _ := filepath.Rel(root, m)
		files = append(files, rel)
	}
	return files
}

// mdLink matches the target of an inline Markdown link; external, a
// target with a scheme (another site).
var (
	mdLink   = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	external = regexp.MustCompile(`^[a-z]+:`)
)

// TestDocLinks checks every relative link of the documentation: the file
// or directory it names exists, and so does the heading its #anchor names
// (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens,
// "-1" and so on for repeated headings). Links inside code blocks and to
// other sites are not followed.
func TestDocLinks(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	anchors := make(map[string]map[string]bool)
	anchorsOf := func(path string) map[string]bool {
		if a, ok := anchors[path]; ok {
			return a
		}
		a := headingAnchors(t, path)
		anchors[path] = a
		return a
	}
	for _, file := range docs(t, root) {
		path := filepath.Join(root, file)
		for i, line := range proseLines(t, path) {
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if external.MatchString(target) {
					continue
				}
				name, anchor, _ := strings.Cut(target, "#")
				dest := path
				if name != "" {
					dest = filepath.Join(filepath.Dir(path), filepath.FromSlash(name))
				}
				if _, err := os.Stat(dest); err != nil {
					t.Errorf("%s:%d: link %s: %v", file, i+1, target, err)
					continue
				}
				if anchor != "" && strings.HasSuffix(dest, ".md") && !anchorsOf(dest)[anchor] {
					t.Errorf("%s:%d: link %s: no heading with that anchor", file, i+1, target)
				}
			}
		}
	}
}

// proseLines returns the lines of a Markdown file with those of fenced
// code blocks blanked, so that line numbers stay right.
func proseLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	fence := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			fence = !fence
			lines[i] = ""
		} else if fence {
			lines[i] = ""
		}
	}
	return lines
}

// headingAnchors returns the anchors GitHub gives the headings of a file.
func headingAnchors(t *testing.T, path string) map[string]bool {
	out := make(map[string]bool)
	count := make(map[string]int)
	for _, l := range proseLines(t, path) {
		text, ok := strings.CutPrefix(strings.TrimLeft(l, "#"), " ")
		if !ok || !strings.HasPrefix(l, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(text)) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
				b.WriteRune(r)
			}
		}
		slug := b.String()
		if n := count[slug]; n > 0 {
			out[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			out[slug] = true
		}
		count[slug]++
	}
	return out
}
