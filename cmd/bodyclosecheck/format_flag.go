package main

import (
	"fmt"
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
	format := "text"
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "format" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", nil, fmt.Errorf("flag -format needs a value: %s", strings.Join(formats, ", "))
			}
			i++
			value = args[i]
		}
		format = value
	}
	for _, f := range formats {
		if f == format {
			return format, rest, nil
		}
	}
	return "", nil, fmt.Errorf("unknown -format %q: want one of %s", format, strings.Join(formats, ", "))
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
