package driver

import (
	"bytes"
	"encoding/gob"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

var registered sync.Map // reflect.Type -> bool

// registerFacts registers the fact types of a and its prerequisites with
// gob, once per type.
func registerFacts(a *analysis.Analyzer) {
	for _, req := range a.Requires {
		registerFacts(req)
	}
	for _, f := range a.FactTypes {
		if _, loaded := registered.LoadOrStore(reflect.TypeOf(f), true); !loaded {
			gob.Register(f)
		}
	}
}

// encodedFact is a fact in a form that survives the package's types: for
// an object fact, the object's path within its package; a package fact
// has none.
type encodedFact struct {
	Path    string
	Package bool // a fact about the package itself
	Fact    analysis.Fact
}

// factKey identifies a fact of a package by its object (nil for a package
// fact) and type.
type factKey struct {
	obj types.Object
	typ reflect.Type
}

// factSet holds the facts visible to one package: those exported by its
// own analyzers (own), and, by reference, the decoded facts of each source
// dependency, which are shared read-only by all its importers. A unit thus
// costs time in the number of its dependencies, not of their facts.
type factSet struct {
	pkg      *types.Package
	own      map[factKey]analysis.Fact
	deps     map[*types.Package]map[factKey]analysis.Fact // source packages: all their facts
	external External
}

func newFactSet(pkg *types.Package, external External) *factSet {
	return &factSet{
		pkg:      pkg,
		own:      make(map[factKey]analysis.Fact),
		deps:     make(map[*types.Package]map[factKey]analysis.Fact),
		external: external,
	}
}

// encode serialises the facts exported by the package's own analyzers.
func (fs *factSet) encode() ([]byte, error) {
	var list []encodedFact
	for k, f := range fs.own {
		if k.obj == nil {
			list = append(list, encodedFact{Package: true, Fact: f})
			continue
		}
		path, err := objectpath.For(k.obj)
		if err != nil {
			continue // not addressable from outside: no importer can ask
		}
		list = append(list, encodedFact{Path: string(path), Fact: f})
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(list)
	return buf.Bytes(), err
}

// decodeFacts decodes the facts in data about objects of pkg.
func decodeFacts(pkg *types.Package, data []byte) (map[factKey]analysis.Fact, error) {
	var list []encodedFact
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&list); err != nil {
		return nil, err
	}
	m := make(map[factKey]analysis.Fact, len(list))
	for _, ef := range list {
		if ef.Package {
			m[factKey{nil, reflect.TypeOf(ef.Fact)}] = ef.Fact
			continue
		}
		obj, err := objectpath.Object(pkg, objectpath.Path(ef.Path))
		if err != nil {
			continue // the importer's view lacks it
		}
		m[factKey{obj, reflect.TypeOf(ef.Fact)}] = ef.Fact
	}
	return m, nil
}

// add makes visible the facts of source package pkg (not copied: facts
// must stay read-only).
func (fs *factSet) add(pkg *types.Package, facts map[factKey]analysis.Fact) {
	fs.deps[pkg] = facts
}

// export records a fact exported by the package's own analyzers: about
// obj, or about the package if obj is nil.
func (fs *factSet) export(obj types.Object, fact analysis.Fact) {
	fs.own[factKey{obj, reflect.TypeOf(fact)}] = fact
}

// source returns the facts of pkg if it is the current package or a source
// dependency.
func (fs *factSet) source(pkg *types.Package) (map[factKey]analysis.Fact, bool) {
	if pkg == fs.pkg {
		return fs.own, true
	}
	m, ok := fs.deps[pkg]
	return m, ok
}

// sharedFacts decodes once the facts of a unit that is not a test variant,
// whose package is shared by all its importers.
type sharedFacts struct {
	once  sync.Once
	facts map[factKey]analysis.Fact
	err   error
}

func (sf *sharedFacts) get(pkg *types.Package, data []byte) (map[factKey]analysis.Fact, error) {
	sf.once.Do(func() { sf.facts, sf.err = decodeFacts(pkg, data) })
	return sf.facts, sf.err
}

// importObject implements Pass.ImportObjectFact.
func (fs *factSet) importObject(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("nil object")
	}
	if m, ok := fs.source(obj.Pkg()); ok {
		return copyFact(m, factKey{obj, reflect.TypeOf(ptr)}, ptr)
	}
	if fs.external == nil || obj.Pkg() == nil {
		return false
	}
	return fs.external.ImportObjectFact(obj, ptr)
}

// importPackage implements Pass.ImportPackageFact. Packages typed from
// export data have no package facts (External knows objects only).
func (fs *factSet) importPackage(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("nil package")
	}
	m, ok := fs.source(pkg)
	return ok && copyFact(m, factKey{nil, reflect.TypeOf(ptr)}, ptr)
}

// copyFact sets *ptr to the fact of m at k, if there is one.
func copyFact(m map[factKey]analysis.Fact, k factKey, ptr analysis.Fact) bool {
	f, ok := m[k]
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

// universe lists the packages whose facts the package may see: its
// source dependencies, direct or not (as the x/tools checker's facts are
// inherited from every dependency), and imported, the packages its type
// checker saw.
func (fs *factSet) universe(imported map[string]*types.Package) []*types.Package {
	var out []*types.Package
	for pkg := range fs.deps {
		out = append(out, pkg)
	}
	for _, pkg := range imported {
		if _, ok := fs.deps[pkg]; !ok {
			out = append(out, pkg)
		}
	}
	return out
}

// allObjects implements Pass.AllObjectFacts for an analyzer with the given
// fact types; universe is every package the current one can see.
func (fs *factSet) allObjects(factTypes []analysis.Fact, universe []*types.Package) []analysis.ObjectFact {
	var out []analysis.ObjectFact
	ext := fs.each(factTypes, universe, func(_ *types.Package, k factKey, f analysis.Fact) {
		if k.obj != nil {
			out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
		}
	})
	if fs.external != nil {
		out = append(out, fs.external.AllObjectFacts(ext, factTypes)...)
	}
	return out
}

// allPackages implements Pass.AllPackageFacts, as allObjects does
// AllObjectFacts.
func (fs *factSet) allPackages(factTypes []analysis.Fact, universe []*types.Package) []analysis.PackageFact {
	var out []analysis.PackageFact
	fs.each(factTypes, universe, func(p *types.Package, k factKey, f analysis.Fact) {
		if k.obj == nil {
			out = append(out, analysis.PackageFact{Package: p, Fact: f})
		}
	})
	return out
}

// each calls f for every fact of factTypes about the packages of universe
// and the current one, and returns the packages whose facts it does not
// hold (typed from export data).
func (fs *factSet) each(factTypes []analysis.Fact, universe []*types.Package, f func(*types.Package, factKey, analysis.Fact)) (external []*types.Package) {
	want := make(map[reflect.Type]bool)
	for _, ft := range factTypes {
		want[reflect.TypeOf(ft)] = true
	}
	for _, p := range slices.Concat(universe, []*types.Package{fs.pkg}) {
		m, ok := fs.source(p)
		if !ok {
			external = append(external, p)
			continue
		}
		for k, fact := range m {
			if want[k.typ] {
				f(p, k, fact)
			}
		}
	}
	return external
}
