package driver

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/bodyclosecheck/bodyclosecheck/internal/typecheck"
)

// typed is a package parsed and type-checked from source.
type typed struct {
	fset     *token.FileSet
	files    []*ast.File
	pkg      *types.Package
	info     *types.Info
	imported map[string]*types.Package // every package in its universe, by path
}

// readFiles reads the compiled Go files of p and returns their contents
// and a hash of them, for the cache key.
func readFiles(p *packages.Package) ([][]byte, [32]byte, error) {
	h := sha256.New()
	var srcs [][]byte
	for _, name := range p.CompiledGoFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, [32]byte{}, err
		}
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
		srcs = append(srcs, b)
	}
	return srcs, [32]byte(h.Sum(nil)), nil
}

// importEnv tells typeCheck where the types of dependencies come from.
type importEnv struct {
	shared   *sharedImports
	isSource func(dep *packages.Package) bool
	// sourceTypes returns the types of a source unit, type-checking it
	// first if its results came from the cache.
	sourceTypes func(dep *packages.Package) (*types.Package, error)
	exportFile  func(dep *packages.Package) string
	// visibleIDs returns nil or the IDs of the variants p sees, by path
	// (graph.visibleIDs).
	visibleIDs func(p *packages.Package) map[string]string
}

// typeCheck parses srcs (the compiled Go files of p) and type-checks them.
// Dependencies typed from the go command's export data are read once and
// shared between units; source units' export data is read per unit.
func typeCheck(p *packages.Package, srcs [][]byte, env importEnv) (*typed, error) {
	t, err := parseUnit(p, srcs, env, typecheck.ParseMode)
	if err != nil {
		return nil, err
	}
	imp := func(path string) (*types.Package, error) { return t.importFrom(p, path, env) }
	t.info = typecheck.NewInfo()
	if t.pkg, err = typecheck.Check(p, t.fset, t.files, imp, t.info); err != nil {
		return nil, err
	}
	return t, nil
}

// typeCheckAPI type-checks the API of p (function bodies ignored), for the
// importers of a unit whose results came from the cache.
func typeCheckAPI(p *packages.Package, srcs [][]byte, env importEnv) (*types.Package, error) {
	t, err := parseUnit(p, srcs, env, typecheck.APIParseMode)
	if err != nil {
		return nil, err
	}
	imp := func(path string) (*types.Package, error) { return t.importFrom(p, path, env) }
	return typecheck.CheckAPI(p, t.fset, t.files, imp)
}

// parseUnit parses srcs, the compiled Go files of p, and makes the
// packages they may import visible (typed.preload).
func parseUnit(p *packages.Package, srcs [][]byte, env importEnv, mode parser.Mode) (*typed, error) {
	t := &typed{fset: env.shared.fset, imported: make(map[string]*types.Package)}
	var err error
	if t.files, err = parseFiles(t.fset, p.CompiledGoFiles, srcs, mode); err != nil {
		return nil, err
	}
	return t, t.preload(p, env)
}

// parseFiles parses the named files into fset, from srcs[i] or, when srcs
// is nil, from the file itself.
func parseFiles(fset *token.FileSet, names []string, srcs [][]byte, mode parser.Mode) ([]*ast.File, error) {
	files := make([]*ast.File, len(names))
	for i, name := range names {
		var src any
		if srcs != nil {
			src = srcs[i]
		}
		f, err := parser.ParseFile(fset, name, src, mode)
		if err != nil {
			return nil, err
		}
		files[i] = f
	}
	return files, nil
}

// preload imports p's dependencies that are not source units into the
// shared set, then makes every shared package visible to t, except the
// paths that t sees as source units (test variants).
func (t *typed) preload(p *packages.Package, env importEnv) error {
	for path, dep := range p.Imports { // keyed by the import path as written
		if dep.PkgPath != "unsafe" && !env.isSource(dep) {
			if _, err := t.importFrom(p, path, env); err != nil {
				return err
			}
		}
	}
	visible := env.visibleIDs(p)
	env.shared.snapshot(t.imported, func(path string) bool {
		id, ok := visible[path]
		return ok && id != path // a source variant of the same path
	})
	return nil
}

