package lsp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/bodyclosecheck/bodyclosecheck/internal/typecheck"
)

// errStale means the cached metadata no longer fits the directory's files
// (an import, a build constraint or a package clause changed): a full
// load is needed.
var errStale = errors.New("cached package metadata is stale")

// header is what decides where a file belongs: its package name and build
// constraints.
func header(f *ast.File, src []byte) string {
	var b strings.Builder
	b.WriteString(f.Name.Name)
	end := min(max(int(f.Package)-int(f.FileStart), 0), len(src))
	for _, line := range strings.Split(string(src[:end]), "\n") {
		if strings.HasPrefix(line, "//go:build") || strings.HasPrefix(line, "// +build") {
			b.WriteString("\n" + line)
		}
	}
	return b.String()
}

// parseRoot parses the files of root with the open files' content and
// checks that they still fit its metadata.
func parseRoot(root *packages.Package, headers map[string]string, overlay map[string][]byte, sources map[string][]byte) ([]*ast.File, error) {
	var files []*ast.File
	for _, path := range root.CompiledGoFiles {
		src, ok := overlay[path]
		if !ok {
			var err error
			if src, err = os.ReadFile(path); err != nil {
				return nil, errStale
			}
		}
		sources[path] = src
		f, err := parser.ParseFile(root.Fset, path, src, typecheck.ParseMode)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errNotTypeChecked, err)
		}
		if header(f, src) != headers[path] {
			return nil, errStale
		}
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, "\"`")
			if _, ok := root.Imports[path]; !ok && path != "unsafe" {
				return nil, errStale
			}
		}
		files = append(files, f)
	}
	return files, nil
}

// retypecheck type-checks the new syntax of root against the cached
// dependencies; imports of other roots resolve to their new versions in
// done. It returns a new package: cached ones are never modified.
func retypecheck(root *packages.Package, files []*ast.File, done map[*packages.Package]*packages.Package) (*packages.Package, error) {
	imports := make(map[string]*packages.Package, len(root.Imports))
	for path, dep := range root.Imports {
		if n := done[dep]; n != nil {
			dep = n
		}
		imports[path] = dep
	}
	info := typecheck.NewInfo()
	pkg, err := typecheck.Check(root, root.Fset, files, func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if dep := imports[path]; dep != nil && dep.Types != nil {
			return dep.Types, nil
		}
		return nil, fmt.Errorf("no metadata for %s", path)
	}, info)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotTypeChecked, err)
	}
	n := *root
	n.Syntax, n.Types, n.TypesInfo, n.Imports = files, pkg, info, imports
	n.Errors, n.TypeErrors, n.IllTyped = nil, nil, false
	return &n, nil
}
