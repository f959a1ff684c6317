package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOptions checks how the flags combine.
func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		want     string // the options, as "format standard fix diff json", or the error
		wantArgs string
	}{
		{[]string{"./..."}, "text false false false false", "./..."},
		{[]string{"-format=json", "./..."}, "json false false false false", "./..."},
		{[]string{"--format", "sarif", "-test=false", "p", "q"}, "sarif false false false false", "p q"},
		{[]string{"-driver=standard", "-format=github", "p"}, "github true false false false", "p"},
		{[]string{"-driver=standard", "-driver=fast", "p"}, "text false false false false", "p"},
		{[]string{"-driver=default", "p"}, "text false false false false", "p"},
		{[]string{"-diff", "p"}, "text false true true false", "p"},
		{[]string{"-json", "p"}, "text true false false true", "p"},
		{[]string{"-format=xml", "p"}, `invalid value "xml" for flag -format: want one of text, json, sarif, github`, ""},
		{[]string{"-driver=slow", "p"}, `invalid value "slow" for flag -driver: want standard or default`, ""},
		{[]string{"-json", "-format=json", "p"}, "-json is the go/analysis JSON tree; it does not combine with -format=json (use -format=json)", ""},
		{[]string{"-fix", "-format=sarif", "p"}, "-fix applies the fixes and prints no findings; it does not combine with -format=sarif", ""},
		{[]string{"-format"}, "flag needs an argument: -format", ""},
	} {
		o := newOptions()
		got := ""
		if err := o.parse(tc.args); err != nil {
			got = err.Error()
		} else {
			got = strings.Join([]string{o.format, bstr(o.standard), bstr(o.fix), bstr(o.diff), bstr(o.legacyJSON)}, " ")
		}
		if got != tc.want || (tc.wantArgs != "" && strings.Join(o.fs.Args(), " ") != tc.wantArgs) {
			t.Errorf("parse(%q) = %q, args %q; want %q, %q", tc.args, got, o.fs.Args(), tc.want, tc.wantArgs)
		}
	}
}

func bstr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestTagsInGOFLAGS checks that -tags reaches the go command through
// GOFLAGS, after what GOFLAGS holds, in either spelling of the list.
func TestTagsInGOFLAGS(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	if err := newOptions().parse([]string{"-tags=a b,c", "p"}); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("GOFLAGS"); got != "-mod=mod -tags=a,b,c" {
		t.Errorf("GOFLAGS = %q, want -mod=mod -tags=a,b,c", got)
	}
	if err := newOptions().parse([]string{"-tags", `a"b`, "p"}); err == nil || !strings.Contains(err.Error(), "comma-separated") {
		t.Errorf("-tags a\"b: %v, want an error", err)
	}
}

// TestVetProtocol checks which command lines are go vet's.
func TestVetProtocol(t *testing.T) {
	for args, want := range map[string]bool{
		"-V=full":                   true,
		"-flags":                    true,
		"-max-states=10 /tmp/x.cfg": true,
		"/tmp/vet.cfg":              true,
		"./...":                     false,
		"-fix ./...":                false,
		"":                          false,
		"V ./...":                   false,
	} {
		if got := vetProtocol(strings.Fields(args)); got != want {
			t.Errorf("vetProtocol(%q) = %t, want %t", args, got, want)
		}
	}
}

// TestToolID checks that the cache key depends on the executable and the
// analyzer's flags, and that there is none without the executable.
func TestToolID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no executable to read:", err)
	}
	key := func(args ...string) string {
		o := newOptions()
		if err := o.parse(append(args, "p")); err != nil {
			t.Fatal(err)
		}
		id, err := o.toolID(exe)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if key() != key() || key() == key("-max-states=7") || key() == key("-test=false") {
		t.Error("the key does not follow the analyzer's flags")
	}
	if _, err := newOptions().toolID(filepath.Join(t.TempDir(), "gone")); err == nil {
		t.Error("toolID of a missing executable: no error")
	}
}