// importFrom imports path, as seen from p.
func (t *typed) importFrom(p *packages.Package, path string, env importEnv) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	dep, ok := p.Imports[path]
	if !ok {
		return nil, fmt.Errorf("%s: no import %q", p.ID, path)
	}
	if !env.isSource(dep) {
		return env.shared.load(dep, env.exportFile(dep))
	}
	pkg, err := env.sourceTypes(dep) // the very objects its own analysis saw
	if err == nil {
		t.imported[dep.PkgPath] = pkg
	}
	return pkg, err
}

// sharedImports holds the packages typed from the go command's export
// data: read once, under a lock, and shared read-only by every unit.
type sharedImports struct {
	mu   sync.Mutex
	fset *token.FileSet
	pkgs map[string]*types.Package
}

func newSharedImports() *sharedImports {
	return &sharedImports{fset: token.NewFileSet(), pkgs: make(map[string]*types.Package)}
}

// load returns the package of dep, reading file the first time, or, when
// the go command gave no export data for it, type-checking its API from
// source (checkAPI).
func (s *sharedImports) load(dep *packages.Package, file string) (*types.Package, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pkg := s.pkgs[dep.PkgPath]; pkg != nil && pkg.Complete() {
		return pkg, nil
	}
	if file == "" {
		return s.checkAPI(dep)
	}
	r, done, err := openExportFile(dep, file)
	if errors.Is(err, fs.ErrNotExist) {
		return s.checkAPI(dep) // the build cache was trimmed since the list was cached
	}
	if err != nil {
		return nil, err
	}
	defer done()
	return gcexportdata.Read(r, s.fset, s.pkgs, dep.PkgPath)
}

// checkAPI type-checks dep from source with function bodies ignored, as
// gopls does for the packages it needs only the API of. The go command
// gives no export data for a package whose module the main module does
// not require (a test-only dependency of a dependency, listed by "all"):
// it fails as a whole when asked to build one. dep's imports are shared
// already: preloadShared loads packages in dependency order. s.mu is held.
func (s *sharedImports) checkAPI(dep *packages.Package) (*types.Package, error) {
	if s.pkgs[dep.PkgPath] != nil {
		// The export data of another package refers to it, and those
		// objects would not be the ones checked here.
		return nil, fmt.Errorf("no export data for %s", dep.ID)
	}
	fset := token.NewFileSet() // its line tables go with the syntax
	files, err := parseFiles(fset, dep.CompiledGoFiles, nil, typecheck.APIParseMode)
	if err != nil {
		return nil, err
	}
	pkg, err := typecheck.CheckAPI(dep, fset, files, func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if imp, ok := dep.Imports[path]; ok && s.pkgs[imp.PkgPath] != nil && s.pkgs[imp.PkgPath].Complete() {
			return s.pkgs[imp.PkgPath], nil
		}
		return nil, fmt.Errorf("%s: import %q is not loaded", dep.ID, path)
	})
	if err != nil {
		return nil, fmt.Errorf("type-checking %s from source: %w", dep.ID, err)
	}
	return s.reimport(pkg, fset)
}

// reimport replaces pkg, type-checked from source, by the same package
// read back from its export data, as gopls keeps the packages it checks:
// the objects of its declarations without the scopes of every function
// signature, the syntax or the files' line tables (GitHub's CLI on an
// empty build cache: a peak of 204 MiB instead of 335).
// Its imports are shared already, so the objects it refers to are theirs.
// s.mu is held.
func (s *sharedImports) reimport(pkg *types.Package, fset *token.FileSet) (*types.Package, error) {
	var buf bytes.Buffer
	if err := gcexportdata.Write(&buf, fset, pkg); err != nil {
		return nil, fmt.Errorf("writing the export data of %s: %v", pkg.Path(), err)
	}
	return gcexportdata.Read(&buf, s.fset, s.pkgs, pkg.Path())
}

// get returns the shared package of path, or nil.
func (s *sharedImports) get(path string) *types.Package {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pkgs[path]
}

// snapshot copies the shared packages into m, except those skipped.
func (s *sharedImports) snapshot(m map[string]*types.Package, skip func(path string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for path, pkg := range s.pkgs {
		if !skip(path) {
			m[path] = pkg
		}
	}
}

// openExportFile opens a file of export data built by the go command.
func openExportFile(dep *packages.Package, file string) (io.Reader, func(), error) {
	if file == "" {
		return nil, nil, fmt.Errorf("no export data for %s", dep.ID)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("reading export data for %s: %v", dep.ID, err)
	}
	return r, func() { f.Close() }, nil
}
