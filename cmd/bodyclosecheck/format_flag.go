package main

import (
	"fmt"
	"os"
	"strings"
)

// Exit codes of the command, in every format.
const (
	exitClean    = 0 // no findings
	exitError    = 1 // usage, load or type errors, or a failed analysis
	exitFindings = 3 // findings were reported
)

// formats lists the values of -format.
var formats = []string{"text", "json", "sarif", "github"}

// splitFormat removes -format=X (or -format X, with one or two dashes)
// from args and returns X ("text" if absent) and the other arguments. The
// flag is handled here because the text format is the standard
// go/analysis driver, whose flags are parsed by singlechecker.
func splitFormat(args []string) (string, []string, error) {
	format, rest, err := splitValue(args, "format")
	if err != nil {
		return "", nil, fmt.Errorf("%v: %s", err, strings.Join(formats, ", "))
	}
	if format == "" {
		format = "text"
	}
	for _, f := range formats {
		if f == format {
			return format, rest, nil
		}
	}
	return "", nil, fmt.Errorf("unknown -format %q: want one of %s", format, strings.Join(formats, ", "))
}

// splitValue removes every -name=X (or -name X, with one or two dashes)
// before the first argument that is not a flag, and returns the last X
// ("" if absent) and the other arguments.
func splitValue(args []string, name string) (string, []string, error) {
	var value string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			rest = append(rest, args[i:]...)
			break
		}
		n, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if n != name {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", nil, fmt.Errorf("flag -%s needs a value", name)
			}
			i++
			v = args[i]
		}
		value = v
	}
	return value, rest, nil
}

// splitTags removes -tags=LIST from args and passes it on to the go
// command through GOFLAGS (after what GOFLAGS holds), so that both
// drivers, and the go list they run, select files by the same build tags.
// x/tools' driver takes -tags as a deprecated flag without effect.
func splitTags(args []string) ([]string, error) {
	tags, rest, err := splitValue(args, "tags")
	if err != nil || tags == "" {
		return rest, err
	}
	if strings.ContainsAny(tags, "'\"\\") {
		return nil, fmt.Errorf("-tags %q: want a comma-separated list", tags)
	}
	tags = strings.Join(strings.Fields(strings.ReplaceAll(tags, ",", " ")), ",") // "a b", the old form, too
	flags := strings.TrimSpace(os.Getenv("GOFLAGS") + " -tags=" + tags)
	return rest, os.Setenv("GOFLAGS", flags)
}

// splitDriver removes -driver=standard (or -driver=fast, the default)
// from args and reports whether the standard go/analysis driver was
// asked for: it loads the whole program from source, as other
// go/analysis commands do.
func splitDriver(args []string) ([]string, bool) {
	var rest []string
	standard := false
	for i, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return append(rest, args[i:]...), standard
		}
		switch strings.TrimLeft(a, "-") {
		case "driver=standard":
			standard = true
		case "driver=fast":
		default:
			rest = append(rest, a)
		}
	}
	return rest, standard
}
