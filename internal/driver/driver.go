// Package driver runs an analysis.Analyzer over the packages matched by
// patterns the way runners for large repositories do: only the packages of
// the main module (and the packages named on the command line) are parsed
// and type-checked from source, in dependency order and in parallel;
// everything else is typed from the export data that the go command
// builds and caches. Facts flow between source packages, serialised with
// object paths; facts about other packages come from an External provider
// (tables). Results are cached on disk per package, keyed by the contents
// of its files and of everything it depends on, so that an unchanged
// package costs a cache read and a change re-analyses only that package
// and its importers. The syntax, types and SSA of a package are dropped
// once it is done, so memory is bounded by the largest package, not the
// program.
//
// The package knows nothing about HTTP.
package driver

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/guard"
	"github.com/bodyclosecheck/bodyclosecheck/internal/report"

	"fmt"
	"go/types"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// External answers fact queries about objects of packages that are not
// analysed from source.
type External interface {
	// ImportObjectFact is like analysis.Pass.ImportObjectFact.
	ImportObjectFact(obj types.Object, fact analysis.Fact) bool
	// AllObjectFacts returns the facts of the given types about objects of
	// pkgs.
	AllObjectFacts(pkgs []*types.Package, factTypes []analysis.Fact) []analysis.ObjectFact
}

// Options configures Run.
type Options struct {
	Analyzer *analysis.Analyzer
	// Also are further analyzers run on the same packages, each reported
	// under its own name; prerequisites they share with Analyzer run once.
	Also     []*analysis.Analyzer
	Tests    bool     // also analyse test packages
	Jobs     int      // packages analysed at once; 0 means GOMAXPROCS
	CacheDir string   // where results are cached; "" disables the cache
	ToolID   string   // identifies the tool and its configuration in cache keys
	External External // facts about packages typed from export data; may be nil
	// DepTypes says where the types of the packages that are not
	// analysed from source come from.
	DepTypes DepTypes
}

// DepTypes says where the types of dependencies come from.
type DepTypes int

const (
	// DepTypesAuto takes the go command's export data for the packages
	// its build cache holds already, and type-checks the others from
	// source with function bodies ignored: on an empty build cache
	// (a fresh CI runner) compiling every dependency first would cost
	// several times the whole analysis.
	DepTypesAuto   DepTypes = iota
	DepTypesExport          // export data for all, compiling what is missing
	DepTypesSource          // source for all
)

// roots returns Analyzer and Also.
func (o *Options) roots() []*analysis.Analyzer {
	return append([]*analysis.Analyzer{o.Analyzer}, o.Also...)
}

// Result is the outcome of Run.
type Result struct {
	Findings []report.Finding // of the root packages (a file shared by a package and its test variant may appear twice)
	Errors   []error          // load, type and analysis errors
	Analyzed int              // source packages analysed
	Cached   int              // source packages whose results came from the cache
	Counts   map[string]int   // the sums of the root packages' Counter results
}

// testedPackages returns the paths of the packages among roots that have
// a test variant (which holds all of the package's files) among them.
func testedPackages(roots []*packages.Package) map[string]bool {
	tested := make(map[string]bool)
	for _, p := range roots {
		if p.ForTest == p.PkgPath {
			tested[p.PkgPath] = true
		}
	}
	return tested
}

// ownCounts reports whether the counts of root package p are summed: a
// package with a test variant is counted through the variant only.
func ownCounts(tested map[string]bool, p *packages.Package) bool {
	return !tested[p.PkgPath] || p.ForTest != ""
}

// addCounts adds counts to r.Counts.
func (r *Result) addCounts(counts map[string]int) {
	for k, n := range counts {
		if r.Counts == nil {
			r.Counts = make(map[string]int)
		}
		r.Counts[k] += n
	}
}

// Counter is implemented by analyzer results that count events worth
// showing to the user (such as guesses that may hide a finding). The
// driver caches the counts with the diagnostics and sums them over the
// root packages.
type Counter interface {
	Counts() map[string]int
}

// Run analyses the packages matched by patterns.
func Run(patterns []string, opts Options) (*Result, error) {
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.GOMAXPROCS(0)
	}
	for _, a := range opts.roots() {
		registerFacts(a)
	}
	// A panic in an analyzer fails the action on one package, as in the
	// standard driver: guard's copies say which analyzer and package.
	guarded := guard.Analyzers(opts.roots(), nil)
	opts.Analyzer, opts.Also = guarded[0], guarded[1:]
	g, err := load(patterns, &opts)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(g.order, func(u *unit) bool { return u.root }) {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	s := newScheduler(g, &opts)
	s.run()
	res := &Result{Errors: g.errors} // with those of reading export data
	var roots []*packages.Package
	for _, u := range g.order {
		if u.root {
			roots = append(roots, u.pkg)
		}
	}
	tested := testedPackages(roots)
	for _, u := range g.order {
		if u.err != nil && u.err != errDependency && u.err != errListed {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %w", u.pkg.ID, u.err))
		}
		if u.root && u.out != nil {
			res.Findings = append(res.Findings, u.out.Findings...)
			if ownCounts(tested, u.pkg) {
				res.addCounts(u.out.Counts)
			}
		}
		if u.cached {
			res.Cached++
		} else if u.err == nil {
			res.Analyzed++
		}
	}
	return res, nil
}
