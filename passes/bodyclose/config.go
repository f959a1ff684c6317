package bodyclose

import (
	"fmt"
	"strings"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// namesFlag is a flag.Value for a comma-separated list of names; each use
// of the flag adds to the list.
type namesFlag []string

func (f *namesFlag) String() string {
	if f == nil {
		return ""
	}
	return strings.Join(*f, ",")
}

func (f *namesFlag) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		if _, err := parseFuncName(name); err != nil {
			return err
		}
		*f = append(*f, name)
	}
	return nil
}

// parseClosers turns "import/path.Func" and "import/path.Type.Method"
// names into function keys.
func parseClosers(names []string) (map[httpknow.FuncKey]bool, error) {
	keys := make(map[httpknow.FuncKey]bool, len(names))
	for _, name := range names {
		k, err := parseFuncName(name)
		if err != nil {
			return nil, err
		}
		keys[k] = true
	}
	return keys, nil
}

// parseFuncName parses one name of the -closers flag.
func parseFuncName(name string) (httpknow.FuncKey, error) {
	slash := strings.LastIndex(name, "/")
	rest := name[slash+1:]
	parts := strings.Split(rest, ".")
	prefix := name[:slash+1]
	bad := func() (httpknow.FuncKey, error) {
		return httpknow.FuncKey{}, fmt.Errorf("bodyclosecheck: bad function name %q in -closers: want import/path.Func or import/path.Type.Method", name)
	}
	for _, p := range parts {
		if p == "" || strings.ContainsAny(p, "*() ") {
			return bad()
		}
	}
	switch len(parts) {
	case 2:
		return httpknow.FuncKey{Pkg: prefix + parts[0], Name: parts[1]}, nil
	case 3:
		return httpknow.FuncKey{Pkg: prefix + parts[0], Recv: parts[1], Name: parts[2]}, nil
	}
	return bad()
}
