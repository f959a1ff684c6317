package main_test

import (
	"strings"
	"testing"
)

// TestTags checks that -tags selects files in both drivers and in every
// format: the leak is in a file built only with the tag "leaky".
func TestTags(t *testing.T) {
	slow(t, "build tags through seven combinations of driver and format (about 20 s)")
	bin := buildTool(t)
	dir := writeModule(t, map[string]string{
		"go.mod": goMod,
		"a.go":   "package a\n\nfunc A() int { return 1 }\n",
		"leaky.go": "//go:build leaky\n\npackage a\n\nimport \"net/http\"\n\n" +
			"func Get(u string) int {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n",
	})
	for _, args := range [][]string{
		{"-format=text"}, {"-format=json"}, {"-format=sarif"}, {"-format=github"},
		{"-driver=standard"}, {"-driver=standard", "-json"}, {"-driver=standard", "-test=false"},
	} {
		for _, tc := range []struct {
			tags string
			code int
		}{{"", 0}, {"-tags=leaky", 3}, {"-tags=other,leaky", 3}, {"-tags=other leaky", 3}, {"-tags=other", 0}} {
			argv := append([]string{}, args...)
			if tc.tags != "" {
				argv = append(argv, tc.tags)
			}
			argv = append(argv, "./...")
			out, code := run(t, dir, bin, argv...)
			want := tc.code
			if want == 3 && strings.Contains(strings.Join(args, " "), "-json") {
				want = 0 // the standard driver's -json reports findings as data
			}
			if code != want || (tc.code == 3) != strings.Contains(out, "leaky.go") {
				t.Errorf("%s: exit %d, want %d and leaky.go reported only with the tag:\n%s", strings.Join(argv, " "), code, want, out)
			}
		}
	}
	if out, code := run(t, dir, bin, "-tags", `a"b`, "./..."); code != 1 || !strings.Contains(out, "comma-separated") {
		t.Errorf("-tags 'a\"b': exit %d\n%s", code, out)
	}
}
