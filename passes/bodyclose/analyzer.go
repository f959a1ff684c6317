package bodyclose

import (
	"flag"
	"fmt"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssabuild"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// Config holds the options of the analyzer. The zero value is the default.
type Config struct {
	// MaxStates bounds the number of (block, state) pairs searched for one
	// response; past it the response is given up on silently. 0 means
	// DefaultMaxStates.
	MaxStates int
	// SkipTests drops findings in _test.go files.
	SkipTests bool
	// ReportHEAD reports responses to HEAD requests too (http.Head,
	// (*http.Client).Head, Do with a request made for "HEAD"). By default
	// they are exempt: net/http's Transport gives them http.NoBody and
	// returns their connection to the pool before the caller sees them.
	ReportHEAD bool
	// FoldExits names every leaking exit in the message and attaches no
	// related information, for front ends such as golangci-lint that turn
	// each related location into an issue of its own.
	FoldExits bool
	// Closers names functions and methods that close or take over every
	// response or closer passed to them, for code the analyzer cannot see,
	// as "import/path.Func" or "import/path.Type.Method".
	Closers []string
}

// DefaultMaxStates is the default search budget per response.
const DefaultMaxStates = 50000

// Analyzer is the bodyclosecheck analyzer with the default configuration.
var Analyzer = NewAnalyzer(Config{})

// NewAnalyzer returns a new bodyclosecheck analyzer for cfg. Its flags are
// bound to its own copy of cfg: analyzers share no state.
func NewAnalyzer(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "bodyclosecheck",
		Doc:      doc,
		URL:      "https://pkg.go.dev/github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose",
		Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer, closefacts.Analyzer, ssabuild.Analyzer},
		Flags:    *flag.NewFlagSet("bodyclosecheck", flag.ExitOnError),
		// ResultType: the package's Stats, for drivers that report them.
		ResultType: reflect.TypeFor[*Stats](),
	}
	a.Flags.IntVar(&cfg.MaxStates, "max-states", cfg.MaxStates,
		"search at most this many path states per response (0: default)")
	a.Flags.BoolVar(&cfg.SkipTests, "skip-tests", cfg.SkipTests,
		"do not report findings in _test.go files")
	a.Flags.BoolVar(&cfg.ReportHEAD, "report-head", cfg.ReportHEAD,
		"also report responses to HEAD requests (net/http gives them an empty body and frees their connection)")
	a.Flags.BoolVar(&cfg.FoldExits, "fold-exits", cfg.FoldExits,
		"name every leaking exit in the message instead of attaching them as related information")
	a.Flags.Var((*namesFlag)(&cfg.Closers), "closers",
		"comma-separated functions that close or take the responses passed to them (import/path.Func, import/path.Type.Method)")
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, &cfg) }
	return a
}

// Stats is the Result of the analyzer on one package.
type Stats struct {
	// Undecided counts the responses of helpers whose need for a Close
	// depends on their arguments (a nil result pointer, an option field)
	// where the call did not show the arguments' values: they were taken
	// as closed, which may miss a leak.
	Undecided int
}

// CountUndecided is the key of Stats.Undecided in Counts.
const CountUndecided = "undecided"

// Counts returns the counts of s by name, for drivers that sum them over
// packages.
func (s *Stats) Counts() map[string]int {
	return map[string]int{CountUndecided: s.Undecided}
}

// pkgCheck is the state of one run on one package.
type pkgCheck struct {
	pass       *analysis.Pass
	cfg        *Config
	closers    map[httpknow.FuncKey]bool
	facts      *closefacts.Summaries // what called functions do with responses (closefacts)
	budget     int
	undecided  int                    // conditional results trusted as closed for want of facts at the call
	litAnswers map[summaryKey]bool    // whether a function literal closes what it captures (memo)
	built      map[*ssa.Function]bool // literals whose responses need no Close (memo)
	report     func(analysis.Diagnostic)
}

func run(pass *analysis.Pass, cfg *Config) (_ any, err error) {
	if !httpknow.ObtainsResponses(pass.TypesInfo) {
		return new(Stats), nil // no SSA for packages that never get a response
	}
	closers, err := parseClosers(cfg.Closers)
	if err != nil {
		return nil, err
	}
	c := &pkgCheck{
		pass:       pass,
		cfg:        cfg,
		closers:    closers,
		facts:      pass.ResultOf[closefacts.Analyzer].(*closefacts.Summaries),
		budget:     cfg.MaxStates,
		litAnswers: make(map[summaryKey]bool),
		built:      make(map[*ssa.Function]bool),
	}
	c.report = c.filtered(pass.Report)
	if c.budget <= 0 {
		c.budget = DefaultMaxStates
	}
	for _, fn := range pass.ResultOf[ssabuild.Analyzer].(*ssabuild.Lazy).Funcs() {
		if err := c.checkFunction(fn); err != nil {
			return nil, err
		}
	}
	return &Stats{Undecided: c.undecided}, nil
}

// checkFunction checks every response obtained in fn. An internal error
// is returned as an error naming the function, never as a crash.
func (c *pkgCheck) checkFunction(fn *ssa.Function) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in bodyclosecheck while checking %s: %v", fn, r)
		}
	}()
	for _, src := range c.sources(fn) {
		c.checkSource(fn, src)
	}
	return nil
}

// checkSource searches the paths from one call for a leak.
func (c *pkgCheck) checkSource(fn *ssa.Function, src source) {
	if src.resp == nil {
		c.reportDiscarded(src)
		return
	}
	p := c.newProblem(src.call, src.roots())
	init := state{}
	for i := range src.roots() {
		init.held = init.held.With(i, true)
	}
	res := flow.Search(fn, src.call, init, p, c.budget)
	switch {
	case len(res.Hits) > 0:
		// A hit is a real path even if the budget ran out before the
		// search was complete; only the fix needs the whole picture.
		c.reportLeak(fn, src, p, res)
	case res.Complete && !p.otherSafe && len(p.kept) > 0:
		c.reportKept(src, p.kept)
	}
}
