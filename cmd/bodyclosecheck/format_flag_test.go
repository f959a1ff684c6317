package main

import (
	"slices"
	"testing"
)

func TestSplitFormat(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		format string
		rest   []string
	}{
		{[]string{"./..."}, "text", []string{"./..."}},
		{[]string{"-format=json", "./..."}, "json", []string{"./..."}},
		{[]string{"--format", "sarif", "-test=false", "./..."}, "sarif", []string{"-test=false", "./..."}},
		{[]string{"-format=github", "--", "-format=x"}, "github", []string{"--", "-format=x"}},
		{[]string{"-fix", "-format=text", "p"}, "text", []string{"-fix", "p"}},
	} {
		format, rest, err := splitFormat(tc.args)
		if err != nil || format != tc.format || !slices.Equal(rest, tc.rest) {
			t.Errorf("splitFormat(%q) = %q, %q, %v; want %q, %q", tc.args, format, rest, err, tc.format, tc.rest)
		}
	}
	for _, bad := range [][]string{{"-format=xml", "p"}, {"-format"}} {
		if _, _, err := splitFormat(bad); err == nil {
			t.Errorf("splitFormat(%q): no error", bad)
		}
	}
}

func TestSplitDriver(t *testing.T) {
	rest, standard := splitDriver([]string{"-driver=standard", "-test=false", "./...", "-driver=fast"})
	if !standard || !slices.Equal(rest, []string{"-test=false", "./...", "-driver=fast"}) {
		t.Errorf("got %q, %t", rest, standard)
	}
	if _, standard := splitDriver([]string{"--driver=fast", "p"}); standard {
		t.Error("-driver=fast selected the standard driver")
	}
}
