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
	"os"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
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

// exportSource finds the export data of a dependency: the bytes written
// for a source unit, or the file the go command built.
type exportSource func(dep *packages.Package) (io.Reader, func(), error)

// typeCheck parses srcs (the compiled Go files of p) and type-checks them,
// importing dependencies from their export data.
func typeCheck(p *packages.Package, srcs [][]byte, export exportSource) (*typed, error) {
	t := &typed{fset: token.NewFileSet(), imported: make(map[string]*types.Package)}
	for i, name := range p.CompiledGoFiles {
		f, err := parser.ParseFile(t.fset, name, srcs[i], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		t.files = append(t.files, f)
	}
	var errs []error
	cfg := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) { return t.importFrom(p, path, export) }),
		Sizes:    p.TypesSizes,
		Error:    func(err error) { errs = append(errs, err) },
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		cfg.GoVersion = "go" + p.Module.GoVersion
	}
	t.info = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	t.pkg, _ = cfg.Check(p.PkgPath, t.fset, t.files, t.info)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// importFrom imports path, as seen from p, from its export data.
func (t *typed) importFrom(p *packages.Package, path string, export exportSource) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	dep, ok := p.Imports[path]
	if !ok {
		return nil, fmt.Errorf("%s: no import %q", p.ID, path)
	}
	if pkg := t.imported[dep.PkgPath]; pkg != nil && pkg.Complete() {
		return pkg, nil
	}
	r, done, err := export(dep)
	if err != nil {
		return nil, err
	}
	defer done()
	return gcexportdata.Read(r, t.fset, t.imported, dep.PkgPath)
}

// exportData returns the export data of t's package, for its importers.
func (t *typed) exportData() ([]byte, error) {
	var buf bytes.Buffer
	err := gcexportdata.Write(&buf, t.fset, t.pkg)
	return buf.Bytes(), err
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
