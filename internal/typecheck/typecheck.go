// Package typecheck is what the batch driver and the language server
// share to parse and type-check a package themselves (instead of asking
// go/packages to): how files are parsed, the type information the
// analyzers need, the language version of a package's module, and the
// type checker's configuration for a go/packages package.
package typecheck

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/packages"
)

// ParseMode is how both parse the Go files they analyse: every syntax
// error, comments (suppressions and generated-file headers are comments),
// and no resolving of identifiers to ast.Objects, as the go command's vet
// and gopls do: nothing uses them, and go/parser gives up resolving them
// in deeply nested code.
const ParseMode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution

// APIParseMode is how they parse the files of a package they need only
// the API of (CheckAPI): without comments.
const APIParseMode = parser.SkipObjectResolution

// Importer is a types.Importer made of a function.
type Importer func(path string) (*types.Package, error)

// Import implements types.Importer.
func (f Importer) Import(path string) (*types.Package, error) { return f(path) }

// NewInfo returns the type information every analyzer may read, as
// go/packages records it for NeedTypesInfo.
func NewInfo() *types.Info {
	return &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
}

// GoVersion is the language version of p's module ("go1.24"), or "" if
// it has none (the standard library, GOPATH mode): the type checker then
// allows the newest.
func GoVersion(p *packages.Package) string {
	if p.Module != nil && p.Module.GoVersion != "" {
		return "go" + p.Module.GoVersion
	}
	return ""
}

// Check type-checks files, the syntax of p in fset, resolving imports
// with imp and recording into info (nil: nothing). It returns the
// package and every type error, joined.
func Check(p *packages.Package, fset *token.FileSet, files []*ast.File, imp Importer, info *types.Info) (*types.Package, error) {
	return check(p, fset, files, imp, info, false)
}

// CheckAPI is Check with function bodies ignored: the package's API, as
// gopls type-checks the packages it needs only the API of.
func CheckAPI(p *packages.Package, fset *token.FileSet, files []*ast.File, imp Importer) (*types.Package, error) {
	return check(p, fset, files, imp, nil, true)
}

func check(p *packages.Package, fset *token.FileSet, files []*ast.File, imp Importer, info *types.Info, apiOnly bool) (*types.Package, error) {
	var errs []error
	cfg := &types.Config{
		Importer:         imp,
		Sizes:            p.TypesSizes,
		GoVersion:        GoVersion(p),
		IgnoreFuncBodies: apiOnly,
		Error:            func(err error) { errs = append(errs, err) },
	}
	pkg, _ := cfg.Check(p.PkgPath, fset, files, info)
	return pkg, errors.Join(errs...)
}
