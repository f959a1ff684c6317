package lsp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/bodyclosecheck/bodyclosecheck/internal/typecheck"
)

// loadMode is what the analyzers need: typed syntax for the packages
// checked and all their dependencies, whose facts are computed from
// syntax.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// errNotTypeChecked is returned (wrapped) when a package does not load or
// type-check: its findings would be unreliable, so none are published.
var errNotTypeChecked = errors.New("package does not type-check")

// loaded is the outcome of loading the package of a directory.
type loaded struct {
	roots   []*packages.Package // the package and its tests, as analyzed
	sources map[string][]byte   // the content of the roots' files, as parsed
	// keep holds the dependencies whose syntax a later edit type-checks
	// again (they import a root); nil if the load is not cached.
	keep map[*packages.Package]bool
	// reparsed tells that the roots' files were parsed again into the
	// file set of a cached load, which would grow by them at every edit.
	reparsed bool
}

// discard removes the files parsed again for the roots from the shared
// file set, once the findings are converted: nothing refers to their
// positions any more (an older analysis of the same package running
// meanwhile has files of its own).
func (ld *loaded) discard() {
	if !ld.reparsed {
		return
	}
	for _, r := range ld.roots {
		for _, f := range r.Syntax {
			if tf := r.Fset.File(f.FileStart); tf != nil {
				r.Fset.RemoveFile(tf)
			}
		}
	}
}

// loadSettings are the go/packages settings the server passes on.
type loadSettings struct {
	buildFlags []string
	env        []string // nil: the server's environment
}

// loadDir loads the package in dir with its test variants and all their
// dependencies, reading open files from overlay (absolute path to
// content). Packages with errors are returned too (see firstErrors); the
// error is for a load that failed as a whole.
func loadDir(ctx context.Context, dir string, overlay map[string][]byte, set loadSettings) (*loaded, error) {
	var mu sync.Mutex
	sources := make(map[string][]byte)
	cfg := &packages.Config{
		Mode:       loadMode,
		Context:    ctx,
		Dir:        dir,
		Env:        set.env,
		BuildFlags: set.buildFlags,
		Tests:      true,
		Overlay:    overlay,
		ParseFile: func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			if filepath.Dir(filename) == dir {
				mu.Lock()
				sources[filename] = src
				mu.Unlock()
			}
			return parser.ParseFile(fset, filename, src, typecheck.ParseMode)
		},
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotTypeChecked, err)
	}
	roots := rootsIn(pkgs, dir)
	if len(roots) == 0 {
		return nil, fmt.Errorf("%w: no Go package in %s", errNotTypeChecked, dir)
	}
	return &loaded{roots: roots, sources: sources}, nil
}

// firstErrors returns an errNotTypeChecked error listing the first errors
// of the packages and their dependencies, or nil if there are none.
func firstErrors(pkgs []*packages.Package) error {
	var msgs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if len(msgs) < 3 && !slices.Contains(msgs, e.Error()) {
				msgs = append(msgs, e.Error())
			}
		}
	})
	if msgs == nil {
		return nil
	}
	return fmt.Errorf("%w: %s", errNotTypeChecked, strings.Join(msgs, "; "))
}

// rootsIn selects the packages to analyze among those loaded for dir: the
// ones with files in dir, where the test variant of a package (which has
// all its files and the in-package tests) replaces the package itself.
func rootsIn(pkgs []*packages.Package, dir string) []*packages.Package {
	variant := make(map[string]bool) // PkgPath of packages with a test variant
	for _, p := range pkgs {
		if p.ID != p.PkgPath && hasFileIn(p, dir) {
			variant[p.PkgPath] = true
		}
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		if hasFileIn(p, dir) && !(p.ID == p.PkgPath && variant[p.PkgPath]) {
			roots = append(roots, p)
		}
	}
	return roots
}

// hasFileIn reports whether p compiles a file of dir (a generated test
// main package does not).
func hasFileIn(p *packages.Package, dir string) bool {
	for _, f := range p.CompiledGoFiles {
		if filepath.Dir(f) == dir {
			return true
		}
	}
	return false
}
