package bodydrain

import (
	"flag"
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/nolint"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssabuild"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// Name is the analyzer's name, also its //nolint name.
const Name = "bodydraincheck"

// Category is the category of its diagnostics.
const Category = "drain"

// Config holds the options of the analyzer. The zero value is the default.
type Config struct {
	// MaxStates bounds the number of (block, state) pairs searched for one
	// response; past it the response is given up on silently. 0 means
	// DefaultMaxStates.
	MaxStates int
	// SkipTests drops findings in _test.go files.
	SkipTests bool
	// FoldExits attaches no related information (the returns a deferred
	// close runs at), for front ends such as golangci-lint that turn each
	// related location into an issue of its own; the message names the
	// first return either way.
	FoldExits bool
}

// DefaultMaxStates is the default search budget per response.
const DefaultMaxStates = 20000

// Analyzer is the bodydraincheck analyzer with the default configuration.
var Analyzer = NewAnalyzer(Config{})

// NewAnalyzer returns a new bodydraincheck analyzer for cfg. Its flags
// are bound to its own copy of cfg.
func NewAnalyzer(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     Name,
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/bodyclosecheck/bodyclosecheck/passes/bodydrain",
		Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, closefacts.Analyzer, ssabuild.Analyzer},
		Flags:    *flag.NewFlagSet(Name, flag.ExitOnError),
	}
	a.Flags.IntVar(&cfg.MaxStates, "max-states", cfg.MaxStates,
		"search at most this many path states per response (0: default)")
	a.Flags.BoolVar(&cfg.SkipTests, "skip-tests", cfg.SkipTests,
		"do not report findings in _test.go files")
	a.Flags.BoolVar(&cfg.FoldExits, "fold-exits", cfg.FoldExits,
		"attach no related information: the message names the first return a deferred close runs at")
	a.Run = func(pass *analysis.Pass) (any, error) { return nil, run(pass, &cfg) }
	return a
}

// pkgCheck is the state of one run on one package.
type pkgCheck struct {
	pass   *analysis.Pass
	facts  *closefacts.Summaries
	budget int
	fold   bool // Config.FoldExits
	report func(analysis.Diagnostic)
}

func run(pass *analysis.Pass, cfg *Config) error {
	if !httpknow.ObtainsResponses(pass.TypesInfo) {
		return nil // no SSA for packages that never get a response
	}
	c := &pkgCheck{
		pass:   pass,
		facts:  pass.ResultOf[closefacts.Analyzer].(*closefacts.Summaries),
		budget: cfg.MaxStates,
		fold:   cfg.FoldExits,
		report: nolint.Filter(pass, Name, cfg.SkipTests, pass.Report),
	}
	if c.budget <= 0 {
		c.budget = DefaultMaxStates
	}
	for _, fn := range pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Funcs() {
		if err := c.checkFunction(fn); err != nil {
			return err
		}
	}
	return nil
}

// checkFunction checks every response obtained in fn. An internal error
// is returned as an error naming the function, never as a crash.
func (c *pkgCheck) checkFunction(fn *ssa.Function) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in %s while checking %s: %v", Name, fn, r)
		}
	}()
	var loops map[*ssa.BasicBlock]bool
	for _, src := range c.sources(fn) {
		if loops == nil {
			loops = flow.InLoop(fn)
		}
		p := c.newProblem(src, loops)
		res := flow.Search(fn, src.call, state{}, p, c.budget)
		c.reportHits(p, res.Hits)
	}
	return nil
}
